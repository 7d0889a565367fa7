"""The local event plane: does, from the applied topology, what the emulator does not.

`EventPlane(endpoint, dist_dir, work_dir).start()` reads what Terraform deployed into the emulator and runs it:
Lambda workers (awslambdaric), SQS event-source mappings, the Pipes data path from DynamoDB streams, EventBridge
rule targets, and the REST APIs on local HTTP ports. Step Functions executions run inside moto.
"""

from __future__ import annotations

import logging
from functools import cache
from pathlib import Path
from typing import Any

import boto3
from botocore.config import Config

from local import moto_compat
from local.plane.apigateway import ApiServer, load_apis
from local.plane.eventbus import EventRouter
from local.plane.lambda_runtime import LocalFunction
from local.plane.pipes import PipeRunner
from local.plane.sqs_poller import SqsPoller
from local.plane.topology import load_functions, load_pipes, load_rules, load_sqs_mappings

log = logging.getLogger("plane")


class EventPlane:
    def __init__(
        self,
        endpoint: str,
        dist_dir: Path,
        work_dir: Path,
        region: str = "us-east-1",
        default_concurrency: int = 2,
    ) -> None:
        self.endpoint = endpoint
        self.region = region
        self.dist_dir = dist_dir
        self.work_dir = work_dir
        self.default_concurrency = default_concurrency
        self.functions: dict[str, LocalFunction] = {}
        self.pollers: list[SqsPoller] = []
        self.pipes: list[PipeRunner] = []
        self.router: EventRouter | None = None
        self.apis: dict[str, ApiServer] = {}
        config = Config(retries={"mode": "standard", "max_attempts": 3}, max_pool_connections=50)

        @cache
        def clients(service: str) -> Any:
            return boto3.session.Session().client(  # type: ignore[call-overload]
                service,
                endpoint_url=endpoint,
                region_name=region,
                aws_access_key_id="test",
                aws_secret_access_key="test",
                config=config,
            )

        self.clients = clients

    def start(self) -> None:
        (self.work_dir / "functions").mkdir(parents=True, exist_ok=True)
        (self.work_dir / "logs").mkdir(parents=True, exist_ok=True)
        mappings = load_sqs_mappings(self.clients)
        concurrency = {m.function_name: m.max_concurrency for m in mappings}
        for spec in load_functions(
            self.clients, self.dist_dir, self.work_dir / "functions", concurrency, self.default_concurrency
        ):
            self.functions[spec.name] = LocalFunction(spec, self.work_dir / "logs")
        for function in self.functions.values():
            function.start()
        self.router = EventRouter(load_rules(self.clients), moto_compat.event_tap, self.functions, self.clients)
        self.router.start()
        for mapping in mappings:
            poller = SqsPoller(mapping, self.functions[mapping.function_name], self.clients, self.region)
            poller.start()
            self.pollers.append(poller)
        for pipe in load_pipes(self.clients):
            enrichment = self.functions[pipe.enrichment_function] if pipe.enrichment_function else None
            runner = PipeRunner(pipe, enrichment, self.clients, self.region)
            runner.start()
            self.pipes.append(runner)
        for api in load_apis(self.clients, self.region, self.functions):
            server = ApiServer(api, self.endpoint, self.region)
            server.start()
            self.apis[api.api_id] = server
        log.info(
            "plane: %d functions, %d SQS mappings, %d pipes, %d rules, %d APIs",
            len(self.functions),
            len(self.pollers),
            len(self.pipes),
            len(self.router._rules),
            len(self.apis),
        )

    def stats(self) -> dict[str, Any]:
        return {
            "functions": {n: {"invocations": f.invocations, "errors": f.errors} for n, f in self.functions.items()},
            "pipes": {
                p.pipe.name: {"in": p.records_in, "out": p.events_out, "dlq": p.dead_lettered} for p in self.pipes
            },
            "events": {
                "seen": self.router.events_seen if self.router else 0,
                "matched": self.router.matched if self.router else 0,
                "delivered": self.router.delivered if self.router else 0,
                "dead_lettered": self.router.dead_lettered if self.router else 0,
            },
        }

    def stop(self) -> None:
        for server in self.apis.values():
            server.stop()
        for runner in self.pipes:
            runner.stop()
        for poller in self.pollers:
            poller.stop()
        if self.router:
            self.router.stop()
        for function in self.functions.values():
            function.stop()
