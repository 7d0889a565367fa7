"""Enrich DynamoDB stream records into the platform's change events (pure: no AWS I/O).

Contract (services/cdc/README.md): one output element per input record, in input order, each
`{"meta": {"fn"}, "data": {"pk", "sk", "eventName", "eventType", "NewImage"?, "OldImage"?}}`.
A record that cannot be enriched raises `EnrichmentError`: the whole batch fails and the pipe retries it
(and finally sends it to its dead-letter queue). A record is never dropped or passed on half-enriched.
"""

from collections.abc import Mapping
from typing import Any

from cdc.logic.unmarshal import unmarshal_item
from cdc.models.output import ChangeData, ChangeEvent, ChangeType, StreamEventName

# The platform's tables key every item by attributes named `pk` and `sk` (see order_common.order_status).
PARTITION_KEY = "pk"
SORT_KEY = "sk"

EVENT_TYPES: dict[StreamEventName, ChangeType] = {"INSERT": "INSERT", "MODIFY": "UPDATE", "REMOVE": "REMOVE"}
IMAGES = ("NewImage", "OldImage")


class EnrichmentError(ValueError):
    """The batch holds something that is not a DynamoDB stream record this function can enrich."""


def stream_records(event: Any) -> list[Any]:
    """The records of an enrichment event: the Pipes list itself, or the `Records` of a Lambda-style event."""
    if isinstance(event, list):
        return event
    records = event.get("Records") if isinstance(event, Mapping) else None
    if isinstance(records, list):
        return records
    raise EnrichmentError(
        "expected a list of DynamoDB stream records (EventBridge Pipes) or an object with a 'Records' list, "
        f"got {type(event).__name__}" + (f" with keys {sorted(event)}" if isinstance(event, Mapping) else "")
    )


def enrich_record(record: Any, *, function_name: str) -> ChangeEvent:
    """One stream record as a change event. Raises `ValueError` describing what is wrong with the record."""
    if not isinstance(record, Mapping):
        raise ValueError(f"a stream record must be an object, got {type(record).__name__}")
    event_name = record.get("eventName")
    if event_name not in EVENT_TYPES:
        raise ValueError(f"eventName must be one of {sorted(EVENT_TYPES)}, got {event_name!r}")
    change = record.get("dynamodb")
    if not isinstance(change, Mapping):
        raise ValueError("the record has no 'dynamodb' object (not a DynamoDB stream record)")
    if not change.get("Keys"):
        raise ValueError("dynamodb.Keys is missing or empty")

    keys = unmarshal_item(change["Keys"], where="Keys")
    data: ChangeData = {
        "pk": keys.get(PARTITION_KEY),
        "sk": keys.get(SORT_KEY),
        "eventName": event_name,
        "eventType": EVENT_TYPES[event_name],
    }
    for image in IMAGES:
        if image in change:
            data[image] = unmarshal_item(change[image], where=image)  # type: ignore[literal-required]
    return {"meta": {"fn": function_name}, "data": data}


def enrich_stream_records(event: Any, *, function_name: str) -> list[ChangeEvent]:
    """All records of an enrichment event, in order; `EnrichmentError` names the first one that fails."""
    enriched: list[ChangeEvent] = []
    for index, record in enumerate(stream_records(event)):
        try:
            enriched.append(enrich_record(record, function_name=function_name))
        except ValueError as err:
            event_id = record.get("eventID") if isinstance(record, Mapping) else None
            message = f"stream record #{index} (eventID {event_id!r}) cannot be enriched: {err}"
            raise EnrichmentError(message) from err
    return enriched
