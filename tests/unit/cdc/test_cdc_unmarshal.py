"""DynamoDB attribute values to plain JSON: exact numbers, sorted sets, base64 binary."""

from decimal import Decimal

import pytest
from awslambdaric.lambda_runtime_marshaller import to_json
from cdc.logic.unmarshal import unmarshal_item, unmarshal_value


@pytest.mark.parametrize(
    ("typed", "expected_json"),
    [
        ({"N": "12345678901234567890123456789012345678"}, "12345678901234567890123456789012345678"),
        ({"N": "-0.12345678901234567890123456789012345678"}, "-0.12345678901234567890123456789012345678"),
        ({"N": "3.14159265358979323846264338327950288"}, "3.14159265358979323846264338327950288"),
        ({"N": "1E-130"}, "1E-130"),
        (
            {"N": "9.9999999999999999999999999999999999999E+125"},
            "99999999999999999999999999999999999999" + "0" * 88,
        ),
        ({"N": "0.1"}, "0.1"),
        ({"N": "100.00"}, "100"),
        ({"N": "-0"}, "0"),
    ],
)
def test_numbers_keep_every_digit(typed: dict[str, str], expected_json: str) -> None:
    # Given a DynamoDB number, up to the 38 significant digits and the exponent range DynamoDB allows
    # When it is unmarshalled and serialised the way the Lambda runtime serialises a response
    value = unmarshal_value(typed)

    # Then the JSON number has exactly the stored value: no float, no rounding
    assert to_json(value) == expected_json
    assert isinstance(value, int | Decimal) and not isinstance(value, bool)


def test_integral_numbers_are_ints_and_fractions_are_decimals() -> None:
    # Given an integral and a fractional number
    # When they are unmarshalled
    integral, fraction = unmarshal_value({"N": "42"}), unmarshal_value({"N": "123.45"})

    # Then the integral one is an int and the fractional one an exact Decimal
    assert type(integral) is int and integral == 42
    assert type(fraction) is Decimal and fraction == Decimal("123.45")


def test_sets_become_sorted_deduplicated_lists() -> None:
    # Given string, number and binary sets in no particular order (with duplicates, as some fixtures have)
    item = {
        "ss": {"SS": ["pear", "Apple", "banana", "pear"]},
        "ns": {"NS": ["10", "9", "-1.5", "1E+2", "10.0"]},
        # bytes 0xff, 0x00, "a": base64 text order (/w==, AA==, YQ==) differs from byte order
        "bs": {"BS": ["/w==", "AA==", "YQ==", "AA=="]},
        "empty": {"SS": []},
    }

    # When the item is unmarshalled
    plain = unmarshal_item(item, where="NewImage")

    # Then each set is a list sorted by code point / numeric value / unsigned bytes, without duplicates
    assert plain == {
        "ss": ["Apple", "banana", "pear"],
        "ns": [Decimal("-1.5"), 9, 10, 100],
        "bs": ["AA==", "YQ==", "/w=="],
        "empty": [],
    }
    assert to_json(plain["ns"]) == "[-1.5, 9, 10, 100]"


def test_binary_is_base64_text_whether_it_arrives_as_text_or_bytes() -> None:
    # Given binary as stream JSON carries it (base64 text) and as boto3's stream reader returns it (bytes)
    # When both are unmarshalled
    from_text = unmarshal_value({"B": "AAEqQQ=="})
    from_bytes = unmarshal_value({"B": b"\x00\x01*A"})
    set_from_bytes = unmarshal_value({"BS": [b"A*\x01\x00", b"\x00\x01*A"]})

    # Then both give the same base64 text
    assert from_text == from_bytes == "AAEqQQ=="
    assert set_from_bytes == ["AAEqQQ==", "QSoBAA=="]


def test_null_bool_list_and_map_nest_recursively() -> None:
    # Given a map holding every scalar kind and a list holding a map holding a set
    typed = {
        "M": {
            "none": {"NULL": True},
            "yes": {"BOOL": True},
            "no": {"BOOL": False},
            "text": {"S": ""},
            "lines": {"L": [{"M": {"tags": {"SS": ["b", "a"]}, "qty": {"N": "2"}}}, {"L": []}, {"B": ""}]},
        }
    }

    # When it is unmarshalled
    plain = unmarshal_value(typed)

    # Then the structure is plain JSON all the way down
    assert plain == {
        "none": None,
        "yes": True,
        "no": False,
        "text": "",
        "lines": [{"tags": ["a", "b"], "qty": 2}, [], ""],
    }


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ({"N": ""}, "N is not a number"),
        ({"N": "abc"}, "N is not a number"),
        ({"N": "NaN"}, "not a finite number"),
        ({"N": "Infinity"}, "not a finite number"),
        ({"N": 5}, "N must be a string"),
        ({"B": "not base64!"}, "B is not valid base64"),
        ({"BS": ["AAEqQQ==", "%%%"]}, "B is not valid base64"),
        ({"NS": "1"}, "NS must hold a list"),
        ({"SS": ["a", 1]}, "SS members must be strings"),
        ({"L": {"S": "x"}}, "L must hold a list"),
        ({"L": ["x"]}, "exactly one type key"),
        ({"M": ["x"]}, "M must hold an object"),
        ({"X": "1"}, "X is not supported"),
        ({"S": "a", "N": "1"}, "exactly one type key"),
        ({}, "exactly one type key"),
        ("plain", "exactly one type key"),
    ],
)
def test_malformed_values_are_rejected_with_a_reason(typed: object, message: str) -> None:
    # Given a value DynamoDB would never produce
    # When it is unmarshalled
    # Then it is refused with a message that says what is wrong (never silently turned into something else)
    with pytest.raises(ValueError, match=message):
        unmarshal_value(typed)  # type: ignore[arg-type]


def test_errors_name_the_attribute_that_failed() -> None:
    # Given an image with one bad attribute
    # When it is unmarshalled
    # Then the error names the image and the attribute
    with pytest.raises(ValueError, match=r"^NewImage\.price: N is not a number: 'abc'$"):
        unmarshal_item({"sku": {"S": "A-1"}, "price": {"N": "abc"}}, where="NewImage")
