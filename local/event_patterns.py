"""EventBridge event patterns, validated and matched the way AWS does it.

Why this module exists: moto's own pattern matcher accepts patterns that AWS rejects at ``PutRule``
(so a local stack would hide a deploy that fails on AWS), and it does not match arrays of objects
(``{"items": [{...}, ...]}``) the way EventBridge does. The local event plane therefore validates every
rule with :func:`validate_pattern` and routes events with :func:`matches`. Pure Python, stdlib only.

The behaviour follows AWS's open-source matching engine (aws/event-ruler, which EventBridge runs) and
is checked against the AWS-validated corpus in ``shared/corpus/eventbridge_patterns``. Error messages
are AWS's own: ``"Event pattern is not valid. Reason: <reason>"``.

Implemented rules
-----------------
Structure
    * A pattern is a JSON object. Nested objects descend into the event; every leaf must be a non-empty
      array of match values. All fields must match (AND); any value in a field's array may match (OR).
    * ``$or``: an array of at least two objects, one of which must match (may be nested and combined).
    * Dot-joining: paths are compared as dot-joined key names, so the pattern ``{"a": {"b": [1]}}``
      also matches the event ``{"a.b": 1}`` (and the pattern key ``"a.b"`` matches ``{"a": {"b": 1}}``).
    * Arrays in the event: a field matches if any element matches. Fields inside the same array of
      objects must match within the same element ("array consistency"): ``{"a": {"b": [1], "c": [2]}}``
      does not match ``{"a": [{"b": 1}, {"c": 2}]}``.
    * Only leaves (strings, numbers, booleans, null) are matched; objects and empty arrays are not values.
Match values
    * Exact: strings (case-sensitive), numbers (compared numerically: ``300`` equals ``300.0``),
      ``true``, ``false``, ``null``. A string that is an IP address also matches other spellings of it.
    * ``prefix`` / ``suffix`` (a string, or ``{"equals-ignore-case": "..."}``), ``equals-ignore-case``,
      ``wildcard`` (``*`` = any run of characters; ``\\*`` and ``\\\\`` are escapes). String operators never
      match numbers, booleans or null.
    * ``anything-but``: a string, a number, a list of strings or of numbers, or an object with
      ``prefix``, ``suffix``, ``equals-ignore-case`` or ``wildcard`` (a string or a list of strings).
      It matches any value of a present field that the inner expression does not match (null and
      numbers included); it never matches a missing field.
    * ``numeric``: ``=``, ``<``, ``<=``, ``>``, ``>=`` and ranges ``[">" | ">=", a, "<" | "<=", b]``,
      on JSON numbers in [-5e9, 5e9] (a numeric string such as ``"42"`` does not match).
    * ``exists``: ``true`` matches a present leaf (null included); ``false`` matches when the path has
      no leaf (in the array elements already chosen for other fields, see array consistency).
    * ``cidr``: IPv4 / IPv6 networks (host bits are ignored) matched against IP-address strings.
Validation (raises :class:`InvalidEventPattern` with AWS's reason)
    * Operand types of every operator, empty arrays/objects, unknown or mis-cased operators, numeric
      grammar and bounds, CIDR syntax (AWS requires an IPv4 mask < 32 and an IPv6 mask < 128),
      wildcard syntax (``**``, bad escapes) and wildcard complexity.

Known approximations: AWS's wildcard-complexity limit is internal to the service;
:func:`_wildcard_complexity` models event-ruler's measure with a limit calibrated on observed AWS
results. Numbers are compared as floats (AWS: to six decimal places). Messages for malformed JSON
text differ from those of AWS's parser.
"""

from __future__ import annotations

import ipaddress
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import count
from typing import Any

__all__ = ["InvalidEventPattern", "matches", "validate_pattern"]

ERROR_PREFIX = "Event pattern is not valid. Reason: "

OR_KEY = "$or"

