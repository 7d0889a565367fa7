"""Reads the applied topology back from the emulator's control plane (what Terraform declared, nothing else).

Functions, layers, event-source mappings, pipes, event-bus rules and targets are described by the emulator;
the only local knowledge is where the built zips are (matched to deployed code by sha256).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from local.plane.lambda_runtime import FunctionSpec, code_sha256, extract_once


@dataclass
class SqsMapping:
    uuid: str
    queue_arn: str
    function_name: str
    batch_size: int
    window_s: float
    report_batch_item_failures: bool
    max_concurrency: int


@dataclass
class Pipe:
    name: str
    source_arn: str
    starting_position: str
    batch_size: int
    window_s: float
    max_retries: int
    dlq_arn: str | None
    filters: list[dict[str, Any]]
    enrichment_function: str | None
    target_arn: str
    target_source: str
    target_detail_type: str


@dataclass
class Target:
    id: str
    arn: str
    input: str | None = None
    input_path: str | None = None
    input_transformer: dict[str, Any] | None = None
    dlq_arn: str | None = None
    sqs_message_group_id: str | None = None
    retry_attempts: int = 3


@dataclass
class Rule:
    name: str
    bus_name: str
    pattern: dict[str, Any]
    targets: list[Target] = field(default_factory=list)


def arn_name(arn: str) -> str:
    """The resource name at the end of an ARN (function:NAME, queue NAME, event-bus/NAME)."""
    tail = arn.split(":", 5)[5]
    return tail.split("/")[-1].split(":")[-1] if "/" in tail else tail.split(":")[-1]


def queue_url_for(sqs: Any, arn: str) -> str:
    parts = arn.split(":")
    return str(sqs.get_queue_url(QueueName=parts[5], QueueOwnerAWSAccountId=parts[4])["QueueUrl"])


def _pages(client: Any, method: str, key: str, **kwargs: Any) -> list[Any]:
    if not client.can_paginate(method):
        return list(getattr(client, method)(**kwargs).get(key, []))
    paginator = client.get_paginator(method)
    return [item for page in paginator.paginate(**kwargs) for item in page.get(key, [])]


def load_functions(
    clients: Any, dist_dir: Path, work_dir: Path, concurrency: dict[str, int], default_concurrency: int
) -> list[FunctionSpec]:
    """Every deployed function with the local folder holding its code and layers."""
    by_sha = {code_sha256(z): z for z in sorted(dist_dir.glob("*.zip"))}
    lam = clients("lambda")
    specs = []
    for fn in _pages(lam, "list_functions", "Functions"):
        name = fn["FunctionName"]
        zip_path = by_sha.get(fn["CodeSha256"])
        if zip_path is None:
            raise RuntimeError(
                f"function {name}: no zip in {dist_dir} has its CodeSha256 {fn['CodeSha256']} "
                "(was `make build` run before the apply?)"
            )
        layer_dirs = []
        for layer in fn.get("Layers", []):
            # arn:aws:lambda:region:account:layer:NAME:VERSION (moto lacks GetLayerVersionByArn)
            layer_name, version = layer["Arn"].split(":")[6:8]
            content = lam.get_layer_version(LayerName=layer_name, VersionNumber=int(version))["Content"]
            layer_zip = by_sha.get(content["CodeSha256"])
            if layer_zip is None:
                raise RuntimeError(f"function {name}: layer {layer['Arn']} matches no zip in {dist_dir}")
            layer_dirs.append(extract_once(layer_zip, work_dir))
        specs.append(
            FunctionSpec(
                name=name,
                arn=fn["FunctionArn"],
                handler=fn["Handler"],
                code_dir=extract_once(zip_path, work_dir),
                layer_dirs=layer_dirs,
                environment=dict((fn.get("Environment") or {}).get("Variables") or {}),
                timeout_s=int(fn.get("Timeout", 3)),
                memory_mb=int(fn.get("MemorySize", 128)),
                concurrency=concurrency.get(name, default_concurrency),
            )
        )
    return specs


def load_sqs_mappings(clients: Any) -> list[SqsMapping]:
    mappings = []
    for esm in _pages(clients("lambda"), "list_event_source_mappings", "EventSourceMappings"):
        if ":sqs:" not in esm.get("EventSourceArn", "") or esm.get("State", "Enabled") not in (
            "Enabled",
            "Creating",
        ):
            continue
        mappings.append(
            SqsMapping(
                uuid=esm["UUID"],
                queue_arn=esm["EventSourceArn"],
                function_name=arn_name(esm["FunctionArn"]),
                batch_size=int(esm.get("BatchSize") or 10),
                window_s=float(esm.get("MaximumBatchingWindowInSeconds") or 0),
                report_batch_item_failures="ReportBatchItemFailures" in (esm.get("FunctionResponseTypes") or []),
                max_concurrency=int((esm.get("ScalingConfig") or {}).get("MaximumConcurrency") or 2),
            )
        )
    return mappings


def load_pipes(clients: Any) -> list[Pipe]:
    client = clients("pipes")
    pipes = []
    for summary in _pages(client, "list_pipes", "Pipes"):
        pipe = client.describe_pipe(Name=summary["Name"])
        if pipe.get("DesiredState", "RUNNING") != "RUNNING":
            continue
        source = pipe.get("SourceParameters") or {}
        stream = source.get("DynamoDBStreamParameters") or {}
        target = (pipe.get("TargetParameters") or {}).get("EventBridgeEventBusParameters") or {}
        filters = [json.loads(f["Pattern"]) for f in (source.get("FilterCriteria") or {}).get("Filters", [])]
        pipes.append(
            Pipe(
                name=pipe["Name"],
                source_arn=pipe["Source"],
                starting_position=stream.get("StartingPosition", "LATEST"),
                batch_size=int(stream.get("BatchSize") or 100),
                window_s=float(stream.get("MaximumBatchingWindowInSeconds") or 0),
                max_retries=int(
                    stream.get("MaximumRetryAttempts", 3) if stream.get("MaximumRetryAttempts") is not None else 3
                ),
                dlq_arn=(stream.get("DeadLetterConfig") or {}).get("Arn"),
                filters=filters,
                enrichment_function=arn_name(pipe["Enrichment"]) if pipe.get("Enrichment") else None,
                target_arn=pipe["Target"],
                target_source=target.get("Source", "Pipe " + pipe["Name"]),
                target_detail_type=target.get("DetailType", "Event from aws:dynamodb"),
            )
        )
    return pipes


def load_rules(clients: Any) -> list[Rule]:
    events = clients("events")
    rules = []
    for bus in _pages(events, "list_event_buses", "EventBuses"):
        for rule in _pages(events, "list_rules", "Rules", EventBusName=bus["Name"]):
            if rule.get("ManagedBy") or rule.get("State") != "ENABLED" or not rule.get("EventPattern"):
                continue  # archives' managed rules are moto's; scheduled rules are not routed here
            targets = [
                Target(
                    id=t["Id"],
                    arn=t["Arn"],
                    input=t.get("Input"),
                    input_path=t.get("InputPath"),
                    input_transformer=t.get("InputTransformer"),
                    dlq_arn=(t.get("DeadLetterConfig") or {}).get("Arn"),
                    sqs_message_group_id=(t.get("SqsParameters") or {}).get("MessageGroupId"),
                    retry_attempts=int((t.get("RetryPolicy") or {}).get("MaximumRetryAttempts", 3)),
                )
                for t in _pages(events, "list_targets_by_rule", "Targets", Rule=rule["Name"], EventBusName=bus["Name"])
            ]
            rules.append(Rule(rule["Name"], bus["Name"], json.loads(rule["EventPattern"]), targets))
    return rules
