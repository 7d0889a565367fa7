"""The SQS message contract and the function's settings."""

from __future__ import annotations

import json

import pytest
from payments.models.input import PaymentRequest, PaymentRequestRecord
from payments.models.settings import PaymentsSettings
from pydantic import ValidationError

BODY = {"orderId": "o-1", "customerId": "c-1", "items": [{"sku": "SKU-1", "quantity": 2}]}


def record(body: object) -> dict:
    return {
        "messageId": "m-1",
        "receiptHandle": "rh",
        "body": body if isinstance(body, str) else json.dumps(body),
        "attributes": {
            "ApproximateReceiveCount": "1",
            "SentTimestamp": "1545082649183",
            "SenderId": "AIDAIENQZJOLO23YVJ4VO",
            "ApproximateFirstReceiveTimestamp": "1545082649185",
        },
        "messageAttributes": {},
        "md5OfBody": "",
        "eventSource": "aws:sqs",
        "eventSourceARN": "arn:aws:sqs:us-east-1:123456789012:payments",
        "awsRegion": "us-east-1",
    }


def test_the_body_is_parsed_into_the_request():
    parsed = PaymentRequestRecord.model_validate(record(BODY)).body

    assert parsed.order_id == "o-1" and parsed.customer_id == "c-1"
    assert [(line.sku, line.quantity) for line in parsed.items] == [("SKU-1", 2)]


def test_unknown_fields_are_ignored():
    parsed = PaymentRequest.model_validate({**BODY, "traceId": "t-1"})
    assert parsed.order_id == "o-1"


def test_the_request_dumps_with_the_contract_names_the_idempotency_key_uses():
    # The idempotency key expression is `orderId`: it reads the dumped request.
    dumped = PaymentRequest.model_validate(BODY).model_dump(mode="json")
    assert dumped == BODY


@pytest.mark.parametrize(
    "body",
    [
        "{not json",
        {k: v for k, v in BODY.items() if k != "customerId"},
        {**BODY, "orderId": ""},
        {**BODY, "items": []},
        {**BODY, "items": [{"sku": "SKU-1", "quantity": 0}]},
        {**BODY, "items": [{"sku": "SKU-1", "quantity": "2"}]},
        {**BODY, "items": [{"quantity": 1}]},
    ],
    ids=[
        "not-json",
        "no-customer",
        "empty-order-id",
        "no-items",
        "zero-quantity",
        "quantity-as-string",
        "no-sku",
    ],
)
def test_a_message_outside_the_contract_is_refused(body):
    with pytest.raises(ValidationError):
        PaymentRequestRecord.model_validate(record(body))


def test_settings_defaults(monkeypatch):
    # Given only the required variables
    for name in ("PROVIDER_TIMEOUT_SECONDS", "PROVIDER_CONNECT_TIMEOUT_SECONDS", "CURRENCY"):
        monkeypatch.delenv(name, raising=False)

    # When the settings are read
    settings = PaymentsSettings()

    # Then the optional ones have their defaults and the idempotency table comes from the shared base
    assert settings.provider_timeout_seconds == 3.0
    assert settings.provider_connect_timeout_seconds == 1.0
    assert settings.currency == "EUR"
    assert settings.idempotency_table_name == "test-payments-idempotency"


@pytest.mark.parametrize(
    ("name", "value"),
    [("CURRENCY", "euro"), ("PROVIDER_URL", "ftp://x"), ("PROVIDER_TIMEOUT_SECONDS", "0")],
)
def test_invalid_settings_are_refused(monkeypatch, name, value):
    monkeypatch.setenv(name, value)
    with pytest.raises(ValidationError):
        PaymentsSettings()


def test_a_missing_variable_is_refused(monkeypatch):
    monkeypatch.delenv("ORDERS_TABLE_NAME")
    with pytest.raises(ValidationError):
        PaymentsSettings()
