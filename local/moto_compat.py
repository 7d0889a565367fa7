"""The one place where moto is corrected, so the real Terraform applies into it and the event plane alone routes.

Every patch names the gap it fills. They are applied by `apply_patches()` before the moto server starts, in the
process that hosts the server (`local.emulator`). Nothing in services/ or terraform/ knows about them.

Control-plane gaps the AWS provider trips on (moto 5.2.5, AWS provider 5.100.0):
  SQS-1  GetQueueAttributes returns RedrivePolicy with spaces -> perpetual diff: serialise it compactly.
  SQS-2  SetQueueAttributes without `Policy` wipes the queue policy -> aws_sqs_queue_policy never settles:
         keep the policy unless the call names it.
  SQS-3  RedriveAllowPolicy is unknown -> aws_sqs_queue_redrive_allow_policy waits 20 minutes: store and
         return it.
  SFN-1  ValidateStateMachineDefinition is not implemented -> plan/apply fail: answer OK (definitions are
         checked by our tests running them on moto's interpreter).
  SFN-2  ListStateMachineVersions is not implemented -> apply/refresh fail: answer with no versions.

Data-plane side effects switched off, so that the event plane (local/plane) is the only thing that routes:
  ESM-1  moto's Lambda event-source mappings invoke functions in Docker on every SQS send / DynamoDB write,
         bump receive counts and empty the stream: queues and tables keep no mappings.
  EVB-1  moto's EventBridge delivery crashes on SNS/SFN/Lambda targets after a partial delivery: it delivers
         only to archives (replay stays moto's); every accepted event is handed to `event_tap` instead, where
         the plane matches rules and delivers to targets.
"""

from __future__ import annotations

import copy
import json
import queue
from typing import Any

_applied = False

#: Every event accepted by PutEvents (any bus), as (event bus name, EventBridge event dict); read by the plane.
event_tap: queue.Queue[tuple[str, dict[str, Any]]] = queue.Queue()


def apply_patches() -> None:
    """Apply every patch once (idempotent)."""
    global _applied
    if _applied:
        return
    _patch_sqs()
    _patch_stepfunctions()
    _patch_event_source_mappings()
    _patch_eventbridge_delivery()
    _applied = True


# --- SQS -------------------------------------------------------------------------------------------------


def _patch_sqs() -> None:
    from moto.sqs.models import Queue

    original_attributes = Queue.attributes.fget  # type: ignore[attr-defined]
    original_set_attributes = Queue._set_attributes

    def attributes(self: Queue) -> dict[str, Any]:
        result = original_attributes(self)
        if self.redrive_policy:  # SQS-1
            result["RedrivePolicy"] = json.dumps(self.redrive_policy, separators=(",", ":"))
        allow = getattr(self, "redrive_allow_policy", None)
        if allow:  # SQS-3
            result["RedriveAllowPolicy"] = allow
        return result

    def _set_attributes(self: Queue, attributes: dict[str, Any], now: Any = None) -> None:
        keep_policy = "Policy" not in attributes and hasattr(self, "_policy_json")  # SQS-2
        saved = copy.deepcopy(self._policy_json) if keep_policy else None
        original_set_attributes(self, attributes, now)
        if saved is not None:
            self._policy_json = saved

    Queue.attributes = property(attributes)  # type: ignore[assignment,method-assign]
    Queue._set_attributes = _set_attributes  # type: ignore[method-assign]
    if "RedriveAllowPolicy" not in Queue.BASE_ATTRIBUTES:  # SQS-3: a known, settable attribute
        Queue.BASE_ATTRIBUTES = [*Queue.BASE_ATTRIBUTES, "RedriveAllowPolicy"]
    if not hasattr(Queue, "redrive_allow_policy"):
        Queue.redrive_allow_policy = None  # type: ignore[attr-defined]


# --- Step Functions --------------------------------------------------------------------------------------


def _patch_stepfunctions() -> None:
    from moto.core.responses import ActionResult
    from moto.stepfunctions.responses import StepFunctionResponse

    def validate_state_machine_definition(self: StepFunctionResponse) -> ActionResult:  # SFN-1
        return ActionResult({"result": "OK", "diagnostics": [], "truncated": False})

    def list_state_machine_versions(self: StepFunctionResponse) -> ActionResult:  # SFN-2
        return ActionResult({"stateMachineVersions": []})

    StepFunctionResponse.validate_state_machine_definition = validate_state_machine_definition  # type: ignore[attr-defined]
    StepFunctionResponse.list_state_machine_versions = list_state_machine_versions  # type: ignore[attr-defined]


# --- Lambda event-source mappings ------------------------------------------------------------------------


class _NoMappings(dict):  # type: ignore[type-arg]
    """A mapping table that never holds anything: moto's ESM hooks find nothing to invoke (ESM-1)."""

    def __setitem__(self, key: Any, value: Any) -> None:
        return None


def _patch_event_source_mappings() -> None:
    from moto.dynamodb.models.table import Table
    from moto.sqs.models import Queue

    def getter(self: Any) -> dict[str, Any]:
        return _NoMappings()

    def setter(self: Any, value: Any) -> None:
        return None

    Queue.lambda_event_source_mappings = property(getter, setter)  # type: ignore[assignment]
    Table.lambda_event_source_mappings = property(getter, setter)  # type: ignore[assignment]


# --- EventBridge -----------------------------------------------------------------------------------------


def _patch_eventbridge_delivery() -> None:
    from moto.events.models import EventsBackend, Rule

    original_send = Rule.send_to_targets
    original_put_events = EventsBackend.put_events

    def send_to_targets(self: Rule, original_event: Any, transform_input: bool = True) -> None:
        archive_targets = [t for t in self.targets if _is_archive(t)]
        if not archive_targets:
            return  # EVB-1: the plane delivers to every other target
        others, self.targets = self.targets, archive_targets
        try:
            original_send(self, original_event, transform_input)
        finally:
            self.targets = others

    def put_events(self: EventsBackend, events: list[dict[str, Any]]) -> list[dict[str, Any]]:
        entries = original_put_events(self, events)
        for event, entry in zip(events, entries, strict=False):
            if "EventId" not in entry:
                continue
            bus = self._normalize_event_bus_arn(event.get("EventBusName"))
            event_tap.put(
                (
                    bus,
                    {
                        "version": "0",
                        "id": entry["EventId"],
                        "detail-type": event["DetailType"],
                        "source": event["Source"],
                        "account": self.account_id,
                        "time": _event_time(event.get("Time")),
                        "region": self.region_name,
                        "resources": event.get("Resources", []),
                        "detail": json.loads(event["Detail"]),
                    },
                )
            )
        return entries

    Rule.send_to_targets = send_to_targets  # type: ignore[method-assign]
    EventsBackend.put_events = put_events  # type: ignore[method-assign]


def _is_archive(target: dict[str, Any]) -> bool:
    # moto's archive rule (ManagedBy events) targets the bus with an `archive-arn` input template
    return "archive-arn" in (target.get("InputTransformer") or {}).get("InputTemplate", "")


def _event_time(value: Any) -> str:
    import datetime as dt

    if value is None:
        return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, int | float):
        return dt.datetime.fromtimestamp(value, dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return str(value)
