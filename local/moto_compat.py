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

Data-plane gaps that lose or stall data under concurrency:
  DDB-1  TransactWriteItems applies writes one by one and, when one fails, rolls back by putting deep copies of
         whole Table objects back: concurrent writes made meanwhile are lost, and stream readers keep the old
         table's stream shard and stall. Here conditions are all checked first (against the state before the
         transaction, as DynamoDB does), then the writes are applied; only then is anything written.
  DDB-2  Writes are not serialised: concurrent writes race on stream sequence numbers and transactions are not
         isolated. Every DynamoDB write here holds one lock (plenty for a laptop).

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

#: EVB-1 is in force only while an event plane routes (set by local.emulator); moto's own delivery otherwise,
#: so in-process moto users in the same test session (mock_aws) keep moto's behaviour.
plane_routes = False


def apply_patches() -> None:
    """Apply every patch once (idempotent)."""
    global _applied
    if _applied:
        return
    _patch_sqs()
    _patch_dynamodb()
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
        if allow:  # SQS-3 (and an unset/cleared policy is absent, as on AWS, or a delete never settles)
            result["RedriveAllowPolicy"] = allow
        else:
            result.pop("RedriveAllowPolicy", None)
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


# --- DynamoDB --------------------------------------------------------------------------------------------


def _patch_dynamodb() -> None:
    import functools
    import threading

    from moto.dynamodb.comparisons import get_filter_expression
    from moto.dynamodb.exceptions import (
        ConditionalCheckFailed,
        MultipleTransactionsException,
        TooManyTransactionsException,
        TransactionCanceledException,
        TransactWriteSingleOpException,
    )
    from moto.dynamodb.models import DynamoDBBackend

    write_lock = threading.RLock()

    def serialised(method: Any) -> Any:  # DDB-2
        @functools.wraps(method)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            with write_lock:
                return method(*args, **kwargs)

        return wrapper

    for name in ("put_item", "update_item", "delete_item"):
        setattr(DynamoDBBackend, name, serialised(getattr(DynamoDBBackend, name)))

    def _key_of(backend: DynamoDBBackend, op_type: str, op: dict[str, Any]) -> dict[str, Any]:
        if op_type != "Put":
            return dict(op["Key"])
        table = backend.get_table(op["TableName"])
        key = {table.hash_key_attr: op["Item"][table.hash_key_attr]}
        if table.range_key_attr is not None:
            key[table.range_key_attr] = op["Item"][table.range_key_attr]
        return key

    @serialised
    def transact_write_items(self: DynamoDBBackend, transact_items: list[dict[str, Any]]) -> None:  # DDB-1
        if len(transact_items) > 100:
            raise TooManyTransactionsException()
        seen: set[tuple[str, str]] = set()
        errors: list[tuple[Any, Any, Any]] = []
        plan = []
        for item in transact_items:  # phase 1: validate and check every condition; write nothing
            if len(item) > 1:
                raise TransactWriteSingleOpException
            op_type, op = next(iter(item.items()))
            if op_type not in {"ConditionCheck", "Put", "Delete", "Update"}:
                raise ValueError("Unsupported transaction operation")
            key = _key_of(self, op_type, op)
            identity = (str(op["TableName"]), str(dict(sorted(key.items()))))
            if identity in seen:
                raise MultipleTransactionsException()
            seen.add(identity)
            original_item = None
            try:
                current = self.get_item(op["TableName"], key)
                condition = op.get("ConditionExpression")
                if condition is not None:
                    check = get_filter_expression(
                        condition, op.get("ExpressionAttributeNames"), op.get("ExpressionAttributeValues")
                    )
                    if not check.expr(current):
                        if op.get("ReturnValuesOnConditionCheckFailure") == "ALL_OLD" and current:
                            original_item = current.to_json()["Attributes"]
                        raise ConditionalCheckFailed(item=original_item)
                errors.append((None, None, None))
            except ConditionalCheckFailed as e:
                errors.append(("ConditionalCheckFailed", str(e.message), original_item))
            except Exception as e:  # noqa: BLE001 - reported per item, as DynamoDB does
                errors.append((type(e).__name__, str(e), None))
            plan.append((op_type, op, key))
        if any(code is not None for code, _, _ in errors):
            raise TransactionCanceledException(errors)
        for op_type, op, key in plan:  # phase 2: apply (conditions held: nothing else writes meanwhile)
            names, values = op.get("ExpressionAttributeNames"), op.get("ExpressionAttributeValues")
            if op_type == "Put":
                self.put_item(
                    op["TableName"], op["Item"], expression_attribute_names=names, expression_attribute_values=values
                )
            elif op_type == "Delete":
                self.delete_item(
                    op["TableName"], key, expression_attribute_names=names, expression_attribute_values=values
                )
            elif op_type == "Update":
                self.update_item(
                    op["TableName"],
                    key,
                    update_expression=op["UpdateExpression"],
                    expression_attribute_names=names,
                    expression_attribute_values=values,
                )

    DynamoDBBackend.transact_write_items = transact_write_items  # type: ignore[method-assign]


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


class _NoMappings(dict[Any, Any]):
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
        if not plane_routes:
            return original_send(self, original_event, transform_input)
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
        if not plane_routes:
            return entries
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
