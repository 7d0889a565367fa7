"""One Logger, Tracer and Metrics per service, built the same way everywhere.

Handlers use the decorators::

    from order_common.observability import logger, metrics, tracer

    @logger.inject_lambda_context
    @metrics.log_metrics
    @tracer.capture_lambda_handler
    def lambda_handler(event, context): ...

The service name and metric namespace come from POWERTOOLS_SERVICE_NAME / POWERTOOLS_METRICS_NAMESPACE,
which Terraform sets per function.
"""

from aws_lambda_powertools import Logger, Metrics, Tracer

logger = Logger()
tracer = Tracer()
metrics = Metrics()
