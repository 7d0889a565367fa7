"""The enrichment contract, record by record: exact outputs for real samples and for every attribute type."""

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from awslambdaric.lambda_runtime_marshaller import to_json
from cdc.logic.enrich import EnrichmentError, enrich_stream_records

FN = "orders-test-cdc-enrich"


def strict(value: Any) -> Any:
    """`value` with every scalar tagged by its type, so equality also tells 1 from True and 1 from 1.0."""
    if isinstance(value, dict):
        return {key: strict(item) for key, item in value.items()}
    if isinstance(value, list):
        return [strict(item) for item in value]
    if isinstance(value, Decimal):
        return ("Decimal", str(value))
    return (type(value).__name__, value)


def assert_exactly(actual: Any, expected: Any) -> None:
    assert actual == expected
    assert strict(actual) == strict(expected)


def order_record(event_name: str, **change: Any) -> dict[str, Any]:
    """A stream record from the orders table (keys pk/sk), as the pipe hands it over."""
    return {
        "eventID": "c81e728d9d4c2f636f067f89cc14862c",
        "eventName": event_name,
        "eventVersion": "1.1",
        "eventSource": "aws:dynamodb",
        "awsRegion": "eu-west-1",
        "dynamodb": {
            "ApproximateCreationDateTime": 1735689600,
            "Keys": {"sk": {"S": "ORDER"}, "pk": {"S": "ORDER#o-1"}},
            "SequenceNumber": "4421584500000000017450439091",
            "SizeBytes": 412,
            "StreamViewType": "NEW_AND_OLD_IMAGES",
            **change,
        },
        "eventSourceARN": "arn:aws:dynamodb:eu-west-1:123456789012:table/orders/stream/2025-01-01T00:00:00",
    }


# --- exact outputs for real captures (captured_ankcorn: real AWS, pk/sk keys) -------------------------------


def test_modify_with_new_and_old_images(corpus_event: Callable[[str], Any]) -> None:
    # Given a real NEW_AND_OLD_IMAGES MODIFY capture
    event = corpus_event("dynamodb_streams/captured_ankcorn/NEW_AND_OLD_IMAGES__MODIFY.json")

    # When it is enriched
    enriched = enrich_stream_records(event, function_name=FN)

    # Then MODIFY becomes an UPDATE carrying both images
    assert_exactly(
        enriched,
        [
            {
                "meta": {"fn": FN},
                "data": {
                    "pk": "a",
                    "sk": "b",
                    "eventName": "MODIFY",
                    "eventType": "UPDATE",
                    "NewImage": {"data": "hello", "sk": "b", "pk": "a"},
                    "OldImage": {"data": "test", "sk": "b", "pk": "a"},
                },
            }
        ],
    )


def test_insert_with_new_image_only(corpus_event: Callable[[str], Any]) -> None:
    # Given a real NEW_IMAGE INSERT capture
    event = corpus_event("dynamodb_streams/captured_ankcorn/NEW_IMAGE__INSERT.json")

    # When it is enriched
    enriched = enrich_stream_records(event, function_name=FN)

    # Then the INSERT carries the new image and no OldImage key at all
    assert_exactly(
        enriched,
        [
            {
                "meta": {"fn": FN},
                "data": {
                    "pk": "a",
                    "sk": "b",
                    "eventName": "INSERT",
                    "eventType": "INSERT",
                    "NewImage": {"data": "test", "sk": "b", "pk": "a"},
                },
            }
        ],
    )


def test_remove_with_old_image_only(corpus_event: Callable[[str], Any]) -> None:
    # Given a real OLD_IMAGE REMOVE capture
    event = corpus_event("dynamodb_streams/captured_ankcorn/OLD_IMAGE__REMOVE.json")

    # When it is enriched
    enriched = enrich_stream_records(event, function_name=FN)

    # Then the REMOVE carries the old image and no NewImage key at all
    assert_exactly(
        enriched,
        [
            {
                "meta": {"fn": FN},
                "data": {
                    "pk": "a",
                    "sk": "b",
                    "eventName": "REMOVE",
                    "eventType": "REMOVE",
                    "OldImage": {"data": "hello", "sk": "b", "pk": "a"},
                },
            }
        ],
    )


def test_keys_only_remove_has_keys_and_no_images(corpus_event: Callable[[str], Any]) -> None:
    # Given a real KEYS_ONLY REMOVE capture
    event = corpus_event("dynamodb_streams/captured_ankcorn/KEYS_ONLY__REMOVE.json")

    # When it is enriched
    enriched = enrich_stream_records(event, function_name=FN)

    # Then only the keys and the change kind are there
    assert_exactly(
        enriched,
        [{"meta": {"fn": FN}, "data": {"pk": "a", "sk": "b", "eventName": "REMOVE", "eventType": "REMOVE"}}],
    )


