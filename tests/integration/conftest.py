"""Integration: pytest-terraform applies a whole environment in an ephemeral workspace, the tests use it, and
its teardown destroys it.

Target (ORDER_PLATFORM_IT_TARGET):
- `local` (default): terraform/environments/local into a fresh embedded emulator started here, with the
  payment provider simulator; the event plane runs on what was applied.
- `aws`: terraform/environments/dev against the AWS account of the current credentials, in workspace
  it-<random> (resources named dev-it-<random>), local state in the test's temp dir. Without credentials the
  run stops at once and says so. The provider URL and key come from TF_VAR_provider_url/TF_VAR_provider_api_key.

pytest-terraform reads variables from TF_VAR_* and the workspace from TF_WORKSPACE: the session fixture
`target` sets them before the Terraform fixture (`environment` in the test module) is created.
"""

from __future__ import annotations

import os
import secrets
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from local.stack import ROOT, EmbeddedStack, terraform_env

TARGET = os.environ.get("ORDER_PLATFORM_IT_TARGET", "local")
if TARGET not in {"local", "aws"}:
    raise pytest.UsageError(f"ORDER_PLATFORM_IT_TARGET must be local or aws, not {TARGET!r}")
#: The environment folder pytest-terraform applies (under terraform/environments, see pyproject's ini).
ENVIRONMENT = "local" if TARGET == "local" else "dev"
WORKSPACE = f"it-{secrets.token_hex(3)}"
NAME_PREFIX = f"{ENVIRONMENT}-{WORKSPACE}"


@dataclass
class Target:
    name: str
    workspace: str
    name_prefix: str
    stack: EmbeddedStack | None  # the embedded services (local target only)
    ready_at: float  # when the services were up: the Terraform fixture's init + apply start here


def _aws_credentials_or_stop() -> None:
    import boto3

    session = boto3.session.Session()
    if session.get_credentials() is None:
        pytest.exit(
            "ORDER_PLATFORM_IT_TARGET=aws needs AWS credentials (AWS_PROFILE or AWS_ACCESS_KEY_ID/"
            "AWS_SECRET_ACCESS_KEY); none were found, so nothing was applied.",
            returncode=2,
        )
    for name in ("TF_VAR_provider_url", "TF_VAR_provider_api_key"):
        if not os.environ.get(name):
            pytest.exit(f"ORDER_PLATFORM_IT_TARGET=aws needs {name} (the payment provider to charge).", returncode=2)


@pytest.fixture(scope="session", autouse=True)
def target(monkeypatch_session: pytest.MonkeyPatch) -> Iterator[Target]:
    if shutil.which("terraform") is None:
        pytest.fail("integration tests need terraform on PATH", pytrace=False)
    for key, value in terraform_env().items():
        monkeypatch_session.setenv(key, value)
    monkeypatch_session.setenv("TF_WORKSPACE", WORKSPACE)
    if TARGET == "aws":
        _aws_credentials_or_stop()
        monkeypatch_session.setenv("TF_VAR_artifacts_dir", str(ROOT / "build/dist"))
        monkeypatch_session.setenv("TF_CLI_ARGS_init", "-backend=false")  # ephemeral: state in the temp dir
        yield Target(TARGET, WORKSPACE, NAME_PREFIX, None, time.monotonic())
        return
    stack = EmbeddedStack(ROOT / "build/integration", provider_options={"rate": 40.0, "burst": 20})
    try:
        stack.start_services()
        variables: dict[str, Any] = stack.variables(stack.provider_url)
        for key, value in variables.items():
            monkeypatch_session.setenv(f"TF_VAR_{key}", str(value))
        yield Target(TARGET, WORKSPACE, NAME_PREFIX, stack, time.monotonic())
    finally:
        stack.down()


@pytest.fixture(scope="session")
def monkeypatch_session() -> Iterator[pytest.MonkeyPatch]:
    with pytest.MonkeyPatch.context() as patch:
        yield patch


#: What the run measured (printed at the end of the session): resource count and Terraform step times.
MEASURED: dict[str, float | int | str] = {}


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if MEASURED:
        facts = ", ".join(f"{key}={value}" for key, value in MEASURED.items())
        terminalreporter.write_line(f"integration ({TARGET}, workspace {WORKSPACE}): {facts}")
