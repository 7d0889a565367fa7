"""The deployed handler: `cdc.handlers.enrich_stream_records.lambda_handler`, called as Lambda calls it."""

import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from awslambdaric.lambda_runtime_marshaller import LambdaMarshaller
from cdc.logic.enrich import EnrichmentError

from tests.helpers.lambda_context import lambda_context

FUNCTION_NAME = "orders-dev-cdc-enrich"
Handler = Callable[[Any, Any], Any]


def emf_metrics(stdout: str) -> dict[str, Any]:
    """The metric values of the embedded-metric-format documents the handler printed, by metric name."""
    values: dict[str, Any] = {}
    for line in stdout.splitlines():
        if not line.startswith("{"):
            continue
        document = json.loads(line)
        for directive in document.get("_aws", {}).get("CloudWatchMetrics", []):
            for metric in directive["Metrics"]:
                values[metric["Name"]] = (directive["Namespace"], document[metric["Name"]])
    return values


def test_the_handler_enriches_a_pipes_batch_and_names_itself(
    enrich_handler: Handler, corpus_event: Callable[[str], Any], capsys: pytest.CaptureFixture[str]
) -> None:
    # Given a Pipes enrichment event (a list) holding a real MODIFY capture
    records = corpus_event("dynamodb_streams/captured_ankcorn/NEW_AND_OLD_IMAGES__MODIFY.json")["Records"]

    # When Lambda invokes the handler
    response = enrich_handler(records, lambda_context(FUNCTION_NAME))

    # Then the response is the change event, stamped with the function's name from the context
    assert response == [
        {
            "meta": {"fn": FUNCTION_NAME},
            "data": {
                "pk": "a",
                "sk": "b",
                "eventName": "MODIFY",
                "eventType": "UPDATE",
                "NewImage": {"data": "hello", "sk": "b", "pk": "a"},
                "OldImage": {"data": "test", "sk": "b", "pk": "a"},
            },
        }
    ]
    # And the number of enriched records is published as a metric in the service's namespace
    assert emf_metrics(capsys.readouterr().out)["EnrichedRecords"] == ("OrderPlatformTest", [1.0])


def test_the_handler_accepts_a_lambda_style_event(enrich_handler: Handler, corpus_event: Callable[[str], Any]) -> None:
    # Given a whole Lambda DynamoDB event ({"Records": [...]}) with three records
    event = corpus_event("dynamodb_streams/aws-lambda-go__dynamodb-time-window-event.json")

    # When the handler is invoked with it
    response = enrich_handler(event, lambda_context("another-fn"))

    # Then every record is enriched, in order, under that function's name
    assert [(e["meta"]["fn"], e["data"]["eventType"]) for e in response] == [
        ("another-fn", "INSERT"),
        ("another-fn", "UPDATE"),
        ("another-fn", "REMOVE"),
    ]


def test_the_runtime_serialises_the_response_with_exact_numbers(enrich_handler: Handler) -> None:
    # Given a record whose image holds numbers no float can carry
    record = {
        "eventID": "1",
        "eventName": "INSERT",
        "eventSource": "aws:dynamodb",
        "dynamodb": {
            "Keys": {"pk": {"S": "SKU#A-1"}, "sk": {"S": "STOCK"}},
            "NewImage": {
                "available": {"N": "98765432109876543210987654321098765432"},
                "unitCost": {"N": "0.1000000000000000000000000000000000001"},
            },
        },
    }

    # When the handler answers and the Lambda runtime client marshals the answer
    response = enrich_handler([record], lambda_context(FUNCTION_NAME))
    body, content_type = LambdaMarshaller().marshal_response(response)

    # Then the JSON sent back to the pipe carries every digit
    assert content_type == "application/json"
    assert json.loads(body, parse_float=Decimal)[0]["data"]["NewImage"] == {
        "available": 98765432109876543210987654321098765432,
        "unitCost": Decimal("0.1000000000000000000000000000000000001"),
    }
    assert '"unitCost": 0.1000000000000000000000000000000000001' in body


def test_an_unprocessable_batch_fails_the_invocation(
    enrich_handler: Handler, capsys: pytest.CaptureFixture[str]
) -> None:
    # Given a batch with a record that is not a DynamoDB stream record
    batch = [{"eventID": "k-1", "eventName": "aws:kinesis:record", "kinesis": {"data": "e30="}}]

    # When the handler is invoked
    # Then it raises (the pipe retries the batch, then dead-letters it) rather than return fewer events
    with pytest.raises(EnrichmentError, match=r"stream record #0 \(eventID 'k-1'\)"):
        enrich_handler(batch, lambda_context(FUNCTION_NAME))
    # And the failure is counted
    assert emf_metrics(capsys.readouterr().out)["EnrichmentFailures"] == ("OrderPlatformTest", [1.0])
