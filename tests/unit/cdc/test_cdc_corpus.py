"""Every DynamoDB stream sample of the shared corpus goes through the enrichment.

Each sample's output is checked against the contract and against an independent unmarshaller (boto3's own
TypeDeserializer, with its sets and Binary turned into the contract's JSON forms).
"""

import base64
import json
from decimal import Decimal
from typing import Any

from awslambdaric.lambda_runtime_marshaller import to_json
from boto3.dynamodb.types import Binary, TypeDeserializer
from cdc.logic.enrich import enrich_stream_records

FN = "orders-test-cdc-enrich"

# Files under events/dynamodb_streams/ that hold no stream record, and why. Anything else must be enriched.
EXPECTED_SKIPS = {
    "awsdocs__ddb-batchItemFailures-response.json": "holds no DynamoDB stream records (top-level keys: "
    "['batchItemFailures'])",
}


class _Boto3Oracle(TypeDeserializer):
    """boto3's deserializer, fed bytes for B (it expects what boto3's own client decodes from base64)."""

    def _deserialize_b(self, value: str) -> Binary:
        return Binary(base64.b64decode(value))

    def _deserialize_bs(self, value: list[str]) -> set[Binary]:
        return {self._deserialize_b(v) for v in value}


def _as_contract_json(value: Any) -> Any:
    if isinstance(value, Binary):
        return base64.b64encode(value.value).decode()  # type: ignore[attr-defined]  # boto3-stubs' Binary lacks .value
    if isinstance(value, set):  # BS sorts by bytes; SS and NS by their own order
        if any(isinstance(v, Binary) for v in value):
            return [base64.b64encode(raw).decode() for raw in sorted(v.value for v in value)]
        return sorted(value)
    if isinstance(value, dict):
        return {k: _as_contract_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_contract_json(v) for v in value]
    return value


def oracle_item(item: dict[str, Any]) -> dict[str, Any]:
    oracle = _Boto3Oracle()
    return {name: _as_contract_json(oracle.deserialize(value)) for name, value in item.items()}


def test_the_corpus_is_used_and_every_skip_is_explained(
    corpus_inventory: tuple[dict[str, str], dict[str, str]],
) -> None:
    # Given every JSON file under events/dynamodb_streams/ (captured_ankcorn/ included)
    used, skipped = corpus_inventory

    # When they are sorted into samples with stream records and files without
    # Then the real captures and the reference events are all used, and only the known non-event is skipped
    assert len(used) >= 18, used
    assert {name for name in used if name.startswith("captured_ankcorn/")} == {
        f"captured_ankcorn/{view}__{kind}.json"
        for view in ("KEYS_ONLY", "NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES")
        for kind in ("INSERT", "MODIFY", "REMOVE")
    }
    assert used["powertools-ts__kinesis-dynamodb-stream.json"].startswith("DynamoDB change records inside Kinesis")
    assert used["rust-events__example-dynamodb-event-record-with-optional-fields.json"] == "a single stream record"
    assert skipped == EXPECTED_SKIPS


def test_every_sample_is_enriched_per_the_contract(stream_sample: tuple[str, list[dict[str, Any]]]) -> None:
    # Given the stream records of one corpus sample, handed over as EventBridge Pipes does: a list
    name, records = stream_sample

    # When they are enriched
    enriched = enrich_stream_records(records, function_name=FN)

    # Then there is one change event per record, in order, each saying what changed and carrying the images
    # exactly as an independent unmarshaller reads them
    assert len(enriched) == len(records), name
    for record, event in zip(records, enriched, strict=True):
        change = record["dynamodb"]
        keys = oracle_item(change["Keys"])
        expected_data: dict[str, Any] = {
            "pk": keys.get("pk"),
            "sk": keys.get("sk"),
            "eventName": record["eventName"],
            "eventType": {"INSERT": "INSERT", "MODIFY": "UPDATE", "REMOVE": "REMOVE"}[record["eventName"]],
        }
        for image in ("NewImage", "OldImage"):
            if image in change:
                expected_data[image] = oracle_item(change[image])
        assert event == {"meta": {"fn": FN}, "data": expected_data}, name


def test_every_sample_survives_the_lambda_runtime_json_round_trip(
    stream_sample: tuple[str, list[dict[str, Any]]],
) -> None:
    # Given the enrichment of one corpus sample
    name, records = stream_sample
    enriched = enrich_stream_records(records, function_name=FN)

    # When the Lambda runtime client serialises it and a consumer parses it back with exact numbers
    parsed = json.loads(to_json(enriched), parse_float=Decimal)

    # Then nothing was lost or changed on the way, and no number was ever a float
    assert parsed == enriched, name
    assert not any(isinstance(v, float) for v in _scalars(enriched)), name


def _scalars(value: Any) -> list[Any]:
    if isinstance(value, dict):
        return [s for v in value.values() for s in _scalars(v)]
    if isinstance(value, list):
        return [s for v in value for s in _scalars(v)]
    return [value]
