"""The three Step Functions workflows (terraform/modules/workflows/*.asl.json), executed for real.

Each definition is rendered exactly as Terraform's `templatefile` renders it (plain `${name}` placeholders,
the same variables as terraform/modules/workflows/main.tf) and run on moto's Step Functions interpreter
against real (moto) DynamoDB tables, the payments SQS queue and the event bus. The rules' event patterns
(*.pattern.json) are checked against the same events with the project's EventBridge matcher.

    Given the tables seeded with stock and an order in a given status,
    When the workflow runs for the order's CDC event (as the bus delivers it),
    Then the order, the stock, the payments queue and the bus show exactly the expected effects.
"""

from __future__ import annotations

import json
import re
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import boto3
import pytest
from moto import mock_aws

REPO_ROOT = Path(__file__).resolve().parents[3]
WORKFLOWS_DIR = REPO_ROOT / "terraform" / "modules" / "workflows"

if str(REPO_ROOT) not in sys.path:  # `local` is a top-level package of the repository, not installed
    sys.path.insert(0, str(REPO_ROOT))

from local.event_patterns import matches, validate_pattern  # noqa: E402

PREFIX = "test"
REGION = "us-east-1"
ACCOUNT = "123456789012"

#: name -> (ASL file, state machine type), as in terraform/modules/workflows/main.tf
WORKFLOWS = {
    "order-processing": ("order_processing.asl.json", "EXPRESS"),
    "fulfillment": ("fulfillment.asl.json", "STANDARD"),
    "order-compensation": ("order_compensation.asl.json", "EXPRESS"),
}
PATTERNS = {
    "order-processing": "order_processing.pattern.json",
    "fulfillment": "fulfillment.pattern.json",
    "order-compensation": "order_compensation.pattern.json",
}

POLL_INTERVAL_SECONDS = 0.05
POLL_MAX_ATTEMPTS = 1200  # a bounded wait, not a timing assertion


