"""The enrichment response: one change event per DynamoDB stream record.

TypedDicts rather than Pydantic models: the handler only builds these dicts and returns them, so a runtime
model would add import time to every cold start and validate nothing the logic does not already guarantee.
"""

from decimal import Decimal
from typing import Any, Literal, NotRequired, TypedDict

StreamEventName = Literal["INSERT", "MODIFY", "REMOVE"]
ChangeType = Literal["INSERT", "UPDATE", "REMOVE"]

# A key attribute is S, N or B: a string, an exact number, or base64 text.
KeyValue = str | int | Decimal

# An unmarshalled item: plain JSON values, numbers as int (integral) or Decimal (exact).
Image = dict[str, Any]


class ChangeMeta(TypedDict):
    fn: str
    """Name of the enrichment function that produced the event (from the Lambda context)."""


class ChangeData(TypedDict):
    pk: KeyValue | None
    sk: KeyValue | None
    eventName: StreamEventName
    eventType: ChangeType
    NewImage: NotRequired[Image]
    OldImage: NotRequired[Image]


class ChangeEvent(TypedDict):
    meta: ChangeMeta
    data: ChangeData
