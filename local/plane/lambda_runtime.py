"""Runs deployed Lambda functions locally through the official runtime client, awslambdaric.

For each function the plane serves a local Lambda Runtime API (`/2018-06-01/runtime/...`) on 127.0.0.1 and
starts worker processes running awslambdaric's main against it (through local/plane/lambda_bootstrap.py), with
the function's own environment, handler, layers and a real Lambda context. The number of workers is the
function's concurrency; an invocation waits for a free worker, like a throttled Lambda.

One difference from Lambda: the layers' `python/` folders come AFTER the interpreter's site-packages on
sys.path, not before it as /opt/python does. The workers run the venv's Python 3.11 and the common layer holds
the python3.12 runtime's wheels (compiled for cp312), so the layer supplies what only it has (the first-party
`order_common`) and the venv supplies the third-party packages, at the same pinned versions (see
lambda_bootstrap.py). The function's code (LAMBDA_TASK_ROOT) comes first, as /var/task does.

The code a function runs is the built zip whose sha256 matches the CodeSha256 moto recorded for the
function (moto's Code.Location is fake), extracted under build/local/functions/.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import queue
import subprocess
import sys
import threading
import time
import uuid
import zipfile
from concurrent.futures import Future
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from local.plane.lambda_bootstrap import LAYER_DIRS_ENV

PREFIX = "/2018-06-01/runtime"
BOOTSTRAP = Path(__file__).with_name("lambda_bootstrap.py")


class FunctionError(Exception):
    """The function raised (or timed out, or failed to initialise); carries the Lambda error payload."""

    def __init__(self, function_name: str, payload: dict[str, Any]) -> None:
        self.payload = payload
        super().__init__(f"{function_name}: {payload.get('errorType')}: {payload.get('errorMessage')}")


@dataclass
class _Invocation:
    request_id: str
    payload: bytes
    deadline_ms: int
    future: Future[Any] = field(default_factory=Future)
    worker: int = -1


@dataclass
class FunctionSpec:
    name: str
    arn: str
    handler: str
    code_dir: Path
    layer_dirs: list[Path]
    environment: dict[str, str]
    timeout_s: int
    memory_mb: int
    concurrency: int


def code_sha256(path: Path) -> str:
    """The CodeSha256 Lambda reports for a zip: base64 of the binary sha256."""
    return base64.b64encode(hashlib.sha256(path.read_bytes()).digest()).decode()


def extract_once(zip_path: Path, into: Path) -> Path:
    """Extract a zip into a folder named after its hash (so a changed zip never reuses stale code)."""
    digest = hashlib.sha256(zip_path.read_bytes()).hexdigest()[:16]
    target = into / f"{zip_path.stem}-{digest}"
    if not target.exists():
        tmp = into / f".{target.name}.{uuid.uuid4().hex}"
        with zipfile.ZipFile(zip_path) as archive:
            archive.extractall(tmp)
        try:
            tmp.rename(target)
        except OSError:  # another process won the race
            pass
    return target


class _RuntimeApi(ThreadingHTTPServer):
    """The Runtime API of one worker (one per worker, so a timed-out invocation names the worker to replace)."""

    daemon_threads = True

    def __init__(self, function: LocalFunction, worker: int) -> None:
        super().__init__(("127.0.0.1", 0), _RuntimeApiHandler)
        self.function = function
        self.worker = worker


class _RuntimeApiHandler(BaseHTTPRequestHandler):
    server: _RuntimeApi
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        return

    def _reply(self, status: int, body: bytes = b"", headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def do_GET(self) -> None:  # noqa: N802
        function = self.server.function
        if self.path != f"{PREFIX}/invocation/next":
            self._reply(HTTPStatus.NOT_FOUND)
            return
        worker = self.server.worker
        generation = function.generation(worker)
        invocation = function.next_invocation(worker)
        if invocation is None:  # shutting down: keep the worker waiting until it is killed
            time.sleep(3600)
            return
        if function.generation(worker) != generation:
            # The worker that asked died (idle) and was replaced while this request waited: the invocation goes
            # to a live worker instead of into a dead socket (where it would time out, and take the new worker).
            function.requeue(invocation)
            self.close_connection = True
            return
        try:
            self._reply(
                HTTPStatus.OK,
                invocation.payload,
                {
                    "Content-Type": "application/json",
                    "Lambda-Runtime-Aws-Request-Id": invocation.request_id,
                    "Lambda-Runtime-Deadline-Ms": str(invocation.deadline_ms),
                    "Lambda-Runtime-Invoked-Function-Arn": function.spec.arn,
                    "Lambda-Runtime-Trace-Id": f"Root=1-{int(time.time()):08x}-{uuid.uuid4().hex[:24]};Sampled=0",
                },
            )
        except OSError:  # the worker is gone (broken pipe, reset): nobody received the event
            function.requeue(invocation)
            self.close_connection = True

    def do_POST(self) -> None:  # noqa: N802
        function = self.server.function
        body = self._body()
        parts = self.path[len(PREFIX) :].strip("/").split("/")
        if parts == ["init", "error"]:
            function.init_failed(json.loads(body or b"{}"))
            self._reply(HTTPStatus.ACCEPTED)
        elif len(parts) == 3 and parts[0] == "invocation" and parts[2] in ("response", "error"):
            function.complete(parts[1], body, error=parts[2] == "error")
            self._reply(HTTPStatus.ACCEPTED)
        else:
            self._reply(HTTPStatus.NOT_FOUND)


class LocalFunction:
    """One deployed function: its workers (each with its own Runtime API) and its invocation queue."""

    def __init__(self, spec: FunctionSpec, log_dir: Path) -> None:
        self.spec = spec
        self._queue: queue.Queue[_Invocation | None] = queue.Queue()
        self._in_flight: dict[str, _Invocation] = {}
        self._lock = threading.Lock()
        self._slots = threading.BoundedSemaphore(spec.concurrency)
        self._apis = [_RuntimeApi(self, i) for i in range(spec.concurrency)]
        self._workers: list[subprocess.Popen[bytes]] = []
        self._generations = [0] * spec.concurrency  # bumped each time a worker slot gets a new process
        self._log = open(log_dir / f"{spec.name}.log", "ab")  # noqa: SIM115 - lives as long as the function
        self._stopping = threading.Event()
        self._watchdog = threading.Thread(target=self._watch, daemon=True, name=f"watch-{spec.name}")
        self.invocations = 0
        self.errors = 0

    # --- lifecycle ---
    def start(self) -> None:
        for api in self._apis:
            threading.Thread(target=api.serve_forever, daemon=True).start()
            self._workers.append(self._spawn(api))
        self._watchdog.start()

    def _spawn(self, api: _RuntimeApi) -> subprocess.Popen[bytes]:
        host, port = str(api.server_address[0]), api.server_address[1]
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("AWS_LAMBDA_") and k != "PYTHONPATH"},
            **self.spec.environment,
            "AWS_LAMBDA_RUNTIME_API": f"{host}:{port}",
            "AWS_LAMBDA_FUNCTION_NAME": self.spec.name,
            "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST",
            "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": str(self.spec.memory_mb),
            "AWS_LAMBDA_LOG_GROUP_NAME": f"/aws/lambda/{self.spec.name}",
            "LAMBDA_TASK_ROOT": str(self.spec.code_dir),
            "_HANDLER": self.spec.handler,
            LAYER_DIRS_ENV: os.pathsep.join(str(d / "python") for d in self.spec.layer_dirs),
            "PYTHONUNBUFFERED": "1",
        }
        return subprocess.Popen(
            [sys.executable, str(BOOTSTRAP), self.spec.handler],
            env=env,
            cwd=self.spec.code_dir,
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )

    def _watch(self) -> None:
        """Replace workers that exited (a crash, os._exit, an init error), failing what they were running."""
        while not self._stopping.wait(0.5):
            for i, worker in enumerate(self._workers):
                if worker.poll() is None:
                    continue
                self._fail_worker(i, {"errorType": "Runtime.ExitError", "errorMessage": f"exit {worker.returncode}"})
                if not self._stopping.is_set():
                    self._generations[i] += 1
                    self._workers[i] = self._spawn(self._apis[i])

    def _fail_worker(self, worker: int, payload: dict[str, Any]) -> None:
        with self._lock:
            lost = [inv for inv in self._in_flight.values() if inv.worker == worker]
            for inv in lost:
                self._in_flight.pop(inv.request_id, None)
        for inv in lost:
            if not inv.future.done():
                inv.future.set_exception(FunctionError(self.spec.name, payload))

    def stop(self) -> None:
        self._stopping.set()
        for _ in self._workers:
            self._queue.put(None)
        for worker in self._workers:
            worker.terminate()
        for worker in self._workers:
            try:
                worker.wait(timeout=5)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait()
        for api in self._apis:
            api.shutdown()
            api.server_close()
        self._log.close()

    # --- the Runtime API side ---
    def generation(self, worker: int) -> int:
        """How many times this worker slot's process has been replaced."""
        return self._generations[worker]

    def requeue(self, invocation: _Invocation) -> None:
        """Put back an invocation that no worker received (the one that asked for it is gone)."""
        invocation.worker = -1
        self._queue.put(invocation)

    def next_invocation(self, worker: int) -> _Invocation | None:
        invocation = self._queue.get()
        if invocation is not None:
            invocation.worker = worker
        return invocation

    def complete(self, request_id: str, body: bytes, *, error: bool) -> None:
        with self._lock:
            invocation = self._in_flight.pop(request_id, None)
        if invocation is None or invocation.future.done():
            return
        payload = json.loads(body) if body else None
        if error:
            invocation.future.set_exception(FunctionError(self.spec.name, payload or {}))
        else:
            invocation.future.set_result(payload)

    def init_failed(self, payload: dict[str, Any]) -> None:
        # awslambdaric reports the init error, then exits; the watchdog fails the invocation and respawns.
        self._init_error = payload

    # --- the caller side ---
    def invoke(self, event: Any) -> Any:
        """Invoke synchronously (RequestResponse); raises FunctionError on a function error or timeout."""
        with self._slots:
            self.invocations += 1
            request_id = str(uuid.uuid4())
            deadline_ms = int((time.time() + self.spec.timeout_s) * 1000)
            invocation = _Invocation(request_id, json.dumps(event).encode(), deadline_ms)
            with self._lock:
                self._in_flight[request_id] = invocation
            self._queue.put(invocation)
            try:
                return invocation.future.result(timeout=self.spec.timeout_s + 2)
            except FunctionError:
                self.errors += 1
                raise
            except TimeoutError:
                self.errors += 1
                # The worker is stuck in the handler: Lambda discards that sandbox, and so do we.
                if invocation.worker >= 0:
                    self._workers[invocation.worker].kill()
                with self._lock:
                    self._in_flight.pop(request_id, None)
                raise FunctionError(
                    self.spec.name,
                    {
                        "errorType": "Sandbox.Timedout",
                        "errorMessage": f"timed out after {self.spec.timeout_s}s",
                    },
                ) from None