# ------------------------------------------------------------------------------------------------ rendering
def render(file_name: str, variables: dict[str, Any]) -> str:
    """Render a template file the way `templatefile` does for plain `${name}` interpolations."""
    text = (WORKFLOWS_DIR / file_name).read_text()
    placeholders = set(re.findall(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}", text))
    missing = placeholders - variables.keys()
    assert not missing, f"{file_name} uses placeholders that are not provided: {sorted(missing)}"
    for name in placeholders:
        text = text.replace("${" + name + "}", str(variables[name]))
    assert "${" not in text and "%{" not in text, f"{file_name} uses template syntax beyond ${{name}}"
    return text


def terraform_template_variables() -> set[str]:
    """The names in `local.template_variables` of main.tf: the only variables its templatefile() calls pass."""
    hcl = (WORKFLOWS_DIR / "main.tf").read_text()
    block = re.search(r"\n\s*template_variables\s*=\s*\{(.*?)\n\s*\}", hcl, re.S)
    assert block, "local.template_variables not found in terraform/modules/workflows/main.tf"
    return set(re.findall(r"^\s*(\w+)\s*=", block.group(1), re.M))


# ------------------------------------------------------------------------------------------------ builders
def order_line(sku: str, quantity: int) -> dict[str, Any]:
    return {"sku": sku, "quantity": quantity}


def order_image(order_id: str, status: str, lines: list[dict[str, Any]], customer_id: str = "c-42") -> dict:
    """An order as the CDC enrichment unmarshals it (plain JSON, integral numbers as ints)."""
    return {
        "pk": f"ORDER#{order_id}",
        "sk": "ORDER",
        "orderId": order_id,
        "customerId": customer_id,
        "items": lines,
        "status": status,
        "createdAt": 1767225600000,
    }


def order_changed_event(new_image: dict, old_image: dict | None = None) -> dict[str, Any]:
    """The EventBridge event the orders-cdc pipe puts on the bus for an INSERT (no old image) or UPDATE."""
    event_type = "INSERT" if old_image is None else "UPDATE"
    data: dict[str, Any] = {
        "pk": new_image["pk"],
        "sk": new_image["sk"],
        "eventName": "INSERT" if old_image is None else "MODIFY",
        "eventType": event_type,
        "NewImage": new_image,
    }
    if old_image is not None:
        data["OldImage"] = old_image
    return {
        "version": "0",
        "id": str(uuid.uuid4()),
        "detail-type": "OrderChanged",
        "source": f"{PREFIX}.orders.cdc",
        "account": ACCOUNT,
        "time": "2026-01-01T00:00:00Z",
        "region": REGION,
        "resources": [],
        "detail": {"meta": {"fn": f"{PREFIX}-cdc-enrich"}, "data": data},
    }


def transition_event(order_id: str, lines: list[dict[str, Any]], old: str, new: str) -> dict[str, Any]:
    return order_changed_event(order_image(order_id, new, lines), order_image(order_id, old, lines))


# ------------------------------------------------------------------------------------------------ the stack
@dataclass
class Stack:
    dynamodb: Any
    sqs: Any
    sfn: Any
    orders_table: str
    inventory_table: str
    payments_queue_url: str
    bus_events_queue_url: str
    state_machines: dict[str, str]

    # --- seeding
    def put_stock(self, sku: str, available: int, reserved: int = 0, price: int = 1999) -> None:
        self.dynamodb.put_item(
            TableName=self.inventory_table,
            Item={
                "pk": {"S": f"SKU#{sku}"},
                "sk": {"S": "STOCK"},
                "sku": {"S": sku},
                "name": {"S": f"Product {sku}"},
                "price": {"N": str(price)},
                "available": {"N": str(available)},
                "reserved": {"N": str(reserved)},
            },
        )

    def put_order(self, order_id: str, status: str, lines: list[dict[str, Any]]) -> None:
        self.dynamodb.put_item(
            TableName=self.orders_table,
            Item={
                "pk": {"S": f"ORDER#{order_id}"},
                "sk": {"S": "ORDER"},
                "orderId": {"S": order_id},
                "customerId": {"S": "c-42"},
                "items": {
                    "L": [
                        {"M": {"sku": {"S": line["sku"]}, "quantity": {"N": str(line["quantity"])}}} for line in lines
                    ]
                },
                "status": {"S": status},
                "createdAt": {"N": "1767225600000"},
            },
        )

    # --- reading
    def stock(self, sku: str) -> tuple[int, int]:
        """(available, reserved) of a SKU."""
        item = self.dynamodb.get_item(
            TableName=self.inventory_table, Key={"pk": {"S": f"SKU#{sku}"}, "sk": {"S": "STOCK"}}
        )["Item"]
        return int(item["available"]["N"]), int(item["reserved"]["N"])

    def order_record(self, order_id: str, sk: str = "ORDER") -> dict[str, Any] | None:
        return self.dynamodb.get_item(
            TableName=self.orders_table, Key={"pk": {"S": f"ORDER#{order_id}"}, "sk": {"S": sk}}
        ).get("Item")

    def order_status(self, order_id: str) -> str:
        record = self.order_record(order_id)
        assert record is not None
        return record["status"]["S"]

    def drain(self, queue_url: str) -> list[dict[str, Any]]:
        """Every message body on a queue (JSON-decoded), deleting them."""
        bodies: list[dict[str, Any]] = []
        while True:
            response = self.sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10, WaitTimeSeconds=0)
            messages = response.get("Messages", [])
            if not messages:
                return bodies
            for message in messages:
                bodies.append(json.loads(message["Body"]))
                self.sqs.delete_message(QueueUrl=queue_url, ReceiptHandle=message["ReceiptHandle"])

    def payment_requests(self) -> list[dict[str, Any]]:
        return self.drain(self.payments_queue_url)

    def bus_events(self) -> list[dict[str, Any]]:
        """Business events the workflows put on the bus (captured by a test rule into a queue)."""
        return self.drain(self.bus_events_queue_url)

    # --- running
    def place_order(self, order_id: str, lines: list[dict[str, Any]]) -> dict[str, Any]:
        """A PENDING order written to the table and its INSERT event run through order-processing."""
        self.put_order(order_id, "PENDING", lines)
        return self.run("order-processing", order_changed_event(order_image(order_id, "PENDING", lines)))

    def run(self, workflow: str, event: dict[str, Any]) -> dict[str, Any]:
        """Start an execution with the event as its input and wait (bounded) until it is no longer RUNNING."""
        execution_arn = self.sfn.start_execution(
            stateMachineArn=self.state_machines[workflow],
            name=f"run-{uuid.uuid4()}",  # moto requires a name
            input=json.dumps(event),
        )["executionArn"]
        for _ in range(POLL_MAX_ATTEMPTS):
            execution = self.sfn.describe_execution(executionArn=execution_arn)
            if execution["status"] != "RUNNING":
                return execution
            time.sleep(POLL_INTERVAL_SECONDS)
        pytest.fail(f"{workflow} execution still RUNNING after {POLL_MAX_ATTEMPTS} polls")

    def run_from(self, workflow: str, state: str, state_input: dict[str, Any]) -> dict[str, Any]:
        """Run the workflow's own definition from one of its states (for paths moto cannot provoke)."""
        described = self.sfn.describe_state_machine(stateMachineArn=self.state_machines[workflow])
        definition = json.loads(described["definition"])
        definition["StartAt"] = state
        arn = self.sfn.create_state_machine(
            name=f"{PREFIX}-{workflow}-from-{state}-{uuid.uuid4().hex[:8]}",
            definition=json.dumps(definition),
            roleArn=described["roleArn"],
            type=described["type"],
        )["stateMachineArn"]
        self.state_machines[f"{workflow}@{state}"] = arn
        return self.run(f"{workflow}@{state}", state_input)


