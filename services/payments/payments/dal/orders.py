"""Reads of the orders table (key pk=`ORDER#<orderId>`, sk=`ORDER`).

Status writes go through `order_common.order_status.transition` (conditional).
"""

from __future__ import annotations

from order_common.aws_clients import client
from order_common.order_status import OrderStatus, order_key


def get_order_status(table_name: str, order_id: str) -> OrderStatus | None:
    """The order's current status (strongly consistent read), or None when there is no such order."""
    response = client("dynamodb").get_item(
        TableName=table_name,
        Key=order_key(order_id),
        ProjectionExpression="#status",
        ExpressionAttributeNames={"#status": "status"},
        ConsistentRead=True,
    )
    item = response.get("Item")
    if item is None:
        return None
    return OrderStatus(item["status"]["S"])


def pin_charge_amount(table_name: str, order_id: str, amount_cents: int) -> int:
    """The amount this order is charged: `amount_cents` the first time, the amount pinned then ever after.

    A charge that timed out may still have gone through at the provider; its redelivery must send the very same
    request under the same idempotency key (the provider refuses a reused key with another amount), even if a
    price changed meanwhile. Only a PAYMENT_PENDING order gets an amount pinned.
    """
    response = client("dynamodb").update_item(
        TableName=table_name,
        Key=order_key(order_id),
        UpdateExpression="SET #amount = if_not_exists(#amount, :amount)",
        ConditionExpression="#status = :pending",
        ExpressionAttributeNames={"#amount": "chargeAmountCents", "#status": "status"},
        ExpressionAttributeValues={":amount": {"N": str(amount_cents)}, ":pending": {"S": "PAYMENT_PENDING"}},
        ReturnValues="ALL_NEW",
    )
    return int(response["Attributes"]["chargeAmountCents"]["N"])
