"""DynamoDB attribute values (stream JSON) to plain JSON values, exactly.

| DynamoDB            | here                                                                         |
|---------------------|------------------------------------------------------------------------------|
| S, BOOL, NULL       | str, bool, None                                                              |
| N                   | int when integral, else Decimal: both exact (no float anywhere)              |
| B                   | base64 text (canonical padding)                                              |
| SS / NS / BS        | de-duplicated lists sorted by code point / numeric value / unsigned bytes    |
| L, M                | list, dict, recursively                                                      |

Built on Powertools' `TypeDeserializer` (type dispatch, S, BOOL, NULL, L). What it does not fit is replaced:
it turns "" into 0 for N and passes B through unchecked, it returns sets (not JSON), and it fails on malformed
values with bare IndexError/AttributeError. Every malformed value here raises `ValueError` naming the problem.
"""

from base64 import b64decode, b64encode
from binascii import Error as Base64Error
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from aws_lambda_powertools.shared.dynamodb_deserializer import TypeDeserializer


class _JsonTypeDeserializer(TypeDeserializer):
    def deserialize(self, value: Any) -> Any:
        if not isinstance(value, Mapping) or len(value) != 1:
            raise ValueError(f"an attribute value must be an object with exactly one type key, got {_show(value)}")
        try:
            return super().deserialize(dict(value))
        except TypeError as err:  # Powertools' message for an unknown type key
            raise ValueError(str(err)) from err

    def _deserialize_n(self, value: Any) -> int | Decimal:  # type: ignore[override]
        return _number(value)

    def _deserialize_b(self, value: Any) -> str:  # type: ignore[override]
        return _base64(_binary(value))

    def _deserialize_ns(self, value: Any) -> list[int | Decimal]:  # type: ignore[override]
        return sorted({_number(v) for v in _set_members("NS", value)})

    def _deserialize_ss(self, value: Any) -> list[str]:  # type: ignore[override]
        members = _set_members("SS", value)
        if not all(isinstance(v, str) for v in members):
            raise ValueError(f"SS members must be strings, got {_show(value)}")
        return sorted(set(members))

    def _deserialize_bs(self, value: Any) -> list[str]:  # type: ignore[override]
        return [_base64(raw) for raw in sorted({_binary(v) for v in _set_members("BS", value)})]

    def _deserialize_l(self, value: Any) -> list[Any]:
        if not isinstance(value, list):
            raise ValueError(f"L must hold a list, got {_show(value)}")
        return [self.deserialize(v) for v in value]

    def _deserialize_m(self, value: Any) -> dict[str, Any]:
        if not isinstance(value, Mapping):
            raise ValueError(f"M must hold an object, got {_show(value)}")
        return {k: self.deserialize(v) for k, v in value.items()}


def _show(value: Any, limit: int = 80) -> str:
    """A short repr for error messages: a malformed value may be a whole nested map."""
    text = repr(value)
    return text if len(text) <= limit else f"{text[: limit - 3]}..."


def _number(value: Any) -> int | Decimal:
    if not isinstance(value, str):
        raise ValueError(f"N must be a string, got {_show(value)}")
    try:
        number = Decimal(value)
    except InvalidOperation as err:
        raise ValueError(f"N is not a number: {_show(value)}") from err
    if not number.is_finite():
        raise ValueError(f"N is not a finite number: {_show(value)}")
    return int(number) if number == number.to_integral_value() else number


def _binary(value: Any) -> bytes:
    if isinstance(value, bytes | bytearray):  # boto3's own stream reader hands out bytes
        return bytes(value)
    if not isinstance(value, str):
        raise ValueError(f"B must be base64 text, got {_show(value)}")
    try:
        return b64decode(value, validate=True)
    except Base64Error as err:
        raise ValueError(f"B is not valid base64: {_show(value)}") from err


def _base64(raw: bytes) -> str:
    return b64encode(raw).decode("ascii")


def _set_members(kind: str, value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise ValueError(f"{kind} must hold a list, got {_show(value)}")
    return value


_DESERIALIZER = _JsonTypeDeserializer()


def unmarshal_value(value: Mapping[str, Any]) -> Any:
    """One typed attribute value (`{"N": "1.5"}`) as a plain JSON value (`Decimal("1.5")`)."""
    return _DESERIALIZER.deserialize(value)


def unmarshal_item(item: Mapping[str, Any], *, where: str) -> dict[str, Any]:
    """A typed item (stream `Keys`, `NewImage`, `OldImage`) as a plain dict.

    `where` names the item in error messages (`NewImage.price: N is not a number: 'abc'`).
    """
    if not isinstance(item, Mapping):
        raise ValueError(f"{where} must be an object of attribute values, got {_show(item)}")
    plain: dict[str, Any] = {}
    for name, value in item.items():
        try:
            plain[name] = unmarshal_value(value)
        except ValueError as err:
            raise ValueError(f"{where}.{name}: {err}") from err
    return plain
