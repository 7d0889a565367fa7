"""The payments queue's message contract.

The order-processing Step Functions workflow sends, once stock is reserved, an SQS message whose body is::

    {"orderId": "o-123", "customerId": "c-9", "items": [{"sku": "SKU-1", "quantity": 2}]}

Unknown fields are ignored (producers may add some); missing or mistyped ones make the record fail on its own.
"""

from __future__ import annotations

from aws_lambda_powertools.utilities.parser.models import SqsRecordModel
from pydantic import BaseModel, ConfigDict, Field, Json, StrictInt
from pydantic.alias_generators import to_camel


class _Contract(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, serialize_by_alias=True, frozen=True, extra="ignore")


class OrderLine(_Contract):
    sku: str = Field(min_length=1)
    quantity: StrictInt = Field(ge=1)


class PaymentRequest(_Contract):
    order_id: str = Field(min_length=1)
    customer_id: str = Field(min_length=1)
    items: list[OrderLine] = Field(min_length=1)


class PaymentRequestRecord(SqsRecordModel):
    """An SQS record whose body is a JSON `PaymentRequest` (the BatchProcessor's model)."""

    body: Json[PaymentRequest]