def _table(dynamodb: Any, name: str, keys: dict[str, str]) -> None:
    dynamodb.create_table(
        TableName=name,
        BillingMode="PAY_PER_REQUEST",
        KeySchema=[{"AttributeName": k, "KeyType": t} for k, t in keys.items()],
        AttributeDefinitions=[{"AttributeName": k, "AttributeType": "S"} for k in keys],
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
    )


@pytest.fixture
def stack(monkeypatch: pytest.MonkeyPatch) -> Iterator[Stack]:
    for name, value in {
        "AWS_DEFAULT_REGION": REGION,
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_SESSION_TOKEN": "testing",
        "AWS_ACCOUNT_ID_ENDPOINT_MODE": "disabled",
    }.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)
    monkeypatch.delenv("AWS_PROFILE", raising=False)

    with mock_aws(config={"stepfunctions": {"execute_state_machine": True}}):
        dynamodb = boto3.client("dynamodb", region_name=REGION)
        sqs = boto3.client("sqs", region_name=REGION)
        events = boto3.client("events", region_name=REGION)
        sfn = boto3.client("stepfunctions", region_name=REGION)

        orders_table, inventory_table = f"{PREFIX}-orders", f"{PREFIX}-inventory"
        _table(dynamodb, orders_table, {"pk": "HASH", "sk": "RANGE"})
        _table(dynamodb, inventory_table, {"pk": "HASH", "sk": "RANGE"})
        payments_queue_url = sqs.create_queue(QueueName=f"{PREFIX}-payments")["QueueUrl"]
        bus_name = f"{PREFIX}-orders"
        events.create_event_bus(Name=bus_name)

        # Capture the workflows' business events: a rule on the bus -> a queue the test reads.
        capture_url = sqs.create_queue(QueueName=f"{PREFIX}-business-events")["QueueUrl"]
        capture_arn = sqs.get_queue_attributes(QueueUrl=capture_url, AttributeNames=["QueueArn"])["Attributes"][
            "QueueArn"
        ]
        events.put_rule(
            Name=f"{PREFIX}-capture-business-events",
            EventBusName=bus_name,
            EventPattern=json.dumps({"source": [f"{PREFIX}.fulfillment", f"{PREFIX}.compensation"]}),
        )
        events.put_targets(
            Rule=f"{PREFIX}-capture-business-events",
            EventBusName=bus_name,
            Targets=[{"Id": "capture", "Arn": capture_arn}],
        )

        variables = {
            "name_prefix": PREFIX,
            "orders_table_name": orders_table,
            "inventory_table_name": inventory_table,
            "payments_queue_url": payments_queue_url,
            "event_bus_name": bus_name,
        }
        state_machines = {
            name: sfn.create_state_machine(
                name=f"{PREFIX}-{name}",
                definition=render(file_name, variables),
                roleArn=f"arn:aws:iam::{ACCOUNT}:role/{PREFIX}-{name}",
                type=machine_type,
            )["stateMachineArn"]
            for name, (file_name, machine_type) in WORKFLOWS.items()
        }
        yield Stack(
            dynamodb=dynamodb,
            sqs=sqs,
            sfn=sfn,
            orders_table=orders_table,
            inventory_table=inventory_table,
            payments_queue_url=payments_queue_url,
            bus_events_queue_url=capture_url,
            state_machines=state_machines,
        )