#: Field names that may not appear inside an ``$or`` branch (operator names, reserved by AWS).
RESERVED_NAMES_INSIDE_OR = frozenset(
    {
        "exactly",
        "equals-ignore-case",
        "prefix",
        "suffix",
        "anything-but",
        "exists",
        "wildcard",
        "numeric",
        "cidr",
        "html",
        "=",
        "<",
        "<=",
        ">",
        ">=",
        "regex",
        "not-wildcard",
        "not-equals-ignore-case",
        "date-after",
        "date-on-or-after",
        "date-before",
        "date-on-or-before",
        "in-date-range",
        "ip-address-in-range",
        "ip-address-not-in-range",
    }
)

#: Numbers are only compared numerically inside this range (AWS's documented limit).
NUMERIC_LIMIT = 5e9
_NUMERIC_LIMIT_REASON = "Value must be between -5.0E9 and 5.0E9, inclusive"

#: Reject a field whose wildcard texts score more than this (see _wildcard_complexity).
WILDCARD_COMPLEXITY_LIMIT = 10

_IPV4_SHAPE = re.compile(r"[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+")
_IPV6_SHAPE = re.compile(r"[0-9a-fA-F:]*:[0-9a-fA-F:]*")
_JAVA_INT = re.compile(r"[+-]?[0-9]+")


class InvalidEventPattern(ValueError):
    """The pattern would be rejected by EventBridge (``InvalidEventPatternException``).

    ``str(error)`` is AWS's full message; ``error.reason`` is the part after ``"Reason: "``.
    """

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(ERROR_PREFIX + reason)


# --------------------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------------------


def validate_pattern(pattern: dict | str) -> dict:
    """Check ``pattern`` (a dict, or its JSON text) as ``PutRule`` does and return it as a dict.

    Raises :class:`InvalidEventPattern` with AWS's message if EventBridge would reject it. JSON text is parsed
    as-is, so a repeated key keeps its last value (as AWS does).
    """
    if isinstance(pattern, (str, bytes, bytearray)):
        pattern = _parse_json(pattern)
    if not isinstance(pattern, dict):
        raise InvalidEventPattern("Filter is not an object")
    _validate_object(pattern, inside_or=False)
    _check_wildcard_complexity(pattern)
    return pattern


def matches(pattern: dict, event: dict) -> bool:
    """Return True if ``event`` matches the (already validated) ``pattern``."""
    leaves = _flatten_event(event)
    return any(_branch_matches(branch, leaves) for branch in _expand_branches(pattern))


# --------------------------------------------------------------------------------------------------
# Validation: pattern structure
# --------------------------------------------------------------------------------------------------


def _parse_json(text: str | bytes | bytearray) -> Any:
    def reject_constant(name: str) -> Any:
        raise InvalidEventPattern(f"Filter is not valid JSON: {name} is not a JSON value")

    try:
        return json.loads(text, parse_constant=reject_constant)
    except json.JSONDecodeError as error:
        raise InvalidEventPattern(f"Filter is not valid JSON: {error}") from None


def _validate_object(obj: dict, *, inside_or: bool) -> None:
    """A pattern object: every key is ``$or``, a nested object or a list of match values."""
    if not obj:
        raise InvalidEventPattern("Empty objects are not allowed")
    for key, value in obj.items():
        if key == OR_KEY:
            _validate_or(value)
            continue
        if inside_or and key in RESERVED_NAMES_INSIDE_OR:
            raise InvalidEventPattern(f"{key} is Ruler reserved fieldName which cannot be used inside {OR_KEY}.")
        if isinstance(value, dict):
            _validate_object(value, inside_or=inside_or)
        elif isinstance(value, list):
            _validate_match_list(value)
        else:
            raise InvalidEventPattern(f'"{key}" must be an object or an array')


def _validate_or(alternatives: Any) -> None:
    if not isinstance(alternatives, list):
        raise InvalidEventPattern(f"It must be an Array followed with {OR_KEY}.")
    for alternative in alternatives:
        if not isinstance(alternative, dict):
            raise InvalidEventPattern(f"Only JSON object is allowed in array of {OR_KEY} relationship.")
        _validate_object(alternative, inside_or=True)
    if len(alternatives) < 2:
        raise InvalidEventPattern(f"There must have at least 2 Objects in {OR_KEY} relationship.")


