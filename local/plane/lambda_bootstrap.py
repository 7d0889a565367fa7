"""Starts one local Lambda worker: awslambdaric's main, with the function's layers AFTER the venv's packages.

    python local/plane/lambda_bootstrap.py <handler>      (spawned by lambda_runtime.LocalFunction, by path)

On Lambda, sys.path is the task root, then each layer's `python/` (/opt/python), then the runtime's own
packages. Locally the worker is the venv's interpreter (Python 3.11), while the common layer carries the
python3.12 runtime's wheels (`pydantic_core/_pydantic_core.cpython-312-x86_64-linux-gnu.so`, ...), which 3.11
cannot import. So the layer folders (LOCAL_LAMBDA_LAYER_DIRS, one per layer, in the function's order) are
appended to sys.path after site-packages: what only the layer has — the first-party `order_common` — comes from
the layer, and the third-party packages come from the venv, which pins the same versions (the layer's lock,
layers/common/requirements.txt, is resolved from requirements.lock). That order is the one difference from Lambda.

Standard library only, and run by path rather than as `-m local.plane...`: the worker's sys.path holds the
function's code, the venv and its layers, not this repository.
"""

from __future__ import annotations

import os
import runpy
import sys

LAYER_DIRS_ENV = "LOCAL_LAMBDA_LAYER_DIRS"


def main() -> None:
    # Run as a script, sys.path[0] is this folder: the task root takes its place (Lambda's /var/task comes first).
    sys.path[0] = os.environ["LAMBDA_TASK_ROOT"]
    layer_dirs = [d for d in os.environ.pop(LAYER_DIRS_ENV, "").split(os.pathsep) if d]
    sys.path.extend(d for d in layer_dirs if d not in sys.path)
    sys.argv = ["awslambdaric", *sys.argv[1:]]  # awslambdaric reads the handler from argv[1]
    runpy.run_module("awslambdaric", run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main()