# ------------------------------------------------------------------------------------------------ templates
def test_templates_use_only_the_variables_terraform_passes() -> None:
    passed = terraform_template_variables()
    hcl = (WORKFLOWS_DIR / "main.tf").read_text()
    for file_name in [*[f for f, _ in WORKFLOWS.values()], *PATTERNS.values()]:
        assert f'"{file_name}"' in hcl, f"main.tf does not load {file_name}"
        used = set(re.findall(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}", (WORKFLOWS_DIR / file_name).read_text()))
        assert used <= passed, f"{file_name} uses {sorted(used - passed)}, which main.tf does not pass"


@pytest.mark.parametrize("workflow", sorted(PATTERNS))
def test_rule_patterns_are_valid_for_eventbridge(workflow: str) -> None:
    validate_pattern(render(PATTERNS[workflow], {"name_prefix": PREFIX}))


def _pattern(workflow: str) -> dict[str, Any]:
    return json.loads(render(PATTERNS[workflow], {"name_prefix": PREFIX}))


LINES = [order_line("SKU-A", 2), order_line("SKU-B", 5)]


@pytest.mark.parametrize(
    ("workflow", "event", "expected"),
    [
        ("order-processing", order_changed_event(order_image("o-1", "PENDING", LINES)), True),
        ("order-processing", transition_event("o-1", LINES, "PENDING", "PAYMENT_PENDING"), False),
        ("order-processing", order_changed_event({**order_image("o-1", "PENDING", LINES), "sk": "SHIPMENT"}), False),
        ("fulfillment", transition_event("o-1", LINES, "PAYMENT_PENDING", "PAID"), True),
        ("fulfillment", transition_event("o-1", LINES, "PAID", "FULFILLED"), False),
        ("fulfillment", order_changed_event(order_image("o-1", "PAID", LINES)), False),
        ("order-compensation", transition_event("o-1", LINES, "PAYMENT_PENDING", "PAYMENT_FAILED"), True),
        ("order-compensation", transition_event("o-1", LINES, "PAYMENT_FAILED", "CANCELLED"), False),
        ("order-compensation", transition_event("o-1", LINES, "PAYMENT_PENDING", "PAID"), False),
    ],
    ids=lambda value: value if isinstance(value, str) else None,
)
def test_each_rule_matches_only_the_transition_it_owns(workflow: str, event: dict, expected: bool) -> None:
    assert matches(_pattern(workflow), event) is expected


def test_business_events_do_not_start_any_workflow() -> None:
    fulfilled = {"source": f"{PREFIX}.fulfillment", "detail-type": "OrderFulfilled", "detail": {"orderId": "o-1"}}
    assert not any(matches(_pattern(workflow), fulfilled) for workflow in PATTERNS)


# ------------------------------------------------------------------------------------------------ order-processing
def test_in_stock_order_is_reserved_moved_to_payment_pending_and_sent_to_payments(stack: Stack) -> None:
    # Given
    stack.put_stock("SKU-A", available=10)
    stack.put_stock("SKU-B", available=5, reserved=1)
    lines = [order_line("SKU-A", 2), order_line("SKU-B", 5)]

    # When
    execution = stack.place_order("o-1", lines)

    # Then
    assert execution["status"] == "SUCCEEDED", execution
    assert stack.order_status("o-1") == "PAYMENT_PENDING"
    assert stack.stock("SKU-A") == (8, 2)
    assert stack.stock("SKU-B") == (0, 6)
    assert stack.payment_requests() == [{"orderId": "o-1", "customerId": "c-42", "items": lines}]


def test_one_line_out_of_stock_rejects_the_order_and_reserves_nothing(stack: Stack) -> None:
    # Given
    stack.put_stock("SKU-A", available=10)
    stack.put_stock("SKU-B", available=4)
    lines = [order_line("SKU-A", 2), order_line("SKU-B", 5)]

    # When
    execution = stack.place_order("o-2", lines)

    # Then
    assert execution["status"] == "SUCCEEDED", execution
    assert stack.order_status("o-2") == "REJECTED"
    assert stack.stock("SKU-A") == (10, 0)
    assert stack.stock("SKU-B") == (4, 0)
    assert stack.payment_requests() == []


def test_unknown_sku_rejects_the_order(stack: Stack) -> None:
    # Given
    stack.put_stock("SKU-A", available=10)
    lines = [order_line("SKU-A", 1), order_line("NO-SUCH-SKU", 1)]

    # When
    execution = stack.place_order("o-3", lines)

    # Then
    assert execution["status"] == "SUCCEEDED", execution
    assert stack.order_status("o-3") == "REJECTED"
    assert stack.stock("SKU-A") == (10, 0)
    assert stack.payment_requests() == []


def test_same_sku_on_two_lines_rejects_the_order(stack: Stack) -> None:
    # Given an order naming one SKU twice (DynamoDB refuses two operations on one item in a transaction)
    stack.put_stock("SKU-A", available=10)
    lines = [order_line("SKU-A", 1), order_line("SKU-A", 2)]

    # When
    execution = stack.place_order("o-10", lines)

    # Then the order does not hang in PENDING
    assert execution["status"] == "SUCCEEDED", execution
    assert stack.order_status("o-10") == "REJECTED"
    assert stack.stock("SKU-A") == (10, 0)
    assert stack.payment_requests() == []


def test_duplicate_event_reserves_and_requests_payment_once(stack: Stack) -> None:
    # Given an order already processed once
    stack.put_stock("SKU-A", available=10)
    lines = [order_line("SKU-A", 3)]
    stack.put_order("o-4", "PENDING", lines)
    event = order_changed_event(order_image("o-4", "PENDING", lines))
    first = stack.run("order-processing", event)
    assert first["status"] == "SUCCEEDED", first

    # When the same event is delivered again
    second = stack.run("order-processing", event)

    # Then nothing changes a second time
    assert second["status"] == "SUCCEEDED", second
    assert stack.order_status("o-4") == "PAYMENT_PENDING"
    assert stack.stock("SKU-A") == (7, 3)
    assert len(stack.payment_requests()) == 1


def test_duplicate_event_after_rejection_changes_nothing(stack: Stack) -> None:
    # Given a rejected order
    stack.put_stock("SKU-A", available=1)
    lines = [order_line("SKU-A", 3)]
    stack.put_order("o-5", "PENDING", lines)
    event = order_changed_event(order_image("o-5", "PENDING", lines))
    assert stack.run("order-processing", event)["status"] == "SUCCEEDED"
    assert stack.order_status("o-5") == "REJECTED"

    # When stock arrives and the old event is delivered again
    stack.put_stock("SKU-A", available=10)
    execution = stack.run("order-processing", event)

    # Then the rejected order stays rejected and nothing is reserved
    assert execution["status"] == "SUCCEEDED", execution
    assert stack.order_status("o-5") == "REJECTED"
    assert stack.stock("SKU-A") == (10, 0)
    assert stack.payment_requests() == []


# ------------------------------------------------------------------------------------------------ fulfillment
def test_paid_order_is_fulfilled_shipped_committed_and_announced(stack: Stack) -> None:
    # Given a paid order whose stock is reserved
    stack.put_stock("SKU-A", available=8, reserved=2)
    stack.put_stock("SKU-B", available=0, reserved=5)
    lines = [order_line("SKU-A", 2), order_line("SKU-B", 5)]
    stack.put_order("o-6", "PAID", lines)

    # When
    execution = stack.run("fulfillment", transition_event("o-6", lines, "PAYMENT_PENDING", "PAID"))

    # Then
    assert execution["status"] == "SUCCEEDED", execution
    assert stack.order_status("o-6") == "FULFILLED"
    shipment = stack.order_record("o-6", sk="SHIPMENT")
    assert shipment is not None
    assert shipment["orderId"] == {"S": "o-6"}
    assert shipment["customerId"] == {"S": "c-42"}
    assert stack.stock("SKU-A") == (8, 0)
    assert stack.stock("SKU-B") == (0, 0)
    events = stack.bus_events()
    assert [(e["source"], e["detail-type"], e["detail"]) for e in events] == [
        (f"{PREFIX}.fulfillment", "OrderFulfilled", {"orderId": "o-6", "customerId": "c-42"})
    ]


def test_duplicate_paid_event_fulfills_once(stack: Stack) -> None:
    # Given a fulfilled order
    stack.put_stock("SKU-A", available=8, reserved=2)
    lines = [order_line("SKU-A", 2)]
    stack.put_order("o-7", "PAID", lines)
    event = transition_event("o-7", lines, "PAYMENT_PENDING", "PAID")
    assert stack.run("fulfillment", event)["status"] == "SUCCEEDED"
    assert len(stack.bus_events()) == 1

    # When the PAID event is delivered again
    execution = stack.run("fulfillment", event)

    # Then
    assert execution["status"] == "SUCCEEDED", execution
    assert stack.order_status("o-7") == "FULFILLED"
    assert stack.stock("SKU-A") == (8, 0)
    assert stack.bus_events() == []


# ------------------------------------------------------------------------------------------------ compensation
def test_failed_payment_cancels_the_order_releases_stock_and_notifies(stack: Stack) -> None:
    # Given an order whose payment failed, with its stock reserved
    stack.put_stock("SKU-A", available=8, reserved=2)
    stack.put_stock("SKU-B", available=0, reserved=5)
    lines = [order_line("SKU-A", 2), order_line("SKU-B", 5)]
    stack.put_order("o-8", "PAYMENT_FAILED", lines)

    # When
    execution = stack.run("order-compensation", transition_event("o-8", lines, "PAYMENT_PENDING", "PAYMENT_FAILED"))

    # Then
    assert execution["status"] == "SUCCEEDED", execution
    assert stack.order_status("o-8") == "CANCELLED"
    assert stack.stock("SKU-A") == (10, 0)
    assert stack.stock("SKU-B") == (5, 0)
    events = stack.bus_events()
    assert [(e["source"], e["detail-type"], e["detail"]) for e in events] == [
        (
            f"{PREFIX}.compensation",
            "OrderCancelled",
            {"orderId": "o-8", "customerId": "c-42", "reason": "PAYMENT_FAILED"},
        )
    ]


def test_duplicate_payment_failed_event_releases_once(stack: Stack) -> None:
    # Given a cancelled order
    stack.put_stock("SKU-A", available=8, reserved=2)
    lines = [order_line("SKU-A", 2)]
    stack.put_order("o-9", "PAYMENT_FAILED", lines)
    event = transition_event("o-9", lines, "PAYMENT_PENDING", "PAYMENT_FAILED")
    assert stack.run("order-compensation", event)["status"] == "SUCCEEDED"
    assert len(stack.bus_events()) == 1

    # When the event is delivered again
    execution = stack.run("order-compensation", event)

    # Then
    assert execution["status"] == "SUCCEEDED", execution
    assert stack.order_status("o-9") == "CANCELLED"
    assert stack.stock("SKU-A") == (10, 0)
    assert stack.bus_events() == []


# ------------------------------------------------------------------------------------------------ contention
CONFLICT = {
    "Error": "DynamoDb.TransactionCanceledException",
    "Cause": (
        "Transaction cancelled, please refer cancellation reasons for specific reasons [None, TransactionConflict]"
    ),
}


@pytest.mark.parametrize("workflow", sorted(WORKFLOWS))
def test_transaction_contended_on_every_attempt_fails_loudly(stack: Stack, workflow: str) -> None:
    # Given a transaction cancelled by a conflict after the last allowed attempt
    state_input = {"contention": {"attempts": 4}, "error": CONFLICT}

    # When the workflow decides what to do about it
    execution = stack.run_from(workflow, "WhyCancelled", state_input)

    # Then it fails with a clear error instead of treating the order as a duplicate
    assert execution["status"] == "FAILED", execution
    assert execution.get("error") == "Order.TransactionContended"


def test_transaction_conflict_is_tried_again(stack: Stack) -> None:
    # Given a PENDING order whose first transaction was cancelled by a conflict (not by a condition)
    stack.put_order("o-11", "PENDING", [order_line("SKU-A", 1)])
    order = {"pk": "ORDER#o-11", "orderId": "o-11", "customerId": "c-42", "items": [order_line("SKU-A", 1)]}
    move_order = {
        "Update": {
            "TableName": stack.orders_table,
            "Key": {"pk": {"S": "ORDER#o-11"}, "sk": {"S": "ORDER"}},
            "UpdateExpression": "SET #status = :to",
            "ConditionExpression": "#status = :from",
            "ExpressionAttributeNames": {"#status": "status"},
            "ExpressionAttributeValues": {":from": {"S": "PENDING"}, ":to": {"S": "PAYMENT_PENDING"}},
        }
    }
    state_input = {"order": order, "transactItems": [move_order], "contention": {"attempts": 0}, "error": CONFLICT}

    # When
    execution = stack.run_from("order-processing", "WhyCancelled", state_input)

    # Then the transaction ran again and the workflow went on
    assert execution["status"] == "SUCCEEDED", execution
    assert stack.order_status("o-11") == "PAYMENT_PENDING"
    assert len(stack.payment_requests()) == 1