def test_ttl_expiry_is_an_ordinary_remove(corpus_event: Callable[[str], Any]) -> None:
    # Given a REMOVE made by DynamoDB's TTL sweeper (userIdentity = dynamodb.amazonaws.com)
    event = corpus_event("curated/ttl-remove__composed.json")

    # When it is enriched
    enriched = enrich_stream_records(event, function_name=FN)

    # Then it is a REMOVE like any other (the contract carries no userIdentity), its TTL number exact
    assert_exactly(
        enriched,
        [
            {
                "meta": {"fn": FN},
                "data": {
                    "pk": "a",
                    "sk": "b",
                    "eventName": "REMOVE",
                    "eventType": "REMOVE",
                    "OldImage": {"data": "hello", "sk": "b", "pk": "a", "expiresAt": 1594936200},
                },
            }
        ],
    )


# --- exact outputs for every attribute type -----------------------------------------------------------------


def test_every_attribute_type_of_the_aws_lambda_go_sample(corpus_event: Callable[[str], Any]) -> None:
    # Given the aws-lambda-go sample: B, BS (with duplicates), BOOL, L, M, N, NS, NULL, S, SS, empty SS,
    # from a table keyed by `val`/`key` rather than pk/sk
    event = corpus_event("dynamodb_streams/aws-lambda-go__dynamodb-event.json")

    # When it is enriched
    enriched = enrich_stream_records(event, function_name=FN)

    # Then every value is plain JSON: sets sorted and de-duplicated, binary base64, numbers exact,
    # and pk/sk are null because the table has no attributes of those names
    assert_exactly(
        enriched,
        [
            {
                "meta": {"fn": FN},
                "data": {
                    "pk": None,
                    "sk": None,
                    "eventName": "INSERT",
                    "eventType": "INSERT",
                    "NewImage": {
                        "val": "data",
                        "asdf1": "AAEqQQ==",
                        "asdf2": ["AAEqQQ==", "QSoBAA=="],
                        "key": "binary",
                    },
                },
            },
            {
                "meta": {"fn": FN},
                "data": {
                    "pk": None,
                    "sk": None,
                    "eventName": "INSERT",
                    "eventType": "INSERT",
                    "NewImage": {
                        "val": "data",
                        "asdf1": "AAEqQQ==",
                        "b2": "test",
                        "asdf2": ["AAEqQQ==", "QSoBAA=="],
                        "key": "binary",
                        "Binary": "AAEqQQ==",
                        "Boolean": True,
                        "BinarySet": ["AAEqQQ=="],
                        "List": ["Cookies", "Coffee", Decimal("3.14159")],
                        "Map": {"Name": "Joe", "Age": 35},
                        "FloatNumber": Decimal("123.45"),
                        "IntegerNumber": 123,
                        "NumberSet": [Decimal("567.8"), 1234],
                        "Null": None,
                        "String": "Hello",
                        "StringSet": ["Giraffe", "Zebra"],
                        "EmptyStringSet": [],
                    },
                },
            },
        ],
    )