def _validate_match_list(values: list) -> None:
    """The array at a leaf of the pattern: exact values and/or ``{operator: operand}`` objects."""
    for value in values:
        if isinstance(value, dict):
            _validate_match_expression(value)
        elif not _is_json_scalar(value):
            raise InvalidEventPattern("Match value must be String, number, true, false, or null")
    if not values:
        raise InvalidEventPattern("Empty arrays are not allowed")


def _validate_match_expression(expression: dict) -> None:
    """``{operator: operand}``. Checks the operand first, then that there is a single key (as AWS)."""
    if not expression:
        raise InvalidEventPattern("Match expression name not found")
    operator, operand = next(iter(expression.items()))
    validator = _OPERATOR_VALIDATORS.get(operator)
    if validator is None:
        raise InvalidEventPattern(f"Unrecognized match type {operator}")
    validator(operand)
    if len(expression) > 1:
        # AWS reports extra keys after numeric and anything-but with the numeric wording.
        if operator in ("numeric", "anything-but"):
            raise InvalidEventPattern("Too many elements in numeric expression")
        raise InvalidEventPattern("Only one key allowed in match expression")


# --------------------------------------------------------------------------------------------------
# Validation: one function per operator
# --------------------------------------------------------------------------------------------------


def _validate_prefix(operand: Any) -> None:
    _validate_prefix_or_suffix("prefix", operand)


def _validate_suffix(operand: Any) -> None:
    _validate_prefix_or_suffix("suffix", operand)


def _validate_prefix_or_suffix(operator: str, operand: Any) -> None:
    """A string, or ``{"equals-ignore-case": "<string>"}``."""
    if isinstance(operand, dict):
        if not operand:
            raise InvalidEventPattern(f"{operator.capitalize()} expression name not found")
        inner_operator, inner_operand = next(iter(operand.items()))
        if inner_operator != "equals-ignore-case":
            raise InvalidEventPattern(f"Unsupported {operator} pattern: {inner_operator}")
        if not isinstance(inner_operand, str):
            raise InvalidEventPattern("equals-ignore-case match pattern must be a string")
        if len(operand) > 1:
            raise InvalidEventPattern("Only one key allowed in match expression")
    elif not isinstance(operand, str):
        raise InvalidEventPattern(f"{operator} match pattern must be a string")


def _validate_equals_ignore_case(operand: Any) -> None:
    if not isinstance(operand, str):
        raise InvalidEventPattern("equals-ignore-case match pattern must be a string")


def _validate_wildcard(operand: Any) -> None:
    if not isinstance(operand, str):
        raise InvalidEventPattern("wildcard match pattern must be a string")
    _validate_wildcard_syntax(operand)


def _validate_wildcard_syntax(text: str) -> None:
    """No ``**``; a backslash may only escape ``*`` or ``\\``. Positions are AWS's (UTF-8 bytes, +1)."""
    data = text.encode("utf-8")
    index = 0
    while index < len(data):
        byte = data[index]
        if byte == ord("*") and index + 1 < len(data) and data[index + 1] == ord("*"):
            raise InvalidEventPattern(f"Consecutive wildcard characters at pos {index + 1}")
        if byte == ord("\\"):
            if index + 1 < len(data) and data[index + 1] in (ord("*"), ord("\\")):
                index += 2
                continue
            raise InvalidEventPattern(f"Invalid escape character at pos {index + 1}")
        index += 1


def _validate_exists(operand: Any) -> None:
    if not isinstance(operand, bool):
        raise InvalidEventPattern("exists match pattern must be either true or false.")


