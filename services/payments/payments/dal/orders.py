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
