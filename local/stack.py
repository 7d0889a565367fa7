"""The embedded default: the emulator, the real Terraform applied into it, the provider simulator, the plane.

    with EmbeddedStack(ROOT / "build/local") as stack:
        stack.outputs["api_invoke_url"], stack.api_url, stack.client("dynamodb"), ...

`up()` builds the zips, starts the emulator and the payment provider simulator, applies
terraform/environments/local into the emulator (fresh state each time: the emulator starts empty), and starts
the event plane on what was applied. `down()` stops everything it started, in reverse order.
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
import threading
import time
from functools import cache
from pathlib import Path
from typing import Any

import boto3
from python_terraform import IsFlagged, Terraform

from local import build
from local.emulator import Emulator
from local.plane import EventPlane
from local.provider_simulator import ProviderSimulator

ROOT = Path(__file__).resolve().parents[1]
ENV_DIR = ROOT / "terraform/environments/local"
PROVIDER_API_KEY = "local-provider-key"
log = logging.getLogger("stack")


def terraform_cli_config() -> Path:
    """The project's Terraform CLI config: the local provider mirror when this machine has it, else the registry."""
    return ROOT / "terraform/cli" / ("mirror.tfrc" if Path("/opt/tf-plugins").is_dir() else "registry.tfrc")


def terraform_env() -> dict[str, str]:
    return {"TF_CLI_CONFIG_FILE": str(terraform_cli_config()), "TF_IN_AUTOMATION": "1"}


class StepTimer:
    def __init__(self) -> None:
        self.times: dict[str, float] = {}

    def run(self, name: str, fn: Any, *args: Any, **kwargs: Any) -> Any:
        started = time.monotonic()
        print(f"[stack] {name} ...", flush=True)
        done = threading.Event()

        def tick() -> None:  # long steps (terraform apply: ~1.5 min) show they are alive
            while not done.wait(15):
                print(f"[stack] {name} ... {time.monotonic() - started:.0f}s", flush=True)

        ticker = threading.Thread(target=tick, daemon=True)
        ticker.start()
        try:
            result = fn(*args, **kwargs)
        finally:
            done.set()
        self.times[name] = round(time.monotonic() - started, 1)
        print(f"[stack] {name} done in {self.times[name]}s", flush=True)
        return result