def _validate_numeric(operand: Any) -> None:
    """``[op, n]`` with op in = < <= > >=, or ``[">" | ">=", low, "<" | "<=", high]``."""
    if not isinstance(operand, list):
        raise InvalidEventPattern("Value of numeric must be an array.")
    terms = list(operand)
    if not terms or not isinstance(terms[0], str):
        raise InvalidEventPattern(f"Invalid member in numeric match: {_token_text(terms[0]) if terms else ']'}")
    operator = terms[0]
    if operator not in ("=", "<", "<=", ">", ">="):
        raise InvalidEventPattern(f"Unrecognized numeric range operator: {operator}")
    if len(terms) < 2 or not _is_number(terms[1]):
        raise InvalidEventPattern(f"Value of {'equals' if operator == '=' else operator} must be numeric")
    value = terms[1]

    if operator == "=":
        if len(terms) > 2:
            raise InvalidEventPattern("Too many elements in numeric expression")
        _check_numeric_bounds(value)
        return
    if operator in ("<", "<="):
        if len(terms) > 2:
            raise InvalidEventPattern("Too many elements in numeric expression")
        _check_numeric_range(-NUMERIC_LIMIT, value)
        return
    if len(terms) == 2:  # ">" or ">=" alone
        _check_numeric_range(value, NUMERIC_LIMIT)
        return

    # A range: [">" | ">=", low, "<" | "<=", high]
    upper_operator = terms[2]
    if not isinstance(upper_operator, str):
        raise InvalidEventPattern(f"Bad value in numeric range: {_token_text(upper_operator)}")
    if upper_operator not in ("<", "<="):
        raise InvalidEventPattern(f"Bad numeric range operator: {upper_operator}")
    if len(terms) < 4 or not _is_number(terms[3]):
        raise InvalidEventPattern(f"Value of {upper_operator} must be numeric")
    if len(terms) > 4:
        raise InvalidEventPattern("Too many terms in numeric range expression")
    _check_numeric_range(value, terms[3])


def _check_numeric_range(bottom: float, top: float) -> None:
    if bottom >= top:
        raise InvalidEventPattern("Bottom must be less than top")
    _check_numeric_bounds(bottom)
    _check_numeric_bounds(top)


def _check_numeric_bounds(value: float) -> None:
    if not -NUMERIC_LIMIT <= value <= NUMERIC_LIMIT:
        raise InvalidEventPattern(_NUMERIC_LIMIT_REASON)


def _validate_cidr(operand: Any) -> None:
    if not isinstance(operand, str):
        raise InvalidEventPattern("prefix match pattern must be a string")  # sic: AWS's wording
    _parse_cidr(operand)


def _parse_cidr(text: str) -> ipaddress.IPv4Network | ipaddress.IPv6Network:
    """Parse ``address/bits`` with AWS's checks and messages. Host bits need not be zero."""
    parts = text.split("/")
    while parts and parts[-1] == "":  # AWS (Java's String.split) drops trailing empty parts
        parts.pop()
    if len(parts) != 2:
        raise InvalidEventPattern("Malformed CIDR, one '/' required")
    address_text, bits_text = parts
    if not _JAVA_INT.fullmatch(bits_text):
        raise InvalidEventPattern("Malformed CIDR, mask bits must be an integer")
    bits = int(bits_text)
    if bits < 0:
        raise InvalidEventPattern("Malformed CIDR, mask bits must not be negative")
    if not (_IPV4_SHAPE.fullmatch(address_text) or _IPV6_SHAPE.fullmatch(address_text)):
        raise InvalidEventPattern(f"Nonstandard IP address: {address_text}")
    try:
        address = ipaddress.ip_address(address_text)
    except ValueError:
        raise InvalidEventPattern(f"Invalid IP address: {address_text}") from None
    if address.version == 4 and bits > 31:
        raise InvalidEventPattern("IPv4 mask bits must be < 32")
    if address.version == 6 and bits > 127:
        raise InvalidEventPattern("IPv6 mask bits must be < 128")
    return ipaddress.ip_network(f"{address}/{bits}", strict=False)


#: The object forms of anything-but, and the reason AWS gives for a non-string operand of each.
_ANYTHING_BUT_STRING_OPERATORS = {
    "equals-ignore-case": ("Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported."),
    "prefix": "prefix/suffix match pattern must be a string",
    "suffix": "prefix/suffix match pattern must be a string",
    "wildcard": "wildcard match pattern must be a string",
}


