"""EventBridge Pipes enrichment: DynamoDB stream records in, change events out (one per record, in order).

Handler: `cdc.handlers.enrich_stream_records.lambda_handler`. Contract: services/cdc/README.md.
"""

from typing import Any

from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.typing import LambdaContext
from order_common.observability import logger, metrics, tracer

from cdc.logic.enrich import EnrichmentError, enrich_stream_records
from cdc.models.output import ChangeEvent


@logger.inject_lambda_context
@metrics.log_metrics
# capture_response=False: the response holds whole items (customer data, up to 6 MB); keep it out of X-Ray.
@tracer.capture_lambda_handler(capture_response=False)
def lambda_handler(event: Any, context: LambdaContext) -> list[ChangeEvent]:
    try:
        change_events = enrich_stream_records(event, function_name=context.function_name)
    except EnrichmentError:
        # Failing the invocation fails the batch: the pipe retries it, then hands it to its dead-letter queue.
        metrics.add_metric(name="EnrichmentFailures", unit=MetricUnit.Count, value=1)
        logger.exception("Stream batch cannot be enriched; failing it so the pipe retries it")
        raise
    metrics.add_metric(name="EnrichedRecords", unit=MetricUnit.Count, value=len(change_events))
    return change_events
