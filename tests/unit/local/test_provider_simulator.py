"""The payment provider simulator: rate limit, idempotent replays, deterministic declines, auth, CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from local.provider_simulator import ProviderSimulator, TokenBucket, key_fraction

REPO_ROOT = Path(__file__).resolve().parents[3]
API_KEY = "sim-test-key"


def post_charge(
    url: str,
    key: str | None,
    amount: int = 1000,
    api_key: str = API_KEY,
    body: dict[str, Any] | None = None,
) -> tuple[int, dict[str, str], dict[str, Any]]:
    payload = {"amount": amount, "currency": "EUR", "customerId": "c-1", "orderId": key}
    if body is not None:
        payload = body
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {api_key}"}
    if key is not None:
        headers["Idempotency-Key"] = key
    request = urllib.request.Request(
        f"{url}/v1/charges", data=json.dumps(payload).encode(), headers=headers, method="POST"
    )
    return _send(request)


def get(url: str) -> tuple[int, dict[str, str], dict[str, Any]]:
    return _send(urllib.request.Request(url))


def _send(request: urllib.request.Request) -> tuple[int, dict[str, str], dict[str, Any]]:
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), json.loads(response.read())
    except urllib.error.HTTPError as err:
        with err:
            return err.code, dict(err.headers), json.loads(err.read())


@pytest.fixture
def simulator():
    started: list[ProviderSimulator] = []

    def start(**options: Any) -> ProviderSimulator:
        sim = ProviderSimulator(**{"api_key": API_KEY, **options})
        sim.start()
        started.append(sim)
        return sim

    yield start
    for sim in started:
        sim.stop()


def test_it_listens_on_loopback_on_an_ephemeral_port(simulator):
    # Given / When a simulator started on port 0
    sim = simulator()

    # Then it serves on 127.0.0.1 on the port the OS chose
    assert sim.url == f"http://127.0.0.1:{sim.port}"
    assert sim.port > 0


def test_an_approved_charge_gets_an_id(simulator):
    # Given a simulator that declines nothing
    sim = simulator()

    # When an order is charged
    status, _, body = post_charge(sim.url, "order-1", amount=2599)

    # Then it is approved with a charge id and counted
    assert status == 201
    assert body["status"] == "approved" and body["id"].startswith("ch_") and body["amount"] == 2599
    assert sim.stats()["charges"] == 1


def test_requests_over_the_burst_are_throttled_with_retry_after(simulator):
    # Given a burst of 3 and a refill so slow that no token comes back during the test
    sim = simulator(rate=0.001, burst=3)

    # When 5 different orders are charged at once
    answers = [post_charge(sim.url, f"order-{i}") for i in range(5)]

    # Then the first 3 pass and the rest get 429 with a Retry-After in whole seconds
    assert [status for status, _, _ in answers] == [201, 201, 201, 429, 429]
    assert all(int(headers["Retry-After"]) >= 1 for _, headers, _ in answers[3:])
    assert sim.stats()["throttled"] == 2
    assert sim.stats()["charges"] == 3


def test_the_token_bucket_refills_at_the_rate():
    # Given a bucket of 2 tokens refilling 2 per second, on a clock the test moves
    now = [100.0]
    bucket = TokenBucket(rate=2, burst=2, clock=lambda: now[0])

    # When the burst is spent, then half a second passes
    spent = [bucket.take(), bucket.take()]
    wait = bucket.take()
    now[0] += 0.5

    # Then the third take had to wait half a second, and after it one token is back
    assert spent == [0.0, 0.0]
    assert wait == pytest.approx(0.5)
    assert bucket.take() == 0.0
    assert bucket.take() > 0


def test_the_same_key_replays_the_first_answer_without_charging_again(simulator):
    # Given an order charged once
    sim = simulator()
    first = post_charge(sim.url, "order-7")

    # When the same key is sent again
    second = post_charge(sim.url, "order-7")

    # Then the answer is the same, marked as a replay, and only one charge exists
    assert second[0] == first[0] == 201
    assert second[2] == first[2]
    assert second[1].get("Idempotent-Replayed") == "true"
    stats = sim.stats()
    assert (stats["requests"], stats["charges"], stats["replays"]) == (2, 1, 1)


def test_a_declined_key_stays_declined_on_replay(simulator):
    # Given a simulator that declines every key
    sim = simulator(decline_rate=1.0)

    # When the same order is tried twice
    first = post_charge(sim.url, "order-8")
    second = post_charge(sim.url, "order-8")

    # Then both answers are the same 402 decline, counted once
    assert first[0] == second[0] == 402
    assert first[2] == second[2] and first[2]["declineCode"]
    assert sim.stats()["declines"] == 1 and sim.stats()["replays"] == 1 and sim.stats()["charges"] == 0


def test_a_key_reused_for_another_request_is_refused(simulator):
    # Given an order charged 10.00
    sim = simulator()
    post_charge(sim.url, "order-9", amount=1000)

    # When the same key comes with another amount
    status, _, body = post_charge(sim.url, "order-9", amount=999)

    # Then it is refused, not replayed
    assert status == 422 and body["error"] == "idempotency_key_reused"
    assert sim.stats()["charges"] == 1


def test_declines_are_chosen_by_key_so_reruns_agree(simulator):
    # Given two independent simulators with the same decline rate
    keys = [f"order-{i}" for i in range(40)]
    first, second = simulator(decline_rate=0.3), simulator(decline_rate=0.3)

    # When both see the same orders
    declined_by_first = {k for k in keys if post_charge(first.url, k)[0] == 402}
    declined_by_second = {k for k in keys if post_charge(second.url, k)[0] == 402}

    # Then they decline the same orders: those whose key hashes below the rate
    assert declined_by_first == declined_by_second == {k for k in keys if key_fraction(k) < 0.3}
    assert 0 < len(declined_by_first) < len(keys)


def test_a_wrong_or_missing_api_key_gets_401(simulator):
    # Given a simulator with its own API key
    sim = simulator()

    # When a request carries another key
    status, _, body = post_charge(sim.url, "order-10", api_key="not-the-key")

    # Then it is unauthorized and nothing is charged
    assert status == 401 and body["error"] == "unauthorized"
    assert sim.stats()["unauthorized"] == 1 and sim.stats()["charges"] == 0


@pytest.mark.parametrize(
    ("key", "body"),
    [
        (None, {"amount": 100, "currency": "EUR", "customerId": "c", "orderId": "o"}),
        ("k-1", {"amount": "100", "currency": "EUR", "customerId": "c", "orderId": "o"}),
        ("k-2", {"amount": 100, "currency": "EURO", "customerId": "c", "orderId": "o"}),
        ("k-3", {"amount": 100, "currency": "EUR", "orderId": "o"}),
    ],
    ids=["no-idempotency-key", "amount-not-integer", "bad-currency", "no-customer"],
)
def test_an_invalid_request_gets_400(simulator, key, body):
    # Given a simulator
    sim = simulator()

    # When the request is invalid
    status, _, answer = post_charge(sim.url, key, body=body)

    # Then it is refused with 400 and nothing is charged
    assert status == 400 and answer["error"] == "invalid_request"
    assert sim.stats()["charges"] == 0


def test_the_error_rate_answers_500_or_503_without_charging(simulator):
    # Given a simulator failing every request
    sim = simulator(error_rate=1.0, seed=1)

    # When orders are charged
    answers = [post_charge(sim.url, f"order-{i}") for i in range(6)]

    # Then each gets a 500 or 503 (503 with Retry-After) and none is charged
    assert {status for status, _, _ in answers} <= {500, 503}
    assert all("Retry-After" in headers for status, headers, _ in answers if status == 503)
    assert sim.stats()["errors"] == 6 and sim.stats()["charges"] == 0


def test_stats_are_served_over_http(simulator):
    # Given some traffic
    sim = simulator(decline_rate=1.0)
    post_charge(sim.url, "order-11")
    post_charge(sim.url, "order-11")

    # When the stats are read over HTTP
    status, _, body = get(f"{sim.url}/v1/stats")

    # Then they are the counts
    assert status == 200
    assert body == sim.stats()
    assert body["requests"] == 2 and body["declines"] == 1 and body["replays"] == 1


def test_unknown_paths_get_404(simulator):
    sim = simulator()
    assert get(f"{sim.url}/v2/nothing")[0] == 404


@pytest.mark.parametrize(
    "options",
    [{"rate": -1}, {"rate": 1, "burst": 0}, {"latency_ms": -1}, {"error_rate": 1.5}, {"decline_rate": -0.1}],
)
def test_invalid_options_are_refused(options):
    with pytest.raises(ValueError):
        ProviderSimulator(**options)


def test_the_cli_serves_until_terminated():
    # Given the simulator started from the command line on an ephemeral port, declining everything
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "local.provider_simulator",
            "--port",
            "0",
            "--api-key",
            API_KEY,
            "--decline-rate",
            "1",
        ],
        cwd=REPO_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        # When a charge is sent to the URL it printed
        assert process.stdout is not None  # stdout=PIPE
        url = process.stdout.readline().strip()
        status, _, _ = post_charge(url, "order-cli")
    finally:
        process.terminate()
        _, stderr = process.communicate(timeout=30)

    # Then it answered per its flags, and on SIGTERM it stopped cleanly, printing its stats
    assert url.startswith("http://127.0.0.1:")
    assert status == 402
    assert process.returncode == 0
    assert json.loads(stderr.strip().splitlines()[-1])["declines"] == 1


def test_the_cli_rejects_invalid_flags():
    result = subprocess.run(
        [sys.executable, "-m", "local.provider_simulator", "--error-rate", "2"],
        cwd=REPO_ROOT,
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 2
    assert "--error-rate" in result.stderr
