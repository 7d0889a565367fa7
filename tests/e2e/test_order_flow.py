"""End to end on the embedded default: the demo path with ~20 orders, bad input refused, Terraform settled."""

from __future__ import annotations

import json

import pytest

from local.demo import TERMINAL, drive, post_order
from local.stack import EmbeddedStack
from tests.e2e.conftest import orders_in_table

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize(
    ("order", "reason_fragment"),
    [
        ({"items": [{"sku": "SKU-001", "quantity": 1}]}, "customerId"),
        ({"customerId": "c-1", "items": [{"sku": "SKU-001", "quantity": -2}]}, "minimum"),
        ({"customerId": "c-1", "items": [{"sku": "SKU-001", "quantity": "two"}]}, "integer"),
        ({"customerId": 42, "items": [{"sku": "SKU-001", "quantity": 1}]}, "string"),
        ({"customerId": "c-1", "items": [{"sku": "SKU-001\n", "quantity": 1}]}, "ECMA 262 regex"),
    ],
    ids=["missing-field", "negative-quantity", "wrong-type-quantity", "wrong-type-customer", "sku-trailing-newline"],
)
def test_malformed_order_is_refused_with_the_validators_reason_and_nothing_is_written(
    stack: EmbeddedStack, order: dict, reason_fragment: str
) -> None:
    # Given the API is up and the orders table's current size
    before = orders_in_table(stack)
    # When a malformed order is posted
    status, body, _ = post_order(stack.api_url, order)
    # Then it is refused with a 400 that says why, and no order was written
    assert status == 400, body
    assert body["message"] == "Invalid request body"
    assert reason_fragment in json.dumps(body.get("reason", "")), body
    assert orders_in_table(stack) == before


def test_twenty_orders_all_reach_a_terminal_status_and_none_is_lost(stack: EmbeddedStack) -> None:
    # When 20 orders are sent concurrently through the API
    summary = drive(stack, orders=20, concurrency=8, timeout=240, seed=11, progress=False)
    # Then every one was accepted and is terminal, none lost, nothing dead-lettered
    assert summary["accepted"] == 20, summary
    assert summary["lost"] == 0, summary
    assert set(summary["by_status"]) <= TERMINAL, summary
    assert summary["by_status"].get("FULFILLED", 0) > 0, summary
    assert summary["dlq"] == {"payments": 0, "cdc_pipe": 0, "events": 0}, summary


def test_an_accepted_order_can_be_read_back(stack: EmbeddedStack) -> None:
    # Given an accepted order
    status, body, _ = post_order(stack.api_url, {"customerId": "c-read", "items": [{"sku": "SKU-002", "quantity": 1}]})
    assert status == 201, body
    # When it is read through GET /orders/{id}
    import urllib.request

    with urllib.request.urlopen(f"{stack.api_url}/orders/{body['orderId']}", timeout=10) as response:
        order = json.loads(response.read())
    # Then it is the order that was sent
    assert order["orderId"] == body["orderId"]
    assert order["customerId"] == "c-read"


def test_terraform_plan_after_apply_has_no_changes(stack: EmbeddedStack) -> None:
    assert stack.plan_is_empty(), stack.last_plan[-3000:]


def test_an_order_that_is_not_json_is_refused_with_415_and_nothing_is_written(stack: EmbeddedStack) -> None:
    import urllib.error
    import urllib.request

    # Given a valid order body sent as text/plain (the integration maps application/json only: NEVER passthrough)
    before = orders_in_table(stack)
    body = json.dumps({"customerId": "c-1", "items": [{"sku": "SKU-001", "quantity": 1}]}).encode()
    request = urllib.request.Request(
        f"{stack.api_url}/orders", data=body, method="POST", headers={"Content-Type": "text/plain"}
    )
    # When it is posted, Then API Gateway answers 415 and no order was written
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)
    assert refused.value.code == 415
    assert orders_in_table(stack) == before


@pytest.mark.parametrize("order_id", ["a'b", "no-such-order", "a%27b"])
def test_reading_an_order_that_does_not_exist_is_a_404(stack: EmbeddedStack, order_id: str) -> None:
    import urllib.error
    import urllib.request

    with pytest.raises(urllib.error.HTTPError) as missing:
        urllib.request.urlopen(f"{stack.api_url}/orders/{order_id}", timeout=10)
    assert missing.value.code == 404, missing.value.read()
