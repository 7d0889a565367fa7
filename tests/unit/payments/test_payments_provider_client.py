"""The provider client (common layer) against the simulator: outcomes, retryable failures, timeouts."""

from __future__ import annotations

import socket

import pytest
from order_common.provider_client import (
    ChargeResult,
    ProviderClient,
    ProviderRejected,
    ProviderUnavailable,
    parse_retry_after,
)


def client_for(simulator, **options) -> ProviderClient:
    return ProviderClient(simulator.url, simulator.api_key, **options)


def test_an_approved_charge_returns_the_charge_id(provider):
    # Given a provider that approves
    simulator = provider()

    # When an order is charged
    result = client_for(simulator).charge("o-1", 1500, "EUR", "c-1")

    # Then the result is approved with the provider's id
    assert result.approved and result.charge_id and result.charge_id.startswith("ch_")
    assert result.decline_reason is None


def test_the_order_id_is_the_idempotency_key(provider):
    # Given an order charged once
    simulator = provider()
    client = client_for(simulator)
    first = client.charge("o-2", 1500, "EUR", "c-1")

    # When it is charged again (a retry after a crash)
    second = client.charge("o-2", 1500, "EUR", "c-1")

    # Then the provider replays the first charge instead of charging twice
    assert second == first
    assert simulator.stats()["charges"] == 1 and simulator.stats()["replays"] == 1


def test_a_decline_is_an_outcome_with_the_reason(provider):
    simulator = provider(decline_rate=1.0)

    result = client_for(simulator).charge("o-3", 1500, "EUR", "c-1")

    assert result == ChargeResult(approved=False, decline_reason=result.decline_reason)
    assert result.decline_reason in {"card_declined", "insufficient_funds", "expired_card", "do_not_honor"}


def test_throttling_raises_unavailable_with_retry_after(provider):
    # Given a provider with no token left
    simulator = provider(rate=0.001, burst=1)
    client = client_for(simulator)
    client.charge("o-4", 100, "EUR", "c-1")

    # When another order is charged
    with pytest.raises(ProviderUnavailable) as raised:
        client.charge("o-5", 100, "EUR", "c-1")

    # Then it is retryable, marked as throttling, with the provider's Retry-After
    assert raised.value.status == 429 and raised.value.throttled
    assert raised.value.retry_after is not None and raised.value.retry_after >= 1


def test_server_errors_raise_unavailable(provider):
    simulator = provider(error_rate=1.0, seed=3)

    with pytest.raises(ProviderUnavailable) as raised:
        client_for(simulator).charge("o-6", 100, "EUR", "c-1")

    assert raised.value.status in (500, 503) and not raised.value.throttled


def test_a_read_timeout_raises_unavailable(provider):
    # Given a provider slower than the client's read timeout
    simulator = provider(latency_ms=500)

    # When an order is charged
    with pytest.raises(ProviderUnavailable) as raised:
        client_for(simulator, read_timeout=0.05).charge("o-7", 100, "EUR", "c-1")

    # Then it is retryable, with no HTTP status
    assert raised.value.status is None


def test_a_refused_connection_raises_unavailable():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]

    with pytest.raises(ProviderUnavailable):
        ProviderClient(f"http://127.0.0.1:{port}", "key").charge("o-8", 100, "EUR", "c-1")


def test_a_wrong_api_key_is_rejected_not_declined(provider):
    simulator = provider()

    with pytest.raises(ProviderRejected) as raised:
        ProviderClient(simulator.url, "wrong").charge("o-9", 100, "EUR", "c-1")

    assert raised.value.status == 401


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("7", 7.0),
        (" 1.5 ", 1.5),
        ("Thu, 01 Jan 2026 00:00:30 GMT", 30.0),
        ("Thu, 01 Jan 2026 00:00:00 GMT", 0.0),
        ("soon", None),
        (None, None),
    ],
)
def test_retry_after_accepts_seconds_and_http_dates(header, expected):
    now = 1767225600.0  # 2026-01-01T00:00:00Z
    assert parse_retry_after(header, now=now) == expected
