"""SQS `payments` queue → charge each order once.

Handler: `payments.handlers.handle_payment_requests.lambda_handler`.

Records are processed one by one; a record that fails (bad message, provider throttled or down, …) is reported
in `batchItemFailures` so SQS redelivers only it (the mapping has `ReportBatchItemFailures`).
"""

from __future__ import annotations

import logging
from typing import Any, cast

from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.batch.types import PartialItemFailureResponse
from aws_lambda_powertools.utilities.typing import LambdaContext
from order_common.observability import logger, metrics, tracer

from payments.logic.charge_payment import charge_payment, config
from payments.models.input import PaymentRequestRecord

# A batch whose records all fail is answered like any other (all ids in batchItemFailures), not by raising;
# each failed record is logged as a warning with its exception (the Powertools Logger has logging's API).
processor = BatchProcessor(
    event_type=EventType.SQS,
    model=PaymentRequestRecord,
    raise_on_entire_batch_failure=False,
    logger=cast(logging.Logger, logger),
)


@tracer.capture_method
def record_handler(record: PaymentRequestRecord) -> None:
    with logger.append_context_keys(orderId=record.body.order_id, messageId=record.messageId):
        outcome = charge_payment(request=record.body)
        logger.info("Payment request handled", extra={"outcome": outcome.outcome.value})


@logger.inject_lambda_context
@metrics.log_metrics
@tracer.capture_lambda_handler
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> PartialItemFailureResponse:
    config.register_lambda_context(context)
    return process_partial_response(
        event=event,
        record_handler=record_handler,
        processor=processor,
        context=context,
    )