def test_an_order_with_every_attribute_type_and_long_numbers() -> None:
    # Given an orders-table MODIFY whose images hold every attribute type, numbers of 38 significant digits,
    # and sets in an order that is not their sorted order
    new_image = {
        "pk": {"S": "ORDER#o-1"},
        "sk": {"S": "ORDER"},
        "status": {"S": "PAID"},
        "total": {"N": "12345678901234567890123456789012345.678"},
        "fxRate": {"N": "0.00000000000000000000000000000000000012345678901234567890123456789012345678"},
        "itemCount": {"N": "3"},
        "tags": {"SS": ["vip", "gift", "express"]},
        "lineAmounts": {"NS": ["19.99", "-5", "100000000000000000000000000000000000.01"]},
        "thumbs": {"BS": ["/w==", "AAEqQQ=="]},
        "signature": {"B": "3q2+7w=="},
        "coupon": {"NULL": True},
        "giftWrap": {"BOOL": False},
        "lines": {
            "L": [
                {"M": {"sku": {"S": "SKU-2"}, "qty": {"N": "2"}, "price": {"N": "9.995"}}},
                {
                    "M": {
                        "sku": {"S": "SKU-1"},
                        "qty": {"N": "1"},
                        "opts": {"L": [{"S": "red"}, {"BOOL": True}]},
                    }
                },
            ]
        },
        "address": {"M": {"zip": {"S": "75001"}, "geo": {"M": {"lat": {"N": "48.8566140"}}}}},
    }
    old_image = {
        "pk": {"S": "ORDER#o-1"},
        "sk": {"S": "ORDER"},
        "status": {"S": "PAYMENT_PENDING"},
    }
    record = order_record("MODIFY", NewImage=new_image, OldImage=old_image)

    # When it is enriched
    enriched = enrich_stream_records([record], function_name=FN)

    # Then the change event holds exactly these values
    expected = [
        {
            "meta": {"fn": FN},
            "data": {
                "pk": "ORDER#o-1",
                "sk": "ORDER",
                "eventName": "MODIFY",
                "eventType": "UPDATE",
                "NewImage": {
                    "pk": "ORDER#o-1",
                    "sk": "ORDER",
                    "status": "PAID",
                    "total": Decimal("12345678901234567890123456789012345.678"),
                    "fxRate": Decimal("1.2345678901234567890123456789012345678E-37"),
                    "itemCount": 3,
                    "tags": ["express", "gift", "vip"],
                    "lineAmounts": [-5, Decimal("19.99"), Decimal("100000000000000000000000000000000000.01")],
                    "thumbs": ["AAEqQQ==", "/w=="],
                    "signature": "3q2+7w==",
                    "coupon": None,
                    "giftWrap": False,
                    "lines": [
                        {"sku": "SKU-2", "qty": 2, "price": Decimal("9.995")},
                        {"sku": "SKU-1", "qty": 1, "opts": ["red", True]},
                    ],
                    "address": {"zip": "75001", "geo": {"lat": Decimal("48.8566140")}},
                },
                "OldImage": {"pk": "ORDER#o-1", "sk": "ORDER", "status": "PAYMENT_PENDING"},
            },
        }
    ]
    assert_exactly(enriched, expected)
    # And the Lambda runtime writes every digit of them into the response JSON
    response_json = to_json(enriched)
    for digits in (
        '"total": 12345678901234567890123456789012345.678',
        '"fxRate": 1.2345678901234567890123456789012345678E-37',
        '"lineAmounts": [-5, 19.99, 100000000000000000000000000000000000.01]',
        '"lat": 48.8566140',
    ):
        assert digits in response_json


# --- keys ---------------------------------------------------------------------------------------------------


def test_sk_is_null_when_the_table_has_no_sort_key() -> None:
    # Given a record from a table keyed by `pk` alone
    record = order_record("INSERT", NewImage={"pk": {"S": "SKU#A-1"}, "available": {"N": "7"}})
    record["dynamodb"]["Keys"] = {"pk": {"S": "SKU#A-1"}}

    # When it is enriched
    [enriched] = enrich_stream_records([record], function_name=FN)

    # Then sk is present and null (a stable shape: rules can match {"sk": [null]})
    assert enriched["data"]["pk"] == "SKU#A-1"
    assert "sk" in enriched["data"] and enriched["data"]["sk"] is None


def test_number_keys_stay_numbers() -> None:
    # Given a record whose pk and sk are numbers
    record = order_record("REMOVE")
    record["dynamodb"]["Keys"] = {"pk": {"N": "12345678901234567890123456789012345678"}, "sk": {"N": "0.5"}}

    # When it is enriched
    [enriched] = enrich_stream_records([record], function_name=FN)

    # Then they are exact numbers, not strings
    assert_exactly(
        (enriched["data"]["pk"], enriched["data"]["sk"]),
        (12345678901234567890123456789012345678, Decimal("0.5")),
    )


def test_keys_of_other_names_leave_pk_and_sk_null_and_keep_order(corpus_event: Callable[[str], Any]) -> None:
    # Given the AWS tumbling-window sample: INSERT, MODIFY, REMOVE of one item keyed by `Id`
    event = corpus_event("dynamodb_streams/aws-lambda-go__dynamodb-time-window-event.json")

    # When it is enriched
    enriched = enrich_stream_records(event, function_name=FN)

    # Then there is one event per record, in order, with pk/sk null and the item (Id included) in the images
    assert_exactly(
        enriched,
        [
            {
                "meta": {"fn": FN},
                "data": {
                    "pk": None,
                    "sk": None,
                    "eventName": "INSERT",
                    "eventType": "INSERT",
                    "NewImage": {"Message": "New item!", "Id": 101},
                },
            },
            {
                "meta": {"fn": FN},
                "data": {
                    "pk": None,
                    "sk": None,
                    "eventName": "MODIFY",
                    "eventType": "UPDATE",
                    "NewImage": {"Message": "This item has changed", "Id": 101},
                    "OldImage": {"Message": "New item!", "Id": 101},
                },
            },
            {
                "meta": {"fn": FN},
                "data": {
                    "pk": None,
                    "sk": None,
                    "eventName": "REMOVE",
                    "eventType": "REMOVE",
                    "OldImage": {"Message": "This item has changed", "Id": 101},
                },
            },
        ],
    )