def _validate_anything_but(operand: Any) -> None:
    """A string, a number, a list of strings or of numbers, or ``{string-operator: string | [strings]}``."""
    inner_operator = None
    if isinstance(operand, dict):
        if not operand:
            raise InvalidEventPattern("Anything-But expression name not found")
        inner_operator, inner_operand = next(iter(operand.items()))
        if inner_operator not in _ANYTHING_BUT_STRING_OPERATORS:
            raise InvalidEventPattern(f"Unsupported anything-but pattern: {inner_operator}")
        values = inner_operand
    else:
        values = operand

    if not (isinstance(values, (list, str)) or _is_number(values)):
        raise InvalidEventPattern("Value of anything-but must be an array or single string/number value.")

    if inner_operator is None:
        _validate_anything_but_values(values)
    else:
        for value in values if isinstance(values, list) else [values]:
            _validate_anything_but_string(inner_operator, value)
        if len(operand) > 1:
            raise InvalidEventPattern("Too many elements in numeric expression")


def _validate_anything_but_values(values: Any) -> None:
    """Plain anything-but: one string/number, or a non-empty list of only strings or only numbers."""
    if isinstance(values, list):
        for value in values:
            if not (isinstance(value, str) or _is_number(value)):
                raise InvalidEventPattern("Inside anything but list, start|null|boolean is not supported.")
        has_strings = any(isinstance(value, str) for value in values)
        has_numbers = any(_is_number(value) for value in values)
        if has_strings == has_numbers:  # mixed, or an empty list
            raise InvalidEventPattern(
                "Inside anything but list, either all values are number or string, mixed type is not supported"
            )
    for value in values if isinstance(values, list) else [values]:
        if _is_number(value):
            _check_numeric_bounds(value)  # AWS compares excluded numbers numerically


def _validate_anything_but_string(operator: str, value: Any) -> None:
    if not isinstance(value, str):
        raise InvalidEventPattern(_ANYTHING_BUT_STRING_OPERATORS[operator])
    if operator in ("prefix", "suffix") and value == "":
        raise InvalidEventPattern("Null prefix/suffix not allowed")
    if operator == "wildcard":
        _validate_wildcard_syntax(value)


_OPERATOR_VALIDATORS = {
    "prefix": _validate_prefix,
    "suffix": _validate_suffix,
    "equals-ignore-case": _validate_equals_ignore_case,
    "wildcard": _validate_wildcard,
    "anything-but": _validate_anything_but,
    "numeric": _validate_numeric,
    "exists": _validate_exists,
    "cidr": _validate_cidr,
}


# --------------------------------------------------------------------------------------------------
# Validation: wildcard complexity
# --------------------------------------------------------------------------------------------------


def _check_wildcard_complexity(pattern: dict) -> None:
    """AWS rejects fields whose wildcards could make one input value keep too many partial matches alive."""
    wildcards_by_path: dict[str, set[str]] = {}
    for branch in _expand_branches(pattern):
        for path, conditions in branch.items():
            for condition in conditions:
                for text in _wildcard_texts(condition):
                    wildcards_by_path.setdefault(path, set()).add(text)
    for texts in wildcards_by_path.values():
        if _wildcard_complexity(sorted(texts)) > WILDCARD_COMPLEXITY_LIMIT:
            raise InvalidEventPattern(
                "Rule is too complex - try using fewer wildcard characters or fewer repeating character "
                "sequences after a wildcard character"
            )


def _wildcard_texts(condition: Any) -> list[str]:
    if not isinstance(condition, dict):
        return []
    if "wildcard" in condition:
        return [condition["wildcard"]]
    inner = condition.get("anything-but")
    if isinstance(inner, dict) and "wildcard" in inner:
        value = inner["wildcard"]
        return list(value) if isinstance(value, list) else [value]
    return []


