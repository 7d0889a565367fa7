"""A stand-in for the Lambda context object, for calling handlers directly in tests.

    from tests.helpers.lambda_context import lambda_context

    response = lambda_handler(event, lambda_context("orders-dev-cdc-enrich"))

It carries the attributes the Python runtime documents and Powertools reads (`function_name`,
`memory_limit_in_mb`, `invoked_function_arn`, `aws_request_id`, …) with values shaped like real ones.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, field


@dataclass
class FakeLambdaContext:
    function_name: str = "test-function"
    function_version: str = "$LATEST"
    memory_limit_in_mb: int = 128
    region: str = "us-east-1"
    account_id: str = "123456789012"
    aws_request_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    timeout_ms: int = 30_000
    identity: object | None = None
    client_context: object | None = None
    tenant_id: str | None = None
    _started: float = field(default_factory=time.monotonic, repr=False)

    @property
    def invoked_function_arn(self) -> str:
        return f"arn:aws:lambda:{self.region}:{self.account_id}:function:{self.function_name}"

    @property
    def log_group_name(self) -> str:
        return f"/aws/lambda/{self.function_name}"

    @property
    def log_stream_name(self) -> str:
        return f"2024/01/01/[{self.function_version}]{uuid.uuid5(uuid.NAMESPACE_URL, self.function_name).hex}"

    def get_remaining_time_in_millis(self) -> int:
        elapsed_ms = int((time.monotonic() - self._started) * 1000)
        return max(self.timeout_ms - elapsed_ms, 0)


def lambda_context(function_name: str = "test-function", **overrides: object) -> FakeLambdaContext:
    """A fresh context (new request id) for one invocation; any field can be overridden by keyword."""
    return FakeLambdaContext(function_name=function_name, **overrides)  # type: ignore[arg-type]
