"""EventBridge pattern validation and matching (local/event_patterns.py).

Part 1 replays every case of the AWS-validated corpus in ../shared/corpus/eventbridge_patterns (each template
holds an event and a pattern; expected.json says MATCH, NO_MATCH or EXCEPTION with AWS's message).
Part 2 describes, Given/When/Then, the patterns this project's rules rely on.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from local.event_patterns import InvalidEventPattern, matches, validate_pattern

REPO_ROOT = Path(__file__).resolve().parents[3]
CORPUS_DIR = REPO_ROOT.parent / "shared" / "corpus" / "eventbridge_patterns"

if not (CORPUS_DIR / "expected.json").is_file():
    raise RuntimeError(
        f"EventBridge pattern corpus not found at {CORPUS_DIR} (expected ../shared/corpus/ next to the repo)"
    )

#: The one pair stored as two plain files outside expected.json (README: feed the raw text; expected MATCH).
MULTI_KEY_EVENT = "templates/complex_multi_key_event.json"
MULTI_KEY_PATTERN = "templates/complex_multi_key_event_pattern.json"


# --------------------------------------------------------------------------------------------------
# A loader for the JSON5 subset of the corpus: // and /* */ comments, trailing commas (no json5 dep)
# --------------------------------------------------------------------------------------------------

_JSON5_NOISE = re.compile(
    r'(?P<string>"(?:\\.|[^"\\])*")'  # strings are kept verbatim
    r"|(?P<line_comment>//[^\n]*)"
    r"|(?P<block_comment>/\*.*?\*/)"
    r"|(?P<trailing_comma>,(?=(?:\s|//[^\n]*\n|/\*.*?\*/)*[}\]]))",
    re.DOTALL,
)


def load_json5(text: str) -> dict:
    plain = _JSON5_NOISE.sub(lambda m: m.group("string") or "", text)
    return json.loads(plain)


def test_json5_loader_handles_the_corpus_subset():
    text = '{\n  // comment\n  "a": "x//y /* not a comment */",\n  /* block */ "b": [1, 2,],\n}'
    assert load_json5(text) == {"a": "x//y /* not a comment */", "b": [1, 2]}


# --------------------------------------------------------------------------------------------------
# Part 1: every corpus case
# --------------------------------------------------------------------------------------------------


def _corpus_cases() -> list:
    index = json.loads((CORPUS_DIR / "expected.json").read_text())
    cases = [pytest.param(case, id=case["case"]) for case in index["cases"]]
    multi_key = {"case": "complex_multi_key", "file": MULTI_KEY_PATTERN, "expected": "MATCH"}
    cases.append(pytest.param(multi_key, id="complex_multi_key"))
    return cases


CORPUS_CASES = _corpus_cases()


def _load_case(case: dict) -> tuple[dict | str, dict]:
    """The pattern (raw JSON text for the multi-key pair, which must not be re-serialised) and the event."""
    if case["file"] == MULTI_KEY_PATTERN:
        return (CORPUS_DIR / MULTI_KEY_PATTERN).read_text(), json.loads((CORPUS_DIR / MULTI_KEY_EVENT).read_text())
    template = load_json5((CORPUS_DIR / case["file"]).read_text())
    return template["EventPattern"], template["Event"]


def test_every_template_file_is_covered():
    covered = {case.values[0]["file"] for case in CORPUS_CASES} | {MULTI_KEY_EVENT}
    on_disk = {f"templates/{path.name}" for path in (CORPUS_DIR / "templates").iterdir()}
    assert on_disk == covered
    assert len(CORPUS_CASES) == 98


@pytest.mark.parametrize("case", CORPUS_CASES)
def test_corpus_case_behaves_as_on_aws(case):
    pattern, event = _load_case(case)

    if case["expected"] == "EXCEPTION":
        with pytest.raises(InvalidEventPattern) as raised:
            validate_pattern(pattern)
        if "error_message" in case:
            assert str(raised.value) == case["error_message"]
        return

    validated = validate_pattern(pattern)
    assert matches(validated, event) is (case["expected"] == "MATCH")


# --------------------------------------------------------------------------------------------------
# Part 2: the patterns this project uses
# --------------------------------------------------------------------------------------------------

NEW_ORDER_RULE = {
    "source": ["orders.cdc"],
    "detail": {"data": {"eventType": ["INSERT"], "NewImage": {"status": ["PENDING"]}}},
}

LOW_STOCK_CROSSING_RULE = {
    "detail": {
        "data": {
            "NewImage": {"available": [{"numeric": ["<", 5]}]},
            "OldImage": {"available": [{"numeric": [">=", 5]}]},
        }
    }
}


def cdc_event(event_type: str, new_image: dict | None = None, old_image: dict | None = None) -> dict:
    data: dict = {"eventType": event_type}
    if new_image is not None:
        data["NewImage"] = new_image
    if old_image is not None:
        data["OldImage"] = old_image
    return {"source": "orders.cdc", "detail-type": "OrderChanged", "detail": {"data": data}}


def test_new_pending_order_is_routed():
    # Given the new-order rule
    rule = validate_pattern(NEW_ORDER_RULE)
    # When an INSERT of a PENDING order arrives
    event = cdc_event("INSERT", new_image={"orderId": "o-1", "status": "PENDING"})
    # Then it matches
    assert matches(rule, event)


@pytest.mark.parametrize(
    "event",
    [
        pytest.param(cdc_event("MODIFY", new_image={"status": "PENDING"}), id="an update, not an insert"),
        pytest.param(cdc_event("INSERT", new_image={"status": "PAID"}), id="another status"),
        pytest.param(cdc_event("INSERT", new_image={"status": "pending"}), id="values are case-sensitive"),
        pytest.param(cdc_event("INSERT"), id="no NewImage"),
        pytest.param({**cdc_event("INSERT", new_image={"status": "PENDING"}), "source": "x"}, id="other source"),
    ],
)
def test_other_order_changes_are_not_routed(event):
    # Given the new-order rule, when any other change arrives, then it does not match
    assert not matches(validate_pattern(NEW_ORDER_RULE), event)


def test_the_rule_is_accepted_as_json_text_too():
    # Given the rule as Terraform renders it (jsonencode), when it is validated, then it is the same rule
    assert validate_pattern(json.dumps(NEW_ORDER_RULE)) == NEW_ORDER_RULE


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        pytest.param(5, 4, True, id="5 -> 4 crosses below 5"),
        pytest.param(12, 0, True, id="12 -> 0 crosses below 5"),
        pytest.param(4, 3, False, id="already below"),
        pytest.param(6, 5, False, id="still at 5"),
        pytest.param(4, 7, False, id="restocked"),
    ],
)
def test_low_stock_fires_only_when_available_crosses_below_five(old, new, expected):
    # Given the low-stock crossing rule
    rule = validate_pattern(LOW_STOCK_CROSSING_RULE)
    # When a product's available count changes from old to new
    event = cdc_event("MODIFY", new_image={"available": new}, old_image={"available": old})
    # Then it fires only on the crossing
    assert matches(rule, event) is expected


def test_low_stock_ignores_numbers_sent_as_strings():
    # Given the crossing rule, when the counts arrive as strings (DynamoDB "N" values not converted)
    event = cdc_event("MODIFY", new_image={"available": "4"}, old_image={"available": "5"})
    # Then numeric matching does not apply, as on AWS
    assert not matches(validate_pattern(LOW_STOCK_CROSSING_RULE), event)


def test_arrays_of_objects_match_within_one_element():
    # Given a rule on the lines of an order
    rule = validate_pattern({"detail": {"lines": {"sku": ["A"], "qty": [{"numeric": [">", 10]}]}}})
    # When one line has sku A and another has qty > 10, then there is no match (array consistency)
    assert not matches(rule, {"detail": {"lines": [{"sku": "A", "qty": 1}, {"sku": "B", "qty": 50}]}})
    # When the same line has both, then it matches
    assert matches(rule, {"detail": {"lines": [{"sku": "B", "qty": 1}, {"sku": "A", "qty": 50}]}})


def test_or_of_two_order_states():
    # Given an $or rule, when either branch holds, then it matches
    rule = validate_pattern({"detail": {"$or": [{"status": ["PAID"]}, {"refund": [{"exists": True}]}]}})
    assert matches(rule, {"detail": {"status": "PAID"}})
    assert matches(rule, {"detail": {"status": "NEW", "refund": None}})
    assert not matches(rule, {"detail": {"status": "NEW"}})


@pytest.mark.parametrize(
    ("pattern", "reason"),
    [
        pytest.param({"source": "orders.cdc"}, '"source" must be an object or an array', id="value not in a list"),
        pytest.param({"detail": {}}, "Empty objects are not allowed", id="empty object"),
        pytest.param({"a": [{"numeric": ["<", "5"]}]}, "Value of < must be numeric", id="numeric string"),
        pytest.param({"a": [{"Prefix": "x"}]}, "Unrecognized match type Prefix", id="operator case"),
        pytest.param({"$or": [{"a": ["x"]}]}, "There must have at least 2 Objects in $or relationship.", id="$or"),
    ],
)
def test_invalid_rules_are_rejected_like_put_rule(pattern, reason):
    # Given a rule AWS would reject, when it is validated, then AWS's error is raised
    with pytest.raises(InvalidEventPattern) as raised:
        validate_pattern(pattern)
    assert str(raised.value) == f"Event pattern is not valid. Reason: {reason}"
    assert raised.value.reason == reason