# --- event shapes -------------------------------------------------------------------------------------------


def test_pipes_list_and_lambda_envelope_give_the_same_result(corpus_event: Callable[[str], Any]) -> None:
    # Given the same records as a Pipes enrichment event (a list) and as a Lambda event ({"Records": [...]})
    envelope = corpus_event("dynamodb_streams/captured_ankcorn/NEW_AND_OLD_IMAGES__INSERT.json")
    pipes_event = envelope["Records"]

    # When both are enriched
    from_list = enrich_stream_records(pipes_event, function_name=FN)
    from_envelope = enrich_stream_records(envelope, function_name=FN)

    # Then the results are identical
    assert from_list == from_envelope
    assert [e["data"]["eventType"] for e in from_list] == ["INSERT"]


def test_an_empty_batch_gives_an_empty_response() -> None:
    # Given no records
    # When they are enriched
    # Then nothing comes out (and nothing fails)
    assert enrich_stream_records([], function_name=FN) == []
    assert enrich_stream_records({"Records": []}, function_name=FN) == []


@pytest.mark.parametrize(
    "event",
    [{"detail": {}}, {"Records": "x"}, "INSERT", None, 3],
    ids=["object-without-records", "records-not-a-list", "string", "null", "number"],
)
def test_an_event_that_is_no_batch_is_refused(event: Any) -> None:
    # Given an event that is neither a list of records nor a {"Records": [...]} envelope
    # When it is enriched
    # Then the invocation fails rather than answering with an empty batch
    with pytest.raises(EnrichmentError, match="expected a list of DynamoDB stream records"):
        enrich_stream_records(event, function_name=FN)


# --- records that cannot be enriched fail the batch ---------------------------------------------------------


def test_a_bad_record_fails_the_whole_batch_naming_the_record() -> None:
    # Given a batch whose second record holds a value DynamoDB cannot have produced
    good = order_record("INSERT", NewImage={"pk": {"S": "ORDER#o-1"}, "sk": {"S": "ORDER"}})
    bad = order_record("MODIFY", NewImage={"pk": {"S": "ORDER#o-1"}, "total": {"N": "twelve"}})
    bad["eventID"] = "bad-one"

    # When the batch is enriched
    # Then it fails as a whole (the pipe retries it, then dead-letters it), and the error says which record
    # and which attribute, so that no record silently disappears from the batch
    with pytest.raises(EnrichmentError) as failure:
        enrich_stream_records([good, bad], function_name=FN)
    assert str(failure.value) == (
        "stream record #1 (eventID 'bad-one') cannot be enriched: NewImage.total: N is not a number: 'twelve'"
    )


@pytest.mark.parametrize(
    ("mutate", "reason"),
    [
        (lambda r: r.update(eventName="aws:kinesis:record"), "eventName must be one of"),
        (lambda r: r.pop("eventName"), "eventName must be one of"),
        (lambda r: r.pop("dynamodb"), "has no 'dynamodb' object"),
        (lambda r: r["dynamodb"].pop("Keys"), "Keys is missing or empty"),
        (lambda r: r["dynamodb"].update(Keys={}), "Keys is missing or empty"),
        (
            lambda r: r["dynamodb"].update(Keys={"pk": {"Q": "1"}}),
            "Keys.pk: Dynamodb type Q is not supported",
        ),
        (lambda r: r["dynamodb"].update(NewImage=None), "NewImage must be an object"),
        (lambda r: r["dynamodb"].update(OldImage={"a": "b"}), "OldImage.a: an attribute value must be"),
    ],
    ids=[
        "foreign-event-name",
        "no-event-name",
        "no-dynamodb",
        "no-keys",
        "empty-keys",
        "bad-key",
        "null-image",
        "bad-image",
    ],
)
def test_records_that_are_not_stream_records_are_refused(mutate: Any, reason: str) -> None:
    # Given a record missing what every DynamoDB stream record has
    record = order_record("INSERT", NewImage={"pk": {"S": "ORDER#o-1"}})
    mutate(record)

    # When it is enriched
    # Then the batch fails with the reason
    with pytest.raises(EnrichmentError, match=f"stream record #0 .*{reason}"):
        enrich_stream_records([record], function_name=FN)


def test_a_record_that_is_not_an_object_is_refused() -> None:
    # Given a batch holding a string where a record should be
    # When it is enriched
    # Then the batch fails, naming the position
    with pytest.raises(EnrichmentError, match=r"stream record #1 \(eventID None\).*must be an object, got str"):
        enrich_stream_records([order_record("REMOVE"), "oops"], function_name=FN)
