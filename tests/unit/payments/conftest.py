"""Fixtures for the payments tests: a Lambda-like environment, moto tables, the provider simulator, events.

- `payments_env` (autouse): fake AWS credentials, Powertools settings and the function's variables; clears
  the cached settings, boto3 clients and secrets around every test. Idempotency stays ON.
- `world`: moto in-process (`mock_aws`) with the real table shapes (orders pk/sk, inventory pk/sk,
  idempotency id + TTL `expiration`) and the provider secret; `world.given_order(...)`,
  `world.given_sku(...)`, `world.status_of(...)`.
- `provider(**options)`: starts a `ProviderSimulator` on an ephemeral port and points PROVIDER_URL at it.
- `sqs_event(*bodies)`: an SQS Lambda event (record shape as in AWS's documented standard-queue event);
  `payment_request(...)`: a message body as the workflow sends it.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import boto3
import pytest
from aws_lambda_powertools.utilities import parameters
from moto import mock_aws
from order_common.aws_clients import reset_clients
from order_common.observability import metrics
from order_common.order_status import OrderStatus, order_key
from order_common.settings import load_settings

from local.provider_simulator import ProviderSimulator

REGION = "us-east-1"
ORDERS_TABLE = "test-orders"
INVENTORY_TABLE = "test-inventory"
IDEMPOTENCY_TABLE = "test-payments-idempotency"
SECRET_NAME = "test/payments/provider"
API_KEY = "test-provider-key"
FUNCTION_NAME = "orders-test-payments"


def _clear_caches() -> None:
    load_settings.cache_clear()
    reset_clients()
    parameters.clear_caches()
    metrics.clear_metrics()


@pytest.fixture(autouse=True)
def payments_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name in (
        "AWS_ENDPOINT_URL",
        "AWS_ENDPOINT_URL_DYNAMODB",
        "AWS_PROFILE",
        "POWERTOOLS_IDEMPOTENCY_DISABLED",
    ):
        monkeypatch.delenv(name, raising=False)
    env = {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_SESSION_TOKEN": "testing",
        "AWS_DEFAULT_REGION": REGION,
        "AWS_REGION": REGION,
        "AWS_LAMBDA_FUNCTION_NAME": FUNCTION_NAME,
        "POWERTOOLS_SERVICE_NAME": "payments",
        "POWERTOOLS_METRICS_NAMESPACE": "OrderPlatformTest",
        "POWERTOOLS_TRACE_DISABLED": "true",
        "ORDERS_TABLE_NAME": ORDERS_TABLE,
        "INVENTORY_TABLE_NAME": INVENTORY_TABLE,
        "IDEMPOTENCY_TABLE_NAME": IDEMPOTENCY_TABLE,
        "PROVIDER_URL": "http://127.0.0.1:9",  # replaced by the `provider` fixture
        "PROVIDER_SECRET_ARN": SECRET_NAME,  # replaced by the `world` fixture with the secret's ARN
        "PROVIDER_TIMEOUT_SECONDS": "5",
        "CURRENCY": "EUR",
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    # The shared Metrics object was built at import, before this environment existed.
    monkeypatch.setattr(metrics, "namespace", env["POWERTOOLS_METRICS_NAMESPACE"])
    monkeypatch.setattr(metrics, "service", env["POWERTOOLS_SERVICE_NAME"])
    _clear_caches()
    yield
    _clear_caches()


class PaymentsWorld:
    """The AWS side of a test (moto): tables with the shapes Terraform creates, and the provider secret."""

    def __init__(self) -> None:
        self.dynamodb = boto3.client("dynamodb", region_name=REGION)
        for table, key in ((ORDERS_TABLE, ("pk", "sk")), (INVENTORY_TABLE, ("pk", "sk"))):
            self.dynamodb.create_table(
                TableName=table,
                BillingMode="PAY_PER_REQUEST",
                KeySchema=[
                    {"AttributeName": key[0], "KeyType": "HASH"},
                    {"AttributeName": key[1], "KeyType": "RANGE"},
                ],
                AttributeDefinitions=[{"AttributeName": name, "AttributeType": "S"} for name in key],
            )
        self.dynamodb.create_table(
            TableName=IDEMPOTENCY_TABLE,
            BillingMode="PAY_PER_REQUEST",
            KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
        )
        self.dynamodb.update_time_to_live(
            TableName=IDEMPOTENCY_TABLE,
            TimeToLiveSpecification={"Enabled": True, "AttributeName": "expiration"},
        )
        secrets = boto3.client("secretsmanager", region_name=REGION)
        secret = secrets.create_secret(Name=SECRET_NAME, SecretString=json.dumps({"apiKey": API_KEY}))
        self.secret_arn = secret["ARN"]

    def given_order(self, order_id: str, status: OrderStatus = OrderStatus.PAYMENT_PENDING) -> None:
        self.dynamodb.put_item(
            TableName=ORDERS_TABLE,
            Item={**order_key(order_id), "orderId": {"S": order_id}, "status": {"S": status.value}},
        )

    def given_sku(self, sku: str, price_cents: int | str | None, available: int = 10) -> None:
        item: dict[str, Any] = {
            "pk": {"S": f"SKU#{sku}"},
            "sk": {"S": "STOCK"},
            "available": {"N": str(available)},
        }
        if price_cents is not None:
            item["price"] = {"N": str(price_cents)}
        self.dynamodb.put_item(TableName=INVENTORY_TABLE, Item=item)

    def order(self, order_id: str) -> dict[str, str]:
        key = order_key(order_id)
        response = self.dynamodb.get_item(TableName=ORDERS_TABLE, Key=key, ConsistentRead=True)
        item = response["Item"]
        return {name: next(iter(value.values())) for name, value in item.items()}

    def status_of(self, order_id: str) -> str:
        return self.order(order_id)["status"]

    def idempotency_records(self) -> list[dict[str, Any]]:
        return self.dynamodb.scan(TableName=IDEMPOTENCY_TABLE)["Items"]


@pytest.fixture
def world(monkeypatch: pytest.MonkeyPatch) -> Iterator[PaymentsWorld]:
    with mock_aws():
        world = PaymentsWorld()
        monkeypatch.setenv("PROVIDER_SECRET_ARN", world.secret_arn)
        load_settings.cache_clear()
        yield world


@pytest.fixture
def provider(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., ProviderSimulator]]:
    """`provider(**options)` starts a simulator (same API key as the secret) and points PROVIDER_URL at it."""
    started: list[ProviderSimulator] = []

    def start(**options: Any) -> ProviderSimulator:
        simulator = ProviderSimulator(**{"api_key": API_KEY, **options})
        started.append(simulator)
        monkeypatch.setenv("PROVIDER_URL", simulator.start())
        load_settings.cache_clear()
        return simulator

    yield start
    for simulator in started:
        simulator.stop()


def _sqs_record(body: dict[str, Any] | str, message_id: str | None = None) -> dict[str, Any]:
    return {
        "messageId": message_id or str(uuid.uuid4()),
        "receiptHandle": "AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a...",
        "body": body if isinstance(body, str) else json.dumps(body),
        "attributes": {
            "ApproximateReceiveCount": "1",
            "SentTimestamp": "1545082649183",
            "SenderId": "AIDAIENQZJOLO23YVJ4VO",
            "ApproximateFirstReceiveTimestamp": "1545082649185",
        },
        "messageAttributes": {},
        "md5OfBody": "e4e68fb7bd0e697a0ae8f1bb342846b3",
        "eventSource": "aws:sqs",
        "eventSourceARN": f"arn:aws:sqs:{REGION}:123456789012:test-payments",
        "awsRegion": REGION,
    }


@pytest.fixture
def sqs_event() -> Callable[..., dict[str, Any]]:
    """`sqs_event(body, ...)`: one record per body (a dict is JSON-encoded, a str is sent as is);
    `sqs_event(("msg-id", body), ...)` fixes the message id (a redelivery keeps its id)."""

    def build(*bodies: Any) -> dict[str, Any]:
        records = [_sqs_record(b[1], b[0]) if isinstance(b, tuple) else _sqs_record(b) for b in bodies]
        return {"Records": records}

    return build


@pytest.fixture
def payment_request() -> Callable[..., dict[str, Any]]:
    def build(order_id: str, customer_id: str = "cust-1", items: list[tuple[str, int]] | None = None) -> dict:
        lines = items if items is not None else [("SKU-1", 1)]
        return {
            "orderId": order_id,
            "customerId": customer_id,
            "items": [{"sku": sku, "quantity": quantity} for sku, quantity in lines],
        }

    return build
