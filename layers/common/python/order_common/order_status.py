"""Order status is a state machine; every transition is a conditional write.

A transition only happens from the expected previous status (`status = :expected`), so a duplicate or
out-of-order event is a no-op rather than a double effect.

    PENDING ──▶ PAYMENT_PENDING ──▶ PAID ──▶ FULFILLED
       │                  └──────▶ PAYMENT_FAILED ──▶ CANCELLED
       └──▶ REJECTED

Step Functions performs the transitions it owns with direct DynamoDB integrations using the same rule
(see terraform/modules/workflows/*.asl.json); Lambda code uses `transition()`.
"""

from __future__ import annotations

import time
from enum import StrEnum
from typing import Any

from botocore.exceptions import ClientError

from order_common.aws_clients import client


class OrderStatus(StrEnum):
    PENDING = "PENDING"
    PAYMENT_PENDING = "PAYMENT_PENDING"
    PAID = "PAID"
    PAYMENT_FAILED = "PAYMENT_FAILED"
    FULFILLED = "FULFILLED"
    REJECTED = "REJECTED"
    CANCELLED = "CANCELLED"


ALLOWED: dict[OrderStatus, frozenset[OrderStatus]] = {
    OrderStatus.PENDING: frozenset({OrderStatus.PAYMENT_PENDING, OrderStatus.REJECTED}),
    OrderStatus.PAYMENT_PENDING: frozenset({OrderStatus.PAID, OrderStatus.PAYMENT_FAILED}),
    OrderStatus.PAID: frozenset({OrderStatus.FULFILLED}),
    OrderStatus.PAYMENT_FAILED: frozenset({OrderStatus.CANCELLED}),
    OrderStatus.FULFILLED: frozenset(),
    OrderStatus.REJECTED: frozenset(),
    OrderStatus.CANCELLED: frozenset(),
}

TERMINAL = frozenset(s for s, nxt in ALLOWED.items() if not nxt)


class InvalidTransition(ValueError):
    """The transition is not part of the state machine (a programming error, not a race)."""


def order_key(order_id: str) -> dict[str, dict[str, str]]:
    """The orders table key of an order, in DynamoDB's typed form."""
    return {"pk": {"S": f"ORDER#{order_id}"}, "sk": {"S": "ORDER"}}


def transition(
    table_name: str,
    order_id: str,
    expected: OrderStatus,
    new: OrderStatus,
    extra: dict[str, Any] | None = None,
) -> bool:
    """Move an order from `expected` to `new`. Returns False (a no-op) when the order is not in `expected`.

    `extra` attributes (plain strings or numbers) are set in the same write, e.g. a payment reference.
    """
    if new not in ALLOWED[expected]:
        raise InvalidTransition(f"{expected} -> {new} is not an allowed order transition")
    names = {"#status": "status", "#updatedAt": "updatedAt"}
    values: dict[str, Any] = {
        ":expected": {"S": expected.value},
        ":new": {"S": new.value},
        ":now": {"N": str(int(time.time() * 1000))},
    }
    sets = ["#status = :new", "#updatedAt = :now"]
    for i, (key, value) in enumerate((extra or {}).items()):
        names[f"#x{i}"] = key
        values[f":x{i}"] = {"N": str(value)} if isinstance(value, int | float) else {"S": str(value)}
        sets.append(f"#x{i} = :x{i}")
    try:
        client("dynamodb").update_item(
            TableName=table_name,
            Key=order_key(order_id),
            UpdateExpression="SET " + ", ".join(sets),
            ConditionExpression="#status = :expected",
            ExpressionAttributeNames=names,
            ExpressionAttributeValues=values,
        )
    except ClientError as err:
        if err.response["Error"]["Code"] == "ConditionalCheckFailedException":
            return False
        raise
    return True
