"""The whole stack for end-to-end tests: emulator + the real Terraform applied into it + the event plane."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from local.stack import ROOT, EmbeddedStack


@pytest.fixture(scope="session")
def stack() -> Iterator[EmbeddedStack]:
    missing = [tool for tool in ("terraform",) if shutil.which(tool) is None]
    if missing:
        pytest.fail(f"end-to-end tests need {', '.join(missing)} on PATH", pytrace=False)
    with EmbeddedStack(ROOT / "build/e2e", provider_options={"rate": 40.0, "burst": 20, "decline_rate": 0.1}) as s:
        yield s


def orders_in_table(stack: EmbeddedStack) -> int:
    table = stack.outputs["orders_table_name"]
    return int(stack.client("dynamodb").scan(TableName=table, Select="COUNT")["Count"])


__all__ = ["orders_in_table", "Path"]
