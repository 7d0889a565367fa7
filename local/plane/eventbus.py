"""EventBridge rule matching and target delivery, for the targets moto does not deliver.

Every event moto accepts is handed over by `moto_compat.event_tap`; each enabled rule of its bus whose pattern
matches (local.event_patterns, AWS semantics) delivers to its targets: Step Functions (StartExecution),
Lambda (asynchronous invoke), SNS (Publish), SQS (SendMessage), CloudWatch Logs (PutLogEvents) and other buses
(PutEvents). Input, InputPath and InputTransformer shape what a target receives. A delivery that keeps
failing after the target's retry attempts goes to the target's DLQ with the error, like EventBridge.
"""

from __future__ import annotations

import json
import logging
import queue
import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from local.event_patterns import matches
from local.plane.lambda_runtime import LocalFunction
from local.plane.topology import Rule, Target, arn_name, queue_url_for

log = logging.getLogger("plane.events")


def json_path(document: Any, path: str) -> Any:
    """The JSONPath subset EventBridge accepts in InputPath / InputPathsMap ($, $.a.b, $.a[0])."""
    if path in ("$", ""):
        return document
    value = document
    for part in re.findall(r"\.([^.\[\]]+)|\[(\d+)\]", path[1:]):
        key, index = part
        if isinstance(value, dict) and key:
            value = value.get(key)
        elif isinstance(value, list) and index:
            value = value[int(index)] if int(index) < len(value) else None
        else:
            return None
    return value


def transform_input(target: Target, event: dict[str, Any]) -> str:
    if target.input is not None:
        return target.input
    if target.input_path:
        return json.dumps(json_path(event, target.input_path))
    if target.input_transformer:
        values = {k: json_path(event, p) for k, p in (target.input_transformer.get("InputPathsMap") or {}).items()}
        template = target.input_transformer["InputTemplate"]

        def substitute(match: re.Match[str]) -> str:
            name, quoted = match.group(2), match.group(1) == '"'
            value = values.get(name) if name in values else _reserved(name, event)
            if quoted and isinstance(value, str):
                return '"' + json.dumps(value)[1:-1] + '"'
            return (match.group(1) or "") + json.dumps(value) + (match.group(3) or "")

        return re.sub(r'(")?<([\w.-]+)>(")?', substitute, template)
    return json.dumps(event)


def _reserved(name: str, event: dict[str, Any]) -> Any:
    if name == "aws.events.event" or name == "aws.events.event.json":
        return event
    if name == "aws.events.rule-arn":
        return None
    return None


class EventRouter:
    def __init__(
        self,
        rules: list[Rule],
        tap: queue.Queue[tuple[str, dict[str, Any]]],
        functions: dict[str, LocalFunction],
        clients: Any,
        workers: int = 8,
    ) -> None:
        self._rules = rules
        self._tap = tap
        self._functions = functions
        self._clients = clients
        self._stop = threading.Event()
        self._pool = ThreadPoolExecutor(workers, thread_name_prefix="evb-target")
        self._thread = threading.Thread(target=self._run, daemon=True, name="event-router")
        self._log_streams: set[str] = set()
        self._lock = threading.Lock()
        self.matched = 0
        self.delivered = 0
        self.dead_lettered = 0
        self.events_seen = 0

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self._pool.shutdown(wait=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                bus, event = self._tap.get(timeout=0.2)
            except queue.Empty:
                continue
            self.events_seen += 1
            for rule in self._rules:
                if rule.bus_name != bus or not matches(rule.pattern, event):
                    continue
                self.matched += 1
                for target in rule.targets:
                    self._pool.submit(self._deliver_with_retries, rule, target, event)

    def _deliver_with_retries(self, rule: Rule, target: Target, event: dict[str, Any]) -> None:
        payload = transform_input(target, event)
        error: Exception | None = None
        for attempt in range(max(1, target.retry_attempts + 1)):
            try:
                self._deliver(target, event, payload)
                self.delivered += 1
                return
            except Exception as err:  # any delivery failure is retried, then dead-lettered
                error = err
                log.warning("rule %s -> %s attempt %d failed: %s", rule.name, target.id, attempt + 1, err)
                time.sleep(min(0.2 * 2**attempt, 2))
        self.dead_lettered += 1
        if target.dlq_arn:
            sqs = self._clients("sqs")
            sqs.send_message(
                QueueUrl=queue_url_for(sqs, target.dlq_arn),
                MessageBody=payload,
                MessageAttributes={
                    "RULE_ARN": {"DataType": "String", "StringValue": rule.name},
                    "TARGET_ARN": {"DataType": "String", "StringValue": target.arn},
                    "ERROR_MESSAGE": {"DataType": "String", "StringValue": str(error)[:1000]},
                },
            )
        else:
            log.error("rule %s -> %s: event %s lost (no DLQ): %s", rule.name, target.id, event["id"], error)

    def _deliver(self, target: Target, event: dict[str, Any], payload: str) -> None:
        service = target.arn.split(":")[2]
        if service == "states":
            name = re.sub(r"[^A-Za-z0-9_-]", "-", f"{event['id']}-{target.id}")[:80]
            try:
                self._clients("stepfunctions").start_execution(stateMachineArn=target.arn, name=name, input=payload)
            except self._clients("stepfunctions").exceptions.ExecutionAlreadyExists:
                pass  # a retried delivery of the same event: one execution, as on AWS
        elif service == "lambda":
            function = self._functions[arn_name(target.arn)]
            function.invoke(json.loads(payload))
        elif service == "sns":
            self._clients("sns").publish(TopicArn=target.arn, Message=payload)
        elif service == "sqs":
            sqs = self._clients("sqs")
            extra = {"MessageGroupId": target.sqs_message_group_id} if target.sqs_message_group_id else {}
            sqs.send_message(QueueUrl=queue_url_for(sqs, target.arn), MessageBody=payload, **extra)
        elif service == "logs":
            self._put_log(target.arn, payload)
        elif service == "events":
            self._clients("events").put_events(
                Entries=[
                    {
                        "Source": event["source"],
                        "DetailType": event["detail-type"],
                        "Detail": json.dumps(event["detail"]),
                        "EventBusName": target.arn,
                    }
                ]
            )
        else:
            raise RuntimeError(f"target kind {service} is not supported by the local plane")

    def _put_log(self, arn: str, payload: str) -> None:
        group = arn.split(":log-group:")[1].removesuffix(":*")
        logs = self._clients("logs")
        with self._lock:
            if group not in self._log_streams:
                try:
                    logs.create_log_stream(logGroupName=group, logStreamName="events")
                except logs.exceptions.ResourceAlreadyExistsException:
                    pass
                self._log_streams.add(group)
        logs.put_log_events(
            logGroupName=group,
            logStreamName="events",
            logEvents=[{"timestamp": int(time.time() * 1000), "message": payload}],
        )