def _wildcard_complexity(texts: list[str]) -> int:
    """How many partial wildcard matches one input value can keep alive at once, over all possible inputs.

    This follows the measure of AWS's engine (event-ruler's MachineComplexityEvaluator): the wildcard
    texts of a field form one automaton; while reading an input, each active state counts the texts that
    can still complete from it, and the worst input gives the complexity. A state is (text number, tokens
    matched); ``*`` may match nothing, so reaching it also reaches the token after it. Texts share states
    up to and including their first ``*`` when their beginnings are identical (as in AWS's byte machine).
    Characters that appear in no text all behave alike, so the search tries each literal character plus
    one "other" character. It stops as soon as the limit is exceeded.

    Calibration on AWS results. Rejected by AWS, scoring over 10 here: ``*:*:*:*:*:event-bus/*`` (12),
    four ``*/datasync/*.<ext>`` texts on one field (16). Accepted by AWS, scoring 8 here:
    ``/Users/*/dir/dir/dir/dir/dir/doc.txt``; ``*.bif`` + ``*.tiff`` + ``*.tif`` + ``*.svs``; two
    ``*/datasync/*.<ext>`` texts.
    """
    token_lists = [_wildcard_tokens(text) for text in texts]

    def storage(number: int, position: int) -> tuple:
        """The automaton state of (text, position): shared by identical beginnings up to the first *."""
        tokens = token_lists[number]
        first_star = next((i for i, token in enumerate(tokens) if token is None), len(tokens))
        if position <= first_star + 1:
            return ("shared", tokens[:position])
        return ("own", number, position)

    texts_through: dict[tuple, set[int]] = {}
    for number, tokens in enumerate(token_lists):
        for position in range(1, len(tokens) + 1):
            texts_through.setdefault(storage(number, position), set()).add(number)

    def closure(states: set[tuple[int, int]]) -> frozenset[tuple[int, int]]:
        result = set(states)
        pending = list(states)
        while pending:
            number, position = pending.pop()
            tokens = token_lists[number]
            if position < len(tokens) and tokens[position] is None and (number, position + 1) not in result:
                result.add((number, position + 1))
                pending.append((number, position + 1))
        return frozenset(result)

    def step(states: frozenset[tuple[int, int]], character: str) -> frozenset[tuple[int, int]]:
        following = set()
        for number, position in states:
            tokens = token_lists[number]
            if position < len(tokens):
                if tokens[position] is None:
                    following.add((number, position))  # "*" consumes the character and stays
                elif tokens[position] == character:
                    following.add((number, position + 1))
        return closure(following)

    def weight(states: frozenset[tuple[int, int]]) -> int:
        active = {storage(number, position) for number, position in states if position > 0}
        return sum(len(texts_through[state]) for state in active)

    other = ""  # stands for any character that appears in no text
    alphabet = {token for tokens in token_lists for token in tokens if token is not None} | {other}
    start = closure({(number, 0) for number in range(len(token_lists))})
    seen = {start}
    pending = [start]
    largest = 0
    while pending:
        states = pending.pop()
        for character in alphabet:
            following = step(states, character)
            largest = max(largest, weight(following))
            if largest > WILDCARD_COMPLEXITY_LIMIT:
                return largest
            if following and following not in seen:
                seen.add(following)
                pending.append(following)
    return largest


def _wildcard_tokens(text: str) -> tuple[str | None, ...]:
    """Split a (syntactically valid) wildcard text into literal characters and ``None`` for each ``*``."""
    tokens: list[str | None] = []
    index = 0
    while index < len(text):
        character = text[index]
        if character == "\\" and index + 1 < len(text):
            tokens.append(text[index + 1])
            index += 2
            continue
        tokens.append(None if character == "*" else character)
        index += 1
    return tuple(tokens)


# --------------------------------------------------------------------------------------------------
# Matching: the pattern side
# --------------------------------------------------------------------------------------------------

#: One way for a pattern to match: dot-joined path -> the list of match values at that path (all must hold).
Branch = dict[str, list]


