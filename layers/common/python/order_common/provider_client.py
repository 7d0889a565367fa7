"""Client of the external payment provider (stdlib urllib only).

    provider = ProviderClient(base_url=settings.provider_url, api_key=api_key, read_timeout=3.0)
    result = provider.charge(order_id="o-1", amount_cents=2598, currency="EUR", customer_id="c-1")

`POST {base_url}/v1/charges` with `Idempotency-Key: <orderId>` (the provider charges an order at most once,
and answers a repeated key with the first answer) and `Authorization: Bearer <apiKey>`.

Outcomes:
- 200/201                      -> `ChargeResult(approved=True, charge_id=...)`
- 402                          -> `ChargeResult(approved=False, decline_reason=...)`, a business outcome
- 429, 5xx, timeout, network   -> raises `ProviderUnavailable` (retryable; `retry_after` in seconds if given)
- any other status (401, 400…) -> raises `ProviderRejected` (our request or credentials are wrong; retrying
                                  the same request only helps once the configuration is fixed)

The URL and key come from the caller's settings; nothing here reads the environment.
"""

from __future__ import annotations

import email.utils
import functools
import http.client
import json
import ssl
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any

DEFAULT_CONNECT_TIMEOUT = 1.0
DEFAULT_READ_TIMEOUT = 3.0


@dataclass(frozen=True)
class ChargeResult:
    approved: bool
    charge_id: str | None = None
    decline_reason: str | None = None


class ProviderError(Exception):
    """The provider did not give a charge outcome."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class ProviderUnavailable(ProviderError):
    """Throttled (429), provider error (5xx), timeout or connection failure: retry later."""

    def __init__(self, message: str, status: int | None = None, retry_after: float | None = None) -> None:
        super().__init__(message, status)
        self.retry_after = retry_after

    @property
    def throttled(self) -> bool:
        return self.status == 429


class ProviderRejected(ProviderError):
    """The provider refused the request itself (e.g. 401 bad key, 400 bad request): not a charge outcome."""


class _HTTPConnection(http.client.HTTPConnection):
    """Connects with `timeout` (the connect timeout), then waits at most `read_timeout` for each read."""

    def __init__(self, *args: Any, read_timeout: float, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.read_timeout = read_timeout

    def connect(self) -> None:
        super().connect()
        self.sock.settimeout(self.read_timeout)


class _HTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, *args: Any, read_timeout: float, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.read_timeout = read_timeout

    def connect(self) -> None:
        super().connect()
        self.sock.settimeout(self.read_timeout)


class _HTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, read_timeout: float) -> None:
        super().__init__()
        self._connection = functools.partial(_HTTPConnection, read_timeout=read_timeout)

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(self._connection, req)


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, read_timeout: float) -> None:
        self._ssl_context = ssl.create_default_context()  # certificate and host name verification on
        super().__init__(context=self._ssl_context)
        self._connection = functools.partial(_HTTPSConnection, read_timeout=read_timeout)

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(self._connection, req, context=self._ssl_context)


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP date); None if absent or invalid."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


class ProviderClient:
    def __init__(
        self,
        base_url: str,
        api_key: str,
        connect_timeout: float = DEFAULT_CONNECT_TIMEOUT,
        read_timeout: float = DEFAULT_READ_TIMEOUT,
    ) -> None:
        self._charges_url = base_url.rstrip("/") + "/v1/charges"
        self._api_key = api_key
        self._connect_timeout = connect_timeout
        self._opener = urllib.request.build_opener(_HTTPHandler(read_timeout), _HTTPSHandler(read_timeout))

    def charge(self, order_id: str, amount_cents: int, currency: str, customer_id: str) -> ChargeResult:
        """Charge an order once (the order id is the idempotency key). See the module doc for the outcomes."""
        body = {"amount": amount_cents, "currency": currency, "customerId": customer_id, "orderId": order_id}
        request = urllib.request.Request(
            self._charges_url,
            data=json.dumps(body).encode(),
            method="POST",
            headers={
                "Content-Type": "application/json",
                "Accept": "application/json",
                "Authorization": f"Bearer {self._api_key}",
                "Idempotency-Key": order_id,
            },
        )
        try:
            with self._opener.open(request, timeout=self._connect_timeout) as response:
                return self._approved(response.status, _json(response.read()))
        except urllib.error.HTTPError as err:
            with err:
                return self._non_success(err.code, err.headers.get("Retry-After"), _error_body(err))
        except (urllib.error.URLError, http.client.HTTPException, OSError) as err:
            # URLError wraps connect failures and connect timeouts; TimeoutError/OSError come from reads.
            raise ProviderUnavailable(f"payment provider unreachable: {err}") from err

    @staticmethod
    def _approved(status: int, body: dict[str, Any]) -> ChargeResult:
        if status not in (200, 201):
            raise ProviderRejected(f"unexpected provider status {status}", status)
        charge_id = body.get("id")
        if not charge_id:
            raise ProviderUnavailable(f"provider answered {status} without a charge id", status)
        return ChargeResult(approved=True, charge_id=str(charge_id))

    @staticmethod
    def _non_success(status: int, retry_after: str | None, body: dict[str, Any]) -> ChargeResult:
        if status == 402:
            reason = body.get("declineCode") or body.get("reason") or "declined"
            return ChargeResult(approved=False, decline_reason=str(reason))
        if status == 429 or status >= 500:
            raise ProviderUnavailable(
                f"payment provider unavailable ({status})", status, parse_retry_after(retry_after)
            )
        raise ProviderRejected(f"payment provider rejected the request ({status}): {body}", status)


def _error_body(err: urllib.error.HTTPError) -> dict[str, Any]:
    try:
        return _json(err.read())
    except (http.client.HTTPException, OSError):  # the status is the answer; a broken body does not change it
        return {}


def _json(raw: bytes) -> dict[str, Any]:
    try:
        value = json.loads(raw) if raw else {}
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}