class EmbeddedStack:
    def __init__(
        self,
        work_dir: Path,
        provider_options: dict[str, Any] | None = None,
        tf_vars: dict[str, Any] | None = None,
        quiet_terraform: bool = True,
    ) -> None:
        self.work_dir = work_dir
        self.provider_options = provider_options or {}
        self.tf_vars = tf_vars or {}
        self.quiet_terraform = quiet_terraform
        self.timer = StepTimer()
        self.emulator = Emulator()
        self.provider: ProviderSimulator | None = None
        self.plane: EventPlane | None = None
        self.outputs: dict[str, Any] = {}
        self.endpoint = ""
        self.provider_url = ""
        self.state_file = work_dir / "terraform.tfstate"

    # --- lifecycle -------------------------------------------------------------------------------------
    def __enter__(self) -> EmbeddedStack:
        try:
            self.up()
        except BaseException:
            self.down()
            raise
        return self

    def __exit__(self, *exc: Any) -> None:
        self.down()

    def up(self) -> None:
        self.start_services()
        self.timer.run("terraform init", self._init)
        self.timer.run("terraform apply", self._apply, self.provider_url)
        self.start_plane(self._outputs())

    def start_services(self) -> None:
        """Everything Terraform needs to apply into: the zips, the emulator and the payment provider simulator."""
        self._saved_environ = dict(os.environ)  # restored by down(): the stack sets endpoints and ports
        if self.work_dir.exists():
            shutil.rmtree(self.work_dir)
        self.work_dir.mkdir(parents=True)
        self.timer.run("build", self._build)
        self.endpoint = self.timer.run("emulator", self.emulator.start)
        os.environ["AWS_ENDPOINT_URL"] = self.endpoint
        self.provider = ProviderSimulator(api_key=PROVIDER_API_KEY, **self.provider_options)
        self.provider_url = self.timer.run("provider simulator", self.provider.start)

    def start_plane(self, outputs: dict[str, Any]) -> None:
        """Run the event plane on what was applied; `outputs` are the root module's output values."""
        self.outputs = outputs
        self.plane = EventPlane(self.endpoint, ROOT / "build/dist", self.work_dir)
        self.timer.run("event plane", self.plane.start)

    def down(self) -> None:
        for name, stop in (
            ("event plane", self.plane.stop if self.plane else None),
            ("provider simulator", self.provider.stop if self.provider else None),
            ("emulator", self.emulator.stop),
        ):
            if stop is None:
                continue
            try:
                stop()
            except Exception:
                log.exception("stopping the %s failed", name)
        self.plane = None
        self.provider = None
        if hasattr(self, "_saved_environ"):
            os.environ.clear()
            os.environ.update(self._saved_environ)

    # --- terraform -------------------------------------------------------------------------------------
    def terraform(self) -> Terraform:
        os.environ.update(terraform_env())
        return Terraform(working_dir=str(ENV_DIR), state=str(self.state_file))

    def variables(self, provider_url: str) -> dict[str, Any]:
        return {
            "emulator_endpoint": self.endpoint,
            "provider_url": provider_url,
            "provider_api_key": PROVIDER_API_KEY,
            "artifacts_dir": str(ROOT / "build/dist"),
            **self.tf_vars,
        }

    def _run(self, *args: Any, **kwargs: Any) -> str:
        code, out, err = self.terraform().cmd(*args, no_color=IsFlagged, **kwargs)
        if code != 0:
            raise RuntimeError(f"terraform {args[0]} failed (exit {code}):\n{out}\n{err}")
        return str(out)

    def _build(self) -> None:
        for artifact in build.ARTIFACTS:
            build.build_zip(artifact, ROOT / "build/dist")

    def _init(self) -> None:
        self._run("init", input=False, backend=False)

    def _apply(self, provider_url: str) -> None:
        self._run(
            "apply",
            auto_approve=IsFlagged,
            input=False,
            state=str(self.state_file),
            var=self.variables(provider_url),
        )

    def plan_is_empty(self) -> bool:
        """`terraform plan -detailed-exitcode` against the running emulator: True when there are no changes."""
        code, out, err = self.terraform().cmd(
            "plan",
            no_color=IsFlagged,
            input=False,
            detailed_exitcode=IsFlagged,
            state=str(self.state_file),
            var=self.variables(self.provider_url),
        )
        if code == 1:
            raise RuntimeError(f"terraform plan failed:\n{out}\n{err}")
        self.last_plan = str(out)
        return code == 0

    def _outputs(self) -> dict[str, Any]:
        raw = self.terraform().output(state=str(self.state_file))
        return {k: v["value"] for k, v in (raw or {}).items()}

    # --- clients ---------------------------------------------------------------------------------------
    @property
    def api_url(self) -> str:
        assert self.plane is not None
        return self.plane.apis[self.outputs["api_id"]].url

    @cache  # noqa: B019 - one client per service for the stack's lifetime
    def client(self, service: str) -> Any:
        return boto3.session.Session().client(  # type: ignore[call-overload]
            service,
            endpoint_url=self.endpoint,
            region_name="us-east-1",
            aws_access_key_id="test",
            aws_secret_access_key="test",
        )


if __name__ == "__main__":  # a quick manual bring-up: python -m local.stack
    logging.basicConfig(level=logging.INFO)
    with EmbeddedStack(ROOT / "build/local") as stack:
        print(stack.outputs, stack.api_url, file=sys.stderr)
        input("stack is up; press Enter to stop ")