def _expand_branches(pattern: dict, prefix: str = "") -> list[Branch]:
    """Flatten a pattern into its ``$or`` alternatives, each a mapping of dot-joined path -> match values.

    ``{"a": {"b": [1]}, "$or": [{"c": [2]}, {"d": [3]}]}`` gives ``[{"a.b": [1], "c": [2]},
    {"a.b": [1], "d": [3]}]``. ``$or`` adds no path step. A path given twice keeps its last value.
    """
    branches: list[Branch] = [{}]
    for key, value in pattern.items():
        if key == OR_KEY:
            alternatives = [branch for option in value for branch in _expand_branches(option, prefix)]
        elif isinstance(value, dict):
            alternatives = _expand_branches(value, _join(prefix, key))
        else:
            alternatives = [{_join(prefix, key): value}]
        branches = [{**branch, **alternative} for branch in branches for alternative in alternatives]
    return branches


def _join(prefix: str, key: str) -> str:
    return f"{prefix}.{key}" if prefix else key


# --------------------------------------------------------------------------------------------------
# Matching: the event side
# --------------------------------------------------------------------------------------------------

#: Which element of which array a leaf sits in: {array id: element index}.
ArrayMembership = dict[int, int]


@dataclass(frozen=True)
class _Leaf:
    """A scalar value of the event (string, number, bool or None) and the array elements it sits in."""

    value: Any
    membership: ArrayMembership


def _flatten_event(event: dict) -> dict[str, list[_Leaf]]:
    """Map each dot-joined path of the event to its leaf values.

    ``{"a": [{"b": 1}, {"b": 2}], "c": {"d": null}}`` gives ``{"a.b": [1 (array 0, element 0), 2 (array 0,
    element 1)], "c.d": [None]}``. Objects and empty arrays produce no leaf.
    """
    leaves: dict[str, list[_Leaf]] = {}
    array_ids = count()

    def walk(node: Any, path: str, membership: ArrayMembership) -> None:
        if isinstance(node, dict):
            for key, child in node.items():
                walk(child, _join(path, key), membership)
        elif isinstance(node, list):
            array_id = next(array_ids)
            for index, element in enumerate(node):
                walk(element, path, {**membership, array_id: index})
        else:
            leaves.setdefault(path, []).append(_Leaf(node, membership))

    walk(event, "", {})
    return leaves


def _merge_membership(chosen: ArrayMembership, leaf: ArrayMembership) -> ArrayMembership | None:
    """Combine the array elements chosen so far with a leaf's, or None if they pick different elements."""
    for array_id, index in leaf.items():
        if chosen.get(array_id, index) != index:
            return None
    return {**chosen, **leaf}


def _branch_matches(branch: Branch, leaves: dict[str, list[_Leaf]]) -> bool:
    """Every field of the branch must match, with array consistency.

    Fields are taken in path order (as AWS does); for each one we try every matching leaf that is
    consistent with the array elements chosen so far, backtracking on failure. ``exists: false`` holds
    when no leaf of the path is consistent with the choices so far.
    """
    fields = sorted(branch.items())

    def match_from(field_number: int, chosen: ArrayMembership) -> bool:
        if field_number == len(fields):
            return True
        path, conditions = fields[field_number]
        candidates = leaves.get(path, [])
        value_conditions = [condition for condition in conditions if not _is_exists_false(condition)]
        for leaf in candidates:
            merged = _merge_membership(chosen, leaf.membership)
            if merged is None or not any(_value_matches(c, leaf.value) for c in value_conditions):
                continue
            if match_from(field_number + 1, merged):
                return True
        allows_absence = len(value_conditions) < len(conditions)
        if allows_absence and all(_merge_membership(chosen, leaf.membership) is None for leaf in candidates):
            return match_from(field_number + 1, chosen)
        return False

    return match_from(0, {})


# --------------------------------------------------------------------------------------------------
# Matching: one match value against one leaf value
# --------------------------------------------------------------------------------------------------


def _is_exists_false(condition: Any) -> bool:
    return isinstance(condition, dict) and condition.get("exists") is False


