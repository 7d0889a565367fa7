"""Inventory prices by BatchGetItem: chunking, duplicates, missing SKUs, bounded UnprocessedKeys retries."""

from __future__ import annotations

import os
from typing import Any

import pytest
from payments.dal.inventory_prices import InventoryUnavailable, PriceNotFound, get_prices, sku_key


@pytest.fixture
def table(world) -> str:
    return os.environ["INVENTORY_TABLE_NAME"]


def test_prices_of_distinct_skus_even_when_lines_repeat_a_sku(world, table):
    # Given two priced SKUs
    world.given_sku("SKU-1", 1299)
    world.given_sku("SKU-2", 250)

    # When the prices of lines naming SKU-1 twice are read
    prices = get_prices(table, ["SKU-1", "SKU-2", "SKU-1"])

    # Then each SKU is priced once (BatchGetItem refuses duplicate keys)
    assert prices == {"SKU-1": 1299, "SKU-2": 250}


def test_more_skus_than_one_batch_get_allows(world, table):
    # Given 150 priced SKUs (BatchGetItem takes 100 keys)
    for i in range(150):
        world.given_sku(f"SKU-{i}", i)

    # When all are priced
    prices = get_prices(table, [f"SKU-{i}" for i in range(150)])

    # Then all come back
    assert prices == {f"SKU-{i}": i for i in range(150)}


@pytest.mark.parametrize("bad_price", [None, "9.99", "-1"], ids=["no-price", "not-integer", "negative"])
def test_skus_without_a_usable_price_are_named(world, table, bad_price):
    # Given one good SKU, one unusable and one unknown
    world.given_sku("SKU-1", 100)
    world.given_sku("SKU-BAD", bad_price)

    # When they are priced
    with pytest.raises(PriceNotFound) as raised:
        get_prices(table, ["SKU-1", "SKU-BAD", "SKU-UNKNOWN"])

    # Then the error names the SKUs that cannot be priced
    assert raised.value.skus == ("SKU-BAD", "SKU-UNKNOWN")


class FlakyDynamoDB:
    """Answers BatchGetItem leaving `unprocessed_rounds` rounds of keys unprocessed, then everything."""

    def __init__(self, table: str, prices: dict[str, int], unprocessed_rounds: int) -> None:
        self.table = table
        self.prices = prices
        self.unprocessed_rounds = unprocessed_rounds
        self.calls: list[list[dict[str, Any]]] = []

    def batch_get_item(self, RequestItems: dict[str, Any]) -> dict[str, Any]:  # noqa: N803 (boto3's name)
        keys = RequestItems[self.table]["Keys"]
        self.calls.append(keys)
        if len(self.calls) <= self.unprocessed_rounds:
            done, left = keys[:1], keys[1:]
        else:
            done, left = keys, []
        items = [{"pk": key["pk"], "price": {"N": str(self._price(key))}} for key in done]
        unprocessed = {self.table: {**RequestItems[self.table], "Keys": left}} if left else {}
        return {"Responses": {self.table: items}, "UnprocessedKeys": unprocessed}

    def _price(self, key: dict[str, Any]) -> int:
        return self.prices[key["pk"]["S"].removeprefix("SKU#")]


def test_unprocessed_keys_are_asked_again_with_backoff():
    # Given DynamoDB leaves keys unprocessed twice
    dynamodb = FlakyDynamoDB("inv", {"A": 1, "B": 2, "C": 3}, unprocessed_rounds=2)
    sleeps: list[float] = []

    # When the prices are read
    prices = get_prices("inv", ["A", "B", "C"], dynamodb=dynamodb, sleep=sleeps.append)

    # Then only the unprocessed keys are asked again, after growing pauses, and all prices come back
    assert prices == {"A": 1, "B": 2, "C": 3}
    assert [len(keys) for keys in dynamodb.calls] == [3, 2, 1]
    assert len(sleeps) == 2 and sleeps[0] <= 0.05 < sleeps[1] * 2 + 1e-9


def test_keys_still_unprocessed_after_the_last_attempt_make_the_message_retry():
    # Given DynamoDB leaves keys unprocessed every time
    dynamodb = FlakyDynamoDB("inv", {"A": 1, "B": 2, "C": 3, "D": 4, "E": 5, "F": 6}, unprocessed_rounds=99)
    sleeps: list[float] = []

    # When the prices are read with 3 attempts
    with pytest.raises(InventoryUnavailable):
        get_prices("inv", "ABCDEF", dynamodb=dynamodb, max_attempts=3, sleep=sleeps.append)

    # Then it gave up after 3 calls and 2 pauses
    assert len(dynamodb.calls) == 3 and len(sleeps) == 2


def test_the_key_shape_is_the_inventory_tables():
    assert sku_key("SKU-1") == {"pk": {"S": "SKU#SKU-1"}, "sk": {"S": "STOCK"}}
