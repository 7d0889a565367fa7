"""The real Terraform, applied by pytest-terraform in an ephemeral workspace: named for it, settled (the second
plan is empty), working (orders reach a terminal status) and gone after destroy."""

from __future__ import annotations

import os
import subprocess
import time
from typing import Any

import boto3
from pytest_terraform import terraform

from local.demo import TERMINAL, catalogue, order_statuses, post_order, seed_inventory
from tests.integration.conftest import ENVIRONMENT, MEASURED, Target

terraform(ENVIRONMENT, scope="session", name="environment")


def _outputs(environment: Any) -> dict[str, Any]:
    return {name: output["value"] for name, output in environment.outputs.items()}


def _clients(target: Target) -> Any:
    if target.stack is not None:
        return target.stack.client
    return lambda service: boto3.session.Session().client(service)


def test_every_resource_is_named_for_the_workspace(target: Target, environment: Any) -> None:
    MEASURED["init_and_apply_s"] = round(time.monotonic() - target.ready_at, 1)  # the first test to use it
    outputs = _outputs(environment)
    state = environment.terraform.show()
    resources = [r for m in _modules(state["values"]["root_module"]) for r in m.get("resources", [])]
    managed = [r for r in resources if r["mode"] == "managed"]
    MEASURED["resources"] = len(managed)
    assert len(managed) > 50, len(managed)
    assert outputs["orders_table_name"] == f"{target.name_prefix}-orders"
    assert outputs["event_bus_name"].startswith(f"{target.name_prefix}-")
    assert outputs["payments_queue_url"].rsplit("/", 1)[-1].startswith(f"{target.name_prefix}-")
    tables = _clients(target)("dynamodb").list_tables()["TableNames"]
    assert f"{target.name_prefix}-orders" in tables


def test_a_second_plan_has_no_changes(environment: Any) -> None:
    runner = environment.terraform
    started = time.monotonic()
    result = subprocess.run(
        [runner.tf_bin, "plan", "-input=false", "-no-color", "-detailed-exitcode", f"-state={runner.state_path}"],
        cwd=runner.module_dir,
        env={**os.environ, "TF_DATA_DIR": runner.work_dir, "TF_IN_AUTOMATION": "1"},
        capture_output=True,
        text=True,
        check=False,
    )
    MEASURED["second_plan_s"] = round(time.monotonic() - started, 1)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]


def test_orders_placed_on_the_applied_stack_reach_a_terminal_status(target: Target, environment: Any) -> None:
    outputs = _outputs(environment)
    clients = _clients(target)
    if target.stack is not None:
        target.stack.start_plane(outputs)
        api_url = target.stack.api_url
    else:
        api_url = outputs["api_invoke_url"]
    dynamodb = clients("dynamodb")
    seed_inventory(dynamodb, outputs["inventory_table_name"], catalogue())
    order = {"customerId": "it-customer", "items": [{"sku": "SKU-000", "quantity": 1}]}
    posted = [post_order(api_url, order) for _ in range(3)]
    assert [status for status, _, _ in posted] == [201, 201, 201], posted
    ids = [body["orderId"] for _, body, _ in posted]
    deadline = time.monotonic() + 180
    statuses: dict[str, str] = {}
    while time.monotonic() < deadline:
        statuses = order_statuses(dynamodb, outputs["orders_table_name"], ids)
        if len(statuses) == len(ids) and set(statuses.values()) <= TERMINAL:
            break
        time.sleep(1)
    assert set(statuses) == set(ids) and set(statuses.values()) <= TERMINAL, statuses
    assert "FULFILLED" in statuses.values(), statuses
    MEASURED["orders_terminal"] = len(statuses)


def test_destroy_removes_everything_it_applied(target: Target, environment: Any) -> None:
    if target.stack is not None and target.stack.plane is not None:
        target.stack.plane.stop()  # its pollers would otherwise read queues that are being deleted
        target.stack.plane = None
    started = time.monotonic()
    environment.terraform.destroy()  # the fixture's own teardown then finds an empty state
    MEASURED["destroy_s"] = round(time.monotonic() - started, 1)
    assert not environment.terraform.show().get("values", {}).get("root_module", {}).get("child_modules")
    clients = _clients(target)
    prefix = target.name_prefix
    left = {
        "tables": [t for t in clients("dynamodb").list_tables()["TableNames"] if t.startswith(prefix)],
        "queues": clients("sqs").list_queues(QueueNamePrefix=prefix).get("QueueUrls", []),
        "functions": [f["FunctionName"] for f in clients("lambda").list_functions()["Functions"]],
        "state machines": [m["name"] for m in clients("stepfunctions").list_state_machines()["stateMachines"]],
        "buses": [b["Name"] for b in clients("events").list_event_buses(NamePrefix=prefix)["EventBuses"]],
        "pipes": [p["Name"] for p in clients("pipes").list_pipes(NamePrefix=prefix)["Pipes"]],
    }
    left["functions"] = [f for f in left["functions"] if f.startswith(prefix)]
    left["state machines"] = [m for m in left["state machines"] if m.startswith(prefix)]
    assert not any(left.values()), left


def _modules(module: dict[str, Any]) -> list[dict[str, Any]]:
    return [module] + [m for child in module.get("child_modules", []) for m in _modules(child)]
