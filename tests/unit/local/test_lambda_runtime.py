"""The local Lambda runtime (awslambdaric workers behind a local Runtime API) survives a worker that dies."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from local.plane.lambda_runtime import FunctionSpec, LocalFunction


@pytest.fixture
def echo_function(tmp_path: Path) -> Iterator[LocalFunction]:
    code = tmp_path / "code"
    code.mkdir()
    (code / "app.py").write_text("def handler(event, context):\n    return {'echo': event}\n")
    (tmp_path / "logs").mkdir()
    spec = FunctionSpec(
        name="test-echo",
        arn="arn:aws:lambda:us-east-1:123456789012:function:test-echo",
        handler="app.handler",
        code_dir=code,
        layer_dirs=[],
        environment={},
        timeout_s=5,
        memory_mb=128,
        concurrency=1,
    )
    function = LocalFunction(spec, tmp_path / "logs")
    function.start()
    try:
        yield function
    finally:
        function.stop()


def _replaced(function: LocalFunction, old_pid: int, within_s: float = 10) -> bool:
    deadline = time.monotonic() + within_s
    while time.monotonic() < deadline:
        if function._workers[0].pid != old_pid and function._workers[0].poll() is None:
            return True
        time.sleep(0.1)
    return False


def test_an_idle_worker_killed_is_replaced_and_the_next_invocations_run(echo_function: LocalFunction) -> None:
    # Given a function whose only worker has served one invocation and now waits for the next
    assert echo_function.invoke({"n": 1}) == {"echo": {"n": 1}}
    old_pid = echo_function._workers[0].pid
    # When that idle worker is killed (its request for the next invocation is left waiting in the Runtime API)
    os.kill(old_pid, signal.SIGKILL)
    assert _replaced(echo_function, old_pid), "the worker was not replaced"
    # Then the next invocations reach the new worker: none is lost into the dead one's socket and times out
    started = time.monotonic()
    assert [echo_function.invoke({"n": n}) for n in (2, 3, 4)] == [{"echo": {"n": n}} for n in (2, 3, 4)]
    assert time.monotonic() - started < 5, "an invocation waited for a timeout"
    assert echo_function.errors == 0
