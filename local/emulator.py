"""The embedded AWS emulator: a patched moto server on 127.0.0.1, owned by this process.

    python -m local.emulator [--port 4566]      # serve until Ctrl-C (prints the endpoint)

In code, `Emulator().start()` returns the endpoint URL; `stop()` shuts it down. The server runs in a thread of
the calling process, so the event plane (local.plane) can read moto's event tap in the same process and
start/stop is by this process alone (moto_server's own PID does not own the port).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import signal
import threading
import urllib.request
from typing import TYPE_CHECKING

from local import moto_compat

if TYPE_CHECKING:  # start() imports it at run time, after moto_compat has patched moto
    from moto.moto_server.threaded_moto_server import ThreadedMotoServer

#: Environment every client of the emulator uses (fake credentials: nothing here reaches AWS).
CLIENT_ENV = {
    "AWS_ACCESS_KEY_ID": "test",
    "AWS_SECRET_ACCESS_KEY": "test",
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_REGION": "us-east-1",
    # moto's in-process DynamoDB Streams calls need this; harmless elsewhere
    "AWS_ACCOUNT_ID_ENDPOINT_MODE": "disabled",
}


class Emulator:
    def __init__(self, port: int = 0) -> None:
        self._requested_port = port
        self._server: ThreadedMotoServer | None = None
        self.endpoint = ""

    def start(self) -> str:
        moto_compat.apply_patches()
        logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one line per request otherwise
        from moto.moto_server.threaded_moto_server import ThreadedMotoServer

        self._server = ThreadedMotoServer(ip_address="127.0.0.1", port=self._requested_port, verbose=False)
        self._server.start()
        host, port = self._server.get_host_and_port()
        self.endpoint = f"http://{host}:{port}"
        # Step Functions' interpreter calls services back through the server on MOTO_PORT.
        os.environ["MOTO_PORT"] = str(port)
        for key, value in CLIENT_ENV.items():
            os.environ.setdefault(key, value)
        self._configure()
        moto_compat.plane_routes = True
        return self.endpoint

    def _configure(self) -> None:
        body = json.dumps({"stepfunctions": {"execute_state_machine": True}}).encode()
        request = urllib.request.Request(
            f"{self.endpoint}/moto-api/config",
            data=body,
            method="POST",
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            response.read()

    def stop(self) -> None:
        if self._server is not None:
            self._server.stop()
            self._server = None
            moto_compat.plane_routes = False


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=4566)
    args = parser.parse_args()
    emulator = Emulator(args.port)
    print(emulator.start(), flush=True)
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    try:
        done.wait()
    except KeyboardInterrupt:
        pass
    emulator.stop()


if __name__ == "__main__":
    main()
