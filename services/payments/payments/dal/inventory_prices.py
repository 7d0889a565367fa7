"""Unit prices of SKUs from the inventory table (key pk=`SKU#<sku>`, sk=`STOCK`; `price` N, integer cents).

One BatchGetItem per 100 SKUs. DynamoDB may return part of a batch as `UnprocessedKeys` (throttling, size);
those are asked again with exponential backoff and jitter, a bounded number of times, after which
`InventoryUnavailable` (retryable: the message is redelivered) is raised. A SKU without an item or without an
integer `price` raises `PriceNotFound` (not retryable: the order cannot be priced).
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from order_common.aws_clients import client

KEYS_PER_REQUEST = 100  # BatchGetItem's limit
MAX_ATTEMPTS = 5
BASE_DELAY_SECONDS = 0.05
MAX_DELAY_SECONDS = 1.0


class PriceNotFound(LookupError):
    """Some SKUs have no item or no integer `price` in the inventory table."""

    def __init__(self, skus: Iterable[str]) -> None:
        self.skus = tuple(sorted(skus))
        super().__init__(f"no price for SKU(s): {', '.join(self.skus)}")


class InventoryUnavailable(RuntimeError):
    """DynamoDB kept keys unprocessed after every attempt; try the whole message again later."""


def sku_key(sku: str) -> dict[str, dict[str, str]]:
    return {"pk": {"S": f"SKU#{sku}"}, "sk": {"S": "STOCK"}}


def get_prices(
    table_name: str,
    skus: Iterable[str],
    *,
    dynamodb: Any = None,
    max_attempts: int = MAX_ATTEMPTS,
    sleep: Callable[[float], None] = time.sleep,
) -> dict[str, int]:
    """Price in cents of each distinct SKU; raises `PriceNotFound` / `InventoryUnavailable` (module doc)."""
    wanted = sorted(set(skus))  # BatchGetItem rejects duplicate keys
    dynamodb = dynamodb or client("dynamodb")
    items: list[dict[str, Any]] = []
    for start in range(0, len(wanted), KEYS_PER_REQUEST):
        request = {
            table_name: {
                "Keys": [sku_key(sku) for sku in wanted[start : start + KEYS_PER_REQUEST]],
                "ProjectionExpression": "pk, #price",
                "ExpressionAttributeNames": {"#price": "price"},
            }
        }
        items.extend(_get_all(dynamodb, table_name, request, max_attempts, sleep))
    prices = {}
    for item in items:
        price = _cents(item.get("price", {}).get("N"))
        if price is not None:
            prices[item["pk"]["S"].removeprefix("SKU#")] = price
    missing = set(wanted) - prices.keys()
    if missing:
        raise PriceNotFound(missing)
    return prices


def _get_all(
    dynamodb: Any,
    table_name: str,
    request: dict[str, Any],
    max_attempts: int,
    sleep: Callable[[float], None],
) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    for attempt in range(1, max_attempts + 1):
        response = dynamodb.batch_get_item(RequestItems=request)
        items.extend(response.get("Responses", {}).get(table_name, []))
        request = response.get("UnprocessedKeys") or {}
        if not request:
            return items
        if attempt < max_attempts:
            delay = min(MAX_DELAY_SECONDS, BASE_DELAY_SECONDS * 2 ** (attempt - 1))
            sleep(random.uniform(delay / 2, delay))
    unprocessed = len(request.get(table_name, {}).get("Keys", []))
    raise InventoryUnavailable(f"{unprocessed} keys still unprocessed after {max_attempts} attempts")


def _cents(value: str | None) -> int | None:
    try:
        number = Decimal(value) if value is not None else None
    except InvalidOperation:
        return None
    if number is None or not number.is_finite() or number != number.to_integral_value() or number < 0:
        return None
    return int(number)
