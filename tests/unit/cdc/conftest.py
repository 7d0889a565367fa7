"""Fixtures for the CDC enrichment tests: the shared event corpus and a Lambda-like environment.

The corpus lives beside the repository (`../shared/corpus/`); it is required, never skipped.
"""

import base64
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

REPO_ROOT = Path(__file__).resolve().parents[3]
CORPUS_DIR = REPO_ROOT.parent / "shared" / "corpus"
STREAM_SAMPLES_DIR = CORPUS_DIR / "events" / "dynamodb_streams"

FUNCTION_NAME = "orders-test-cdc-enrich"
METRICS_NAMESPACE = "OrderPlatformTest"


def _require(path: Path) -> Path:
    if not path.exists():
        pytest.fail(
            f"the shared event corpus is missing: {path} (expected at ../shared/corpus/ beside the repo)",
            pytrace=False,
        )
    return path


def _read_corpus_event(relative: str) -> Any:
    return json.loads(_require(CORPUS_DIR / "events" / relative).read_text(encoding="utf-8"))


def stream_records_of(document: Any) -> tuple[list[dict[str, Any]], str]:
    """The DynamoDB stream records a corpus file holds, and how it holds them (or why it holds none).

    - a Lambda event `{"Records": [<stream record>, ...]}` (tumbling-window fields beside `Records` ignored);
    - a single stream record (a fixture of one record, not an event): enriched as a batch of one;
    - Kinesis records carrying DynamoDB change records (Kinesis Data Streams for DynamoDB): the change records
      are taken out of `kinesis.data` (base64 JSON), since that is what a pipe on such a stream would enrich.
    """
    if isinstance(document, dict) and "dynamodb" in document and "eventName" in document:
        return [document], "a single stream record"
    records = document.get("Records") if isinstance(document, dict) else None
    if isinstance(records, list) and records and all("dynamodb" in r for r in records):
        return records, "Lambda event {Records: [...]}"
    if isinstance(records, list) and records and all(r.get("eventSource") == "aws:kinesis" for r in records):
        inner = [json.loads(base64.b64decode(r["kinesis"]["data"])) for r in records]
        if all(isinstance(r, dict) and "dynamodb" in r for r in inner):
            return inner, "DynamoDB change records inside Kinesis records (kinesis.data)"
    keys = sorted(document) if isinstance(document, dict) else type(document).__name__
    return [], f"holds no DynamoDB stream records (top-level keys: {keys})"


def _inventory() -> tuple[dict[str, tuple[list[dict[str, Any]], str]], dict[str, str]]:
    used: dict[str, tuple[list[dict[str, Any]], str]] = {}
    skipped: dict[str, str] = {}
    for path in sorted(_require(STREAM_SAMPLES_DIR).rglob("*.json")):
        name = path.relative_to(STREAM_SAMPLES_DIR).as_posix()
        records, how = stream_records_of(json.loads(path.read_text(encoding="utf-8")))
        if records:
            used[name] = (records, how)
        else:
            skipped[name] = how
    return used, skipped


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """`stream_sample` runs a test once per corpus file that holds stream records: (name, records)."""
    if "stream_sample" in metafunc.fixturenames:
        used, _ = _inventory()
        metafunc.parametrize("stream_sample", [(n, r) for n, (r, _) in used.items()], ids=list(used))


@pytest.fixture(scope="session")
def corpus_inventory() -> tuple[dict[str, str], dict[str, str]]:
    """({file: how its records are held}, {file: why it was skipped}) over the whole stream-sample folder."""
    used, skipped = _inventory()
    return {name: how for name, (_, how) in used.items()}, skipped


@pytest.fixture
def corpus_event() -> Callable[[str], Any]:
    """Reads a corpus event, parsed, by its path under `../shared/corpus/events/`."""
    return _read_corpus_event


@pytest.fixture
def lambda_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Environment of a deployed function: the service name and metric namespace Terraform sets.

    `order_common.observability` builds Metrics at import time, which may have happened in another test
    before this environment existed, so the already-built object is pointed at the namespace as well.
    """
    monkeypatch.setenv("POWERTOOLS_SERVICE_NAME", "cdc")
    monkeypatch.setenv("POWERTOOLS_METRICS_NAMESPACE", METRICS_NAMESPACE)
    monkeypatch.setenv("POWERTOOLS_TRACE_DISABLED", "true")
    from order_common.observability import metrics

    monkeypatch.setattr(metrics, "namespace", METRICS_NAMESPACE)
    monkeypatch.setattr(metrics, "service", "cdc")
    yield
    metrics.clear_metrics()


@pytest.fixture
def enrich_handler(lambda_env: None) -> Callable[..., Any]:
    """The deployed handler function, imported once the Lambda environment is in place."""
    from cdc.handlers.enrich_stream_records import lambda_handler

    return lambda_handler
