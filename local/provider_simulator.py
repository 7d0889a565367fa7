"""A stand-in for the external payment provider: throttled, slow, flaky and idempotent (stdlib only).

    python -m local.provider_simulator --port 8089 --rate 20 --burst 40 --latency-ms 80 --error-rate 0.02 \\
        --decline-rate 0.1 --api-key sim-api-key

prints its base URL on stdout and serves on 127.0.0.1 until Ctrl-C. In code::

    simulator = ProviderSimulator(rate=5, burst=10, decline_rate=0.1)
    base_url = simulator.start()        # background thread; port 0 = an ephemeral port
    ...
    simulator.stats()                   # the same counts as GET /v1/stats
    simulator.stop()

API:
- `POST /v1/charges` JSON `{amount, currency, customerId, orderId}` with `Idempotency-Key` and
  `Authorization: Bearer <api key>`:
  201 `{id, status: "approved", ...}` | 402 `{status: "declined", declineCode, ...}` | 401 wrong key |
  429 over the rate (`Retry-After`) | 500/503 injected errors | 400 invalid request |
  422 the key was used before with a different request.
  A repeated key replays the first answer (approved or declined, with `Idempotent-Replayed: true`) and charges
  nothing. Whether an order is declined is a function of the key (sha256), so reruns agree.
- `GET /v1/stats`: `{requests, charges, declines, throttled, errors, replays, unauthorized, invalid}`;
  `charges` counts approved charges (money moved), `declines` first declines, `requests` every POST.

Checks run in this order: key, rate limit, latency, injected error, request validation, idempotency.
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import json
import math
import random
import signal
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

HOST = "127.0.0.1"
DEFAULT_API_KEY = "sim-api-key"
DECLINE_CODES = ("card_declined", "insufficient_funds", "expired_card", "do_not_honor")
STAT_NAMES = ("requests", "charges", "declines", "throttled", "errors", "replays", "unauthorized", "invalid")


@dataclass(frozen=True)
class Answer:
    status: int
    body: dict[str, Any]
    headers: tuple[tuple[str, str], ...] = ()


class TokenBucket:
    """`rate` tokens per second, at most `burst` saved up; starts full."""

    def __init__(self, rate: float, burst: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.rate = rate
        self.burst = burst
        self._clock = clock
        self._tokens = float(burst)
        self._last = clock()

    def take(self) -> float:
        """Take a token: 0.0 if one was available, else the seconds until one will be (nothing is taken)."""
        now = self._clock()
        self._tokens = min(self.burst, self._tokens + (now - self._last) * self.rate)
        self._last = now
        if self._tokens >= 1:
            self._tokens -= 1
            return 0.0
        return (1 - self._tokens) / self.rate


def key_fraction(idempotency_key: str, salt: str = "decline") -> float:
    """A number in [0, 1) that depends only on the key (and salt): the simulator's deterministic coin."""
    digest = hashlib.sha256(f"{salt}:{idempotency_key}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


class ProviderSimulator:
    def __init__(
        self,
        port: int = 0,
        api_key: str = DEFAULT_API_KEY,
        rate: float | None = None,
        burst: int | None = None,
        latency_ms: float = 0.0,
        jitter_ms: float = 0.0,
        error_rate: float = 0.0,
        decline_rate: float = 0.0,
        seed: int | None = None,
        verbose: bool = False,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """`rate` requests/s (None or 0 = unlimited) with `burst` (default: one second's worth);
        `latency_ms` mean added latency, uniformly ± `jitter_ms`; `error_rate` fraction of 500/503 answers
        (random, reproducible with `seed`); `decline_rate` fraction of keys declined with 402 (by key hash).
        """
        if rate is not None and rate < 0:
            raise ValueError("rate must be >= 0")
        if burst is not None and burst < 1:
            raise ValueError("burst must be >= 1")
        if latency_ms < 0 or jitter_ms < 0:
            raise ValueError("latency_ms and jitter_ms must be >= 0")
        for name, value in (("error_rate", error_rate), ("decline_rate", decline_rate)):
            if not 0.0 <= value <= 1.0:
                raise ValueError(f"{name} must be between 0 and 1")
        self.port = port
        self.api_key = api_key
        self.latency_ms = latency_ms
        self.jitter_ms = jitter_ms
        self.error_rate = error_rate
        self.decline_rate = decline_rate
        self.verbose = verbose
        self._bucket = TokenBucket(rate, burst or max(1, math.ceil(rate)), clock) if rate else None
        self._random = random.Random(seed)
        self._lock = threading.Lock()
        self._answers: dict[str, tuple[tuple[Any, ...], Answer]] = {}
        self._stats = dict.fromkeys(STAT_NAMES, 0)
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self.url = ""

    # -- lifecycle -------------------------------------------------------------------------------------------

    def start(self) -> str:
        """Serve in a background thread; returns the base URL (`http://127.0.0.1:<port>`)."""
        if self._server is not None:
            return self.url
        server = _Server((HOST, self.port), _Handler)
        server.simulator = self  # type: ignore[attr-defined]
        self._server = server
        self.port = server.server_address[1]
        self.url = f"http://{HOST}:{self.port}"
        self._thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="provider-simulator",
            daemon=True,
        )
        self._thread.start()
        return self.url

    def stop(self) -> None:
        if self._server is None:
            return
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join()
        self._server = None
        self._thread = None

    def __enter__(self) -> ProviderSimulator:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def stats(self) -> dict[str, int]:
        with self._lock:
            return dict(self._stats)

    # -- behaviour -------------------------------------------------------------------------------------------

    def charge(self, headers: dict[str, str], raw_body: bytes) -> Answer:
        """Answer one `POST /v1/charges` (`headers` with lower-case names)."""
        self._count("requests")
        if not hmac.compare_digest(headers.get("authorization", ""), f"Bearer {self.api_key}"):
            self._count("unauthorized")
            return Answer(401, {"error": "unauthorized", "message": "invalid API key"})
        wait = self._take_token()
        if wait:
            self._count("throttled")
            retry_after = str(max(1, math.ceil(wait)))
            return Answer(429, {"error": "rate_limited"}, (("Retry-After", retry_after),))
        self._sleep_latency()
        error = self._injected_error()
        if error is not None:
            self._count("errors")
            return error
        key = headers.get("idempotency-key", "").strip()
        request, problem = _parse_charge(raw_body)
        if not key or problem:
            self._count("invalid")
            message = problem or "Idempotency-Key is required"
            return Answer(400, {"error": "invalid_request", "message": message})
        fingerprint = (request["amount"], request["currency"], request["customerId"], request["orderId"])
        with self._lock:
            previous = self._answers.get(key)
            if previous is not None:
                if previous[0] != fingerprint:
                    self._stats["invalid"] += 1
                    return Answer(422, {"error": "idempotency_key_reused", "idempotencyKey": key})
                self._stats["replays"] += 1
                return Answer(previous[1].status, previous[1].body, (("Idempotent-Replayed", "true"),))
            answer = self._decide(key, request)
            self._answers[key] = (fingerprint, answer)
            self._stats["charges" if answer.status == 201 else "declines"] += 1
            return answer

    def _decide(self, key: str, request: dict[str, Any]) -> Answer:
        common = {k: request[k] for k in ("amount", "currency", "customerId", "orderId")}
        if key_fraction(key) < self.decline_rate:
            code = DECLINE_CODES[int(key_fraction(key, "code") * len(DECLINE_CODES))]
            return Answer(402, {"status": "declined", "declineCode": code, **common})
        charge_id = "ch_" + hashlib.sha256(f"charge:{key}".encode()).hexdigest()[:24]
        return Answer(201, {"id": charge_id, "status": "approved", **common})

    def _take_token(self) -> float:
        if self._bucket is None:
            return 0.0
        with self._lock:
            return self._bucket.take()

    def _sleep_latency(self) -> None:
        if not self.latency_ms:
            return
        with self._lock:
            jitter = self._random.uniform(-self.jitter_ms, self.jitter_ms) if self.jitter_ms else 0.0
        time.sleep(max(0.0, self.latency_ms + jitter) / 1000)

    def _injected_error(self) -> Answer | None:
        if not self.error_rate:
            return None
        with self._lock:
            if self._random.random() >= self.error_rate:
                return None
            status = self._random.choice((500, 503))
        if status == 503:
            return Answer(503, {"error": "service_unavailable"}, (("Retry-After", "1"),))
        return Answer(500, {"error": "internal_error"})

    def _count(self, name: str) -> None:
        with self._lock:
            self._stats[name] += 1


def _parse_charge(raw_body: bytes) -> tuple[dict[str, Any], str | None]:
    try:
        body = json.loads(raw_body or b"null")
    except ValueError:
        return {}, "body is not JSON"
    if not isinstance(body, dict):
        return {}, "body must be a JSON object"
    amount = body.get("amount")
    if not isinstance(amount, int) or isinstance(amount, bool) or amount < 0:
        return {}, "amount must be a non-negative integer (minor units)"
    currency = body.get("currency")
    if not isinstance(currency, str) or len(currency) != 3 or not currency.isalpha():
        return {}, "currency must be a 3-letter code"
    for name in ("customerId", "orderId"):
        if not isinstance(body.get(name), str) or not body[name]:
            return {}, f"{name} is required"
    return body, None


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        if isinstance(sys.exc_info()[1], ConnectionError):
            return  # the client gave up (e.g. its read timeout) before a slow answer was written
        super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "ProviderSimulator/1.0"

    @property
    def simulator(self) -> ProviderSimulator:
        return self.server.simulator  # type: ignore[attr-defined]

    def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if self.path.rstrip("/") != "/v1/charges":
            self._send(Answer(404, {"error": "not_found"}))
            return
        headers = {name.lower(): value for name, value in self.headers.items()}
        self._send(self.simulator.charge(headers, raw))

    def do_GET(self) -> None:  # noqa: N802
        if self.path.rstrip("/") == "/v1/stats":
            self._send(Answer(200, dict(self.simulator.stats())))
        else:
            self._send(Answer(404, {"error": "not_found"}))

    def _send(self, answer: Answer) -> None:
        payload = json.dumps(answer.body).encode()
        self.send_response(answer.status, HTTPStatus(answer.status).phrase)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        for name, value in answer.headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (http.server's signature)
        if self.simulator.verbose:
            super().log_message(format, *args)


def _fraction(value: str) -> float:
    number = float(value)
    if not 0.0 <= number <= 1.0:
        raise argparse.ArgumentTypeError("must be between 0 and 1")
    return number


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m local.provider_simulator", description="Payment provider simulator on 127.0.0.1."
    )
    parser.add_argument("--port", type=int, default=0, help="port to listen on (0 = ephemeral; default 0)")
    parser.add_argument("--api-key", default=DEFAULT_API_KEY, help="accepted Bearer key")
    parser.add_argument("--rate", type=float, default=None, help="requests/s (token bucket); default off")
    parser.add_argument("--burst", type=int, default=None, help="bucket size (default: 1 s of --rate)")
    parser.add_argument("--latency-ms", type=float, default=0.0, help="mean added latency in ms")
    parser.add_argument("--jitter-ms", type=float, default=0.0, help="latency varies uniformly by ± this")
    parser.add_argument("--error-rate", type=_fraction, default=0.0, help="fraction of 500/503 answers")
    parser.add_argument("--decline-rate", type=_fraction, default=0.0, help="fraction of keys declined (402)")
    parser.add_argument("--seed", type=int, default=None, help="seed of the error/jitter randomness")
    parser.add_argument("--verbose", action="store_true", help="log every request to stderr")
    args = parser.parse_args(argv)
    try:
        simulator = ProviderSimulator(
            port=args.port,
            api_key=args.api_key,
            rate=args.rate,
            burst=args.burst,
            latency_ms=args.latency_ms,
            jitter_ms=args.jitter_ms,
            error_rate=args.error_rate,
            decline_rate=args.decline_rate,
            seed=args.seed,
            verbose=args.verbose,
        )
    except ValueError as err:
        parser.error(str(err))
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    print(simulator.start(), flush=True)
    try:
        done.wait()
    except KeyboardInterrupt:
        pass
    finally:
        simulator.stop()
        print(json.dumps(simulator.stats()), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
