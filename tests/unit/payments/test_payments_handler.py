"""The payments handler end to end in one process: SQS event → moto tables + the provider simulator."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
from order_common.order_status import OrderStatus
from order_common.provider_client import ProviderClient
from payments.handlers.handle_payment_requests import lambda_handler
from payments.logic import charge_payment as charge_payment_module

from tests.helpers.lambda_context import lambda_context

FUNCTION_NAME = "orders-test-payments"

# Records that fail before any outcome publish no metric; Powertools warns about the empty flush.
pytestmark = pytest.mark.filterwarnings("ignore:No application metrics:UserWarning")


def invoke(event: dict[str, Any]) -> dict[str, Any]:
    return lambda_handler(event, lambda_context(FUNCTION_NAME))


def failed_ids(response: dict[str, Any]) -> list[str]:
    return [failure["itemIdentifier"] for failure in response["batchItemFailures"]]


def emitted_metrics(output: str) -> dict[str, float]:
    """Metric values from the EMF lines Powertools printed."""
    values: dict[str, float] = {}
    for line in output.splitlines():
        if '"_aws"' not in line:
            continue
        document = json.loads(line)
        for directive in document["_aws"]["CloudWatchMetrics"]:
            for metric in directive["Metrics"]:
                value = document[metric["Name"]]
                values[metric["Name"]] = values.get(metric["Name"], 0) + (
                    sum(value) if isinstance(value, list) else value
                )
    return values


@pytest.fixture
def priced_catalogue(world):
    world.given_sku("SKU-1", 1299)
    world.given_sku("SKU-2", 250)
    return world


def test_approved_charge_moves_the_order_to_paid(
    priced_catalogue,
    provider,
    sqs_event,
    payment_request,
    capsys,
):
    # Given an order waiting for payment and a provider that approves
    world = priced_catalogue
    world.given_order("o-1")
    simulator = provider()

    # When its payment request arrives
    response = invoke(sqs_event(payment_request("o-1", items=[("SKU-1", 2), ("SKU-2", 1)])))

    # Then the order is PAID with the provider's charge id, for the priced amount
    assert response == {"batchItemFailures": []}
    order = world.order("o-1")
    assert order["status"] == OrderStatus.PAID
    assert order["paymentId"].startswith("ch_")
    assert simulator.stats()["charges"] == 1
    assert emitted_metrics(capsys.readouterr().out).get("PaymentsApproved") == 1


def test_the_provider_is_charged_the_priced_amount_in_the_configured_currency(
    priced_catalogue, provider, sqs_event, payment_request, monkeypatch
):
    # Given an order of 2 x 12.99 + 1 x 2.50, charged in USD
    priced_catalogue.given_order("o-2")
    monkeypatch.setenv("CURRENCY", "USD")
    provider()
    sent: list[dict[str, Any]] = []
    real_charge = ProviderClient.charge

    def spy(self, **kwargs):
        sent.append(kwargs)
        return real_charge(self, **kwargs)

    monkeypatch.setattr(ProviderClient, "charge", spy)

    # When it is handled
    invoke(sqs_event(payment_request("o-2", "cust-7", [("SKU-1", 2), ("SKU-2", 1)])))

    # Then the provider got one charge of 2848 cents USD for that customer, keyed on the order
    assert sent == [{"order_id": "o-2", "amount_cents": 2848, "currency": "USD", "customer_id": "cust-7"}]


def test_declined_charge_moves_the_order_to_payment_failed(
    priced_catalogue, provider, sqs_event, payment_request, capsys
):
    # Given a provider that declines every charge
    priced_catalogue.given_order("o-3")
    simulator = provider(decline_rate=1.0)

    # When the payment request is handled
    response = invoke(sqs_event(payment_request("o-3")))

    # Then the record succeeded (a decline is an outcome) and the order failed payment, with the reason
    assert response == {"batchItemFailures": []}
    order = priced_catalogue.order("o-3")
    assert order["status"] == OrderStatus.PAYMENT_FAILED
    assert order["declineReason"]
    assert "paymentId" not in order
    assert simulator.stats()["declines"] == 1
    assert emitted_metrics(capsys.readouterr().out).get("PaymentsDeclined") == 1


def test_throttled_provider_reports_the_record_as_failed_and_leaves_the_order_pending(
    priced_catalogue, provider, sqs_event, payment_request, capsys
):
    # Given a provider whose only token of the burst has just been used (and refills in ~17 minutes)
    priced_catalogue.given_order("o-4")
    simulator = provider(rate=0.001, burst=1)
    ProviderClient(simulator.url, simulator.api_key).charge("someone-else", 100, "EUR", "cust-0")

    # When the payment request is handled
    event = sqs_event(("msg-4", payment_request("o-4")))
    response = invoke(event)

    # Then the record is reported for redelivery, and nothing changed
    assert failed_ids(response) == ["msg-4"]
    assert priced_catalogue.status_of("o-4") == OrderStatus.PAYMENT_PENDING
    assert simulator.stats()["throttled"] == 1
    assert emitted_metrics(capsys.readouterr().out).get("ProviderThrottled") == 1
    # and no completed idempotency record blocks the redelivery
    assert priced_catalogue.idempotency_records() == []


def test_provider_errors_fail_the_record_and_the_redelivery_charges_once_it_recovers(
    priced_catalogue, provider, sqs_event, payment_request
):
    # Given a provider answering 500/503 to everything
    priced_catalogue.given_order("o-5")
    simulator = provider(error_rate=1.0, seed=7)
    event = sqs_event(("msg-5", payment_request("o-5")))

    # When the payment request is handled
    first = invoke(event)

    # Then the record is reported for redelivery and the order is still pending
    assert failed_ids(first) == ["msg-5"]
    assert priced_catalogue.status_of("o-5") == OrderStatus.PAYMENT_PENDING

    # When the provider recovers and SQS redelivers the message
    simulator.error_rate = 0.0
    second = invoke(event)

    # Then the order is charged and PAID
    assert second == {"batchItemFailures": []}
    assert priced_catalogue.status_of("o-5") == OrderStatus.PAID
    assert simulator.stats()["errors"] == 1
    assert simulator.stats()["charges"] == 1


def test_a_charge_that_timed_out_is_repeated_with_the_same_amount_even_after_a_price_change(
    priced_catalogue, provider, sqs_event, payment_request, monkeypatch
):
    # Given a provider slower than the client's read timeout: it charges, but the answer comes too late
    priced_catalogue.given_order("o-slow")
    monkeypatch.setenv("PROVIDER_TIMEOUT_SECONDS", "0.3")
    simulator = provider(latency_ms=800)
    event = sqs_event(("msg-slow", payment_request("o-slow", "cust-1", [("SKU-1", 1)])))
    first = invoke(event)
    assert failed_ids(first) == ["msg-slow"]
    assert priced_catalogue.status_of("o-slow") == OrderStatus.PAYMENT_PENDING
    deadline = time.monotonic() + 10  # the provider finishes the charge the client stopped waiting for
    while simulator.stats()["charges"] < 1 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert simulator.stats()["charges"] == 1

    # When the price changes before SQS redelivers the message, and the provider is quick again
    priced_catalogue.given_sku("SKU-1", 1500)
    simulator.latency_ms = 0.0
    second = invoke(event)

    # Then the redelivery repeats the first request (same key, same 1299): the provider replays its charge,
    # the order is PAID, and the customer was charged once
    assert second == {"batchItemFailures": []}
    assert priced_catalogue.status_of("o-slow") == OrderStatus.PAID
    assert priced_catalogue.order("o-slow")["chargeAmountCents"] == "1299"
    stats = simulator.stats()
    assert (stats["charges"], stats["replays"], stats["invalid"]) == (1, 1, 0), stats


def test_unreachable_provider_fails_the_record(priced_catalogue, sqs_event, payment_request, monkeypatch):
    # Given a provider URL nobody listens on
    priced_catalogue.given_order("o-6")
    monkeypatch.setenv("PROVIDER_URL", _closed_port_url())

    # When the payment request is handled
    response = invoke(sqs_event(("msg-6", payment_request("o-6"))))

    # Then the record is reported for redelivery
    assert failed_ids(response) == ["msg-6"]
    assert priced_catalogue.status_of("o-6") == OrderStatus.PAYMENT_PENDING


def test_a_bad_record_fails_alone(priced_catalogue, provider, sqs_event, payment_request):
    # Given a batch: a good request, a body that is not JSON, one without customerId, one with quantity 0
    priced_catalogue.given_order("o-7")
    priced_catalogue.given_order("o-8")
    simulator = provider()
    no_customer = payment_request("o-8")
    del no_customer["customerId"]
    event = sqs_event(
        ("good", payment_request("o-7")),
        ("not-json", "{not json"),
        ("no-customer", no_customer),
        ("zero-quantity", payment_request("o-8", items=[("SKU-1", 0)])),
    )

    # When the batch is handled
    response = invoke(event)

    # Then only the bad records fail, and the good one is paid
    assert failed_ids(response) == ["not-json", "no-customer", "zero-quantity"]
    assert priced_catalogue.status_of("o-7") == OrderStatus.PAID
    assert priced_catalogue.status_of("o-8") == OrderStatus.PAYMENT_PENDING
    assert simulator.stats()["requests"] == 1


def test_the_same_message_delivered_twice_charges_and_transitions_once(
    priced_catalogue, provider, sqs_event, payment_request, monkeypatch, capsys
):
    # Given an order, a provider, and a count of status writes (idempotency is ON in these tests)
    priced_catalogue.given_order("o-9")
    simulator = provider()
    transitions: list[tuple] = []
    real_transition = charge_payment_module.transition

    def counting_transition(*args, **kwargs):
        transitions.append(args)
        return real_transition(*args, **kwargs)

    monkeypatch.setattr(charge_payment_module, "transition", counting_transition)
    event = sqs_event(("msg-9", payment_request("o-9")))

    # When SQS delivers the same message twice
    first = invoke(event)
    capsys.readouterr()
    second = invoke(event)

    # Then one request reached the provider, one charge, one status write; both deliveries succeed
    assert first == second == {"batchItemFailures": []}
    assert simulator.stats()["requests"] == 1
    assert simulator.stats()["charges"] == 1
    assert len(transitions) == 1
    assert priced_catalogue.status_of("o-9") == OrderStatus.PAID
    [record] = priced_catalogue.idempotency_records()
    assert record["status"]["S"] == "COMPLETED"
    assert emitted_metrics(capsys.readouterr().out) == {"DuplicatePaymentRequests": 1}


def test_a_duplicate_inside_one_batch_is_charged_once(priced_catalogue, provider, sqs_event, payment_request):
    # Given a batch carrying the same order twice (at-least-once delivery)
    priced_catalogue.given_order("o-10")
    simulator = provider()

    # When the batch is handled
    response = invoke(sqs_event(payment_request("o-10"), payment_request("o-10")))

    # Then both records succeed and the provider was asked once
    assert response == {"batchItemFailures": []}
    assert simulator.stats()["requests"] == 1
    assert priced_catalogue.status_of("o-10") == OrderStatus.PAID


def test_an_unknown_sku_fails_the_payment_without_calling_the_provider(
    priced_catalogue, provider, sqs_event, payment_request
):
    # Given an order with a SKU the inventory does not know
    priced_catalogue.given_order("o-11")
    simulator = provider()

    # When it is handled
    response = invoke(sqs_event(payment_request("o-11", items=[("SKU-1", 1), ("SKU-GONE", 1)])))

    # Then the order failed payment with the reason and the SKU, and the provider was not called
    assert response == {"batchItemFailures": []}
    order = priced_catalogue.order("o-11")
    assert order["status"] == OrderStatus.PAYMENT_FAILED
    assert order["declineReason"] == "price_not_found"
    assert order["declineDetail"] == "SKU-GONE"
    assert simulator.stats()["requests"] == 0


@pytest.mark.parametrize("status", [OrderStatus.PAID, OrderStatus.PAYMENT_FAILED, OrderStatus.CANCELLED])
def test_an_order_that_moved_on_is_not_charged(
    priced_catalogue,
    provider,
    sqs_event,
    payment_request,
    status,
):
    # Given an order that is no longer waiting for payment (a late duplicate)
    priced_catalogue.given_order("o-12", status)
    simulator = provider()

    # When its payment request arrives
    response = invoke(sqs_event(payment_request("o-12")))

    # Then it is done: no failure, no charge, no change
    assert response == {"batchItemFailures": []}
    assert simulator.stats()["requests"] == 0
    assert priced_catalogue.status_of("o-12") == status


def test_an_order_not_yet_payment_pending_is_retried(priced_catalogue, provider, sqs_event, payment_request):
    # Given an order the workflow has not moved to PAYMENT_PENDING yet
    priced_catalogue.given_order("o-13", OrderStatus.PENDING)
    simulator = provider()

    # When its payment request overtakes the status write
    response = invoke(sqs_event(("msg-13", payment_request("o-13"))))

    # Then the record is redelivered later and nothing is charged
    assert failed_ids(response) == ["msg-13"]
    assert simulator.stats()["requests"] == 0
    assert priced_catalogue.status_of("o-13") == OrderStatus.PENDING


def test_an_unknown_order_is_retried_towards_the_dlq(priced_catalogue, provider, sqs_event, payment_request):
    # Given no such order
    simulator = provider()

    # When a payment request names it
    response = invoke(sqs_event(("msg-14", payment_request("o-missing"))))

    # Then the record fails (after maxReceiveCount it lands in the DLQ) and nothing is charged
    assert failed_ids(response) == ["msg-14"]
    assert simulator.stats()["requests"] == 0


def test_a_wrong_api_key_fails_the_record_without_settling_the_order(
    priced_catalogue, provider, sqs_event, payment_request
):
    # Given a provider that expects another key than the secret holds
    priced_catalogue.given_order("o-15")
    simulator = provider(api_key="rotated-key")

    # When the payment request is handled
    response = invoke(sqs_event(("msg-15", payment_request("o-15"))))

    # Then the record fails (a configuration error is not a decline) and the order waits
    assert failed_ids(response) == ["msg-15"]
    assert simulator.stats()["unauthorized"] == 1
    assert priced_catalogue.status_of("o-15") == OrderStatus.PAYMENT_PENDING


def _closed_port_url() -> str:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"