def _value_matches(condition: Any, value: Any) -> bool:
    """Does a single match value (exact value or ``{operator: operand}``) accept this leaf value?"""
    if not isinstance(condition, dict):
        return _equals(condition, value)
    operator, operand = next(iter(condition.items()))
    if operator == "exists":
        return operand is True  # a leaf is present; exists:false is handled by _branch_matches
    if operator == "anything-but":
        return _anything_but_matches(operand, value)
    if operator == "numeric":
        return _numeric_matches(operand, value)
    if operator == "cidr":
        return _cidr_matches(operand, value)
    return _string_operator_matches(operator, operand, value)


def _equals(expected: Any, value: Any) -> bool:
    """Exact match, type-aware: 1 never equals true or "1"; 300 equals 300.0; IP spellings are normalised."""
    if expected is None or isinstance(expected, bool):
        return value is expected
    if _is_number(expected):
        return _is_number(value) and value == expected
    if isinstance(expected, str) and isinstance(value, str):
        return value == expected or _same_ip_address(expected, value)
    return False


def _string_operator_matches(operator: str, operand: Any, value: Any) -> bool:
    """prefix / suffix (optionally ignoring case), equals-ignore-case and wildcard. Only strings match."""
    if not isinstance(value, str):
        return False
    if operator in ("prefix", "suffix"):
        if isinstance(operand, dict):  # {"equals-ignore-case": "..."}
            operand, value = operand["equals-ignore-case"].lower(), value.lower()
        return value.startswith(operand) if operator == "prefix" else value.endswith(operand)
    if operator == "equals-ignore-case":
        return value.lower() == operand.lower()
    if operator == "wildcard":
        return _wildcard_regex(operand).fullmatch(value) is not None
    return False


def _anything_but_matches(operand: Any, value: Any) -> bool:
    """True when the inner expression does NOT match (the field is present, so any leaf qualifies)."""
    if isinstance(operand, dict):
        operator, inner = next(iter(operand.items()))
        excluded = inner if isinstance(inner, list) else [inner]
        return not any(_string_operator_matches(operator, text, value) for text in excluded)
    excluded = operand if isinstance(operand, list) else [operand]
    return not any(_equals(item, value) for item in excluded)


def _numeric_matches(terms: list, value: Any) -> bool:
    if not _is_number(value) or not -NUMERIC_LIMIT <= value <= NUMERIC_LIMIT:
        return False
    comparisons = {
        "=": lambda bound: value == bound,
        "<": lambda bound: value < bound,
        "<=": lambda bound: value <= bound,
        ">": lambda bound: value > bound,
        ">=": lambda bound: value >= bound,
    }
    return all(comparisons[terms[i]](terms[i + 1]) for i in range(0, len(terms), 2))


def _cidr_matches(cidr: str, value: Any) -> bool:
    address = _ip_address(value)
    network = _parse_cidr(cidr)
    return address is not None and address.version == network.version and address in network


def _same_ip_address(expected: str, value: str) -> bool:
    expected_address = _ip_address(expected)
    return expected_address is not None and expected_address == _ip_address(value)


def _ip_address(value: Any) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    if not isinstance(value, str) or not (_IPV4_SHAPE.fullmatch(value) or _IPV6_SHAPE.fullmatch(value)):
        return None
    try:
        return ipaddress.ip_address(value)
    except ValueError:
        return None


@lru_cache(maxsize=1024)
def _wildcard_regex(text: str) -> re.Pattern[str]:
    """``*`` matches any run of characters (including none); escaped ``\\*`` and ``\\\\`` are literal."""
    parts = [".*" if token is None else re.escape(token) for token in _wildcard_tokens(text)]
    return re.compile("".join(parts), re.DOTALL)


# --------------------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------------------


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _is_json_scalar(value: Any) -> bool:
    return value is None or isinstance(value, (str, bool)) or _is_number(value)


def _token_text(value: Any) -> str:
    """How AWS quotes an offending JSON token in its messages."""
    if isinstance(value, dict):
        return "{"
    if isinstance(value, list):
        return "["
    if value is None:
        return "null"
    if isinstance(value, str):
        return value
    return json.dumps(value)
