"""The EventBridge Pipes data path for DynamoDB stream sources: source -> filter -> enrichment -> target.

One reader per shard, in order. A batch is filtered with the pipe's filter patterns, passed to the enrichment
Lambda, and each item it returns is put on the target bus with the pipe's Source / DetailType. A failing
enrichment or PutEvents is retried with backoff up to the pipe's MaximumRetryAttempts, then the batch goes to
the pipe's dead-letter queue and the reader moves on (nothing is dropped silently).
Never uses moto's own stream mapping (it empties the stream).
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import logging
import threading
import time
from typing import Any

from local.event_patterns import matches
from local.plane.lambda_runtime import FunctionError, LocalFunction
from local.plane.topology import Pipe, queue_url_for

log = logging.getLogger("plane.pipes")


def to_json_record(record: dict[str, Any]) -> dict[str, Any]:
    """A boto3 stream record as the JSON Lambda and Pipes receive (datetimes as epoch seconds, bytes base64)."""

    def convert(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: convert(v) for k, v in value.items()}
        if isinstance(value, list):
            return [convert(v) for v in value]
        if isinstance(value, bytes | bytearray):
            return base64.b64encode(value).decode()
        if isinstance(value, dt.datetime):
            return int(value.timestamp())
        return value

    return convert(record)


class PipeRunner:
    def __init__(self, pipe: Pipe, enrichment: LocalFunction | None, clients: Any, region: str) -> None:
        self.pipe = pipe
        self.enrichment = enrichment
        self._streams = clients("dynamodbstreams")
        self._events = clients("events")
        self._sqs = clients("sqs")
        self._region = region
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self.records_in = 0
        self.events_out = 0
        self.dead_lettered = 0

    def start(self) -> None:
        shards = self._streams.describe_stream(StreamArn=self.pipe.source_arn)["StreamDescription"]["Shards"]
        for shard in shards:
            thread = threading.Thread(
                target=self._read_shard, args=(shard["ShardId"],), daemon=True, name=f"pipe-{self.pipe.name}"
            )
            self._threads.append(thread)
            thread.start()

    def stop(self) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=10)

    def _read_shard(self, shard_id: str) -> None:
        iterator = self._streams.get_shard_iterator(
            StreamArn=self.pipe.source_arn,
            ShardId=shard_id,
            ShardIteratorType="TRIM_HORIZON" if self.pipe.starting_position == "TRIM_HORIZON" else "LATEST",
        )["ShardIterator"]
        while not self._stop.is_set() and iterator:
            try:
                result = self._streams.get_records(ShardIterator=iterator, Limit=self.pipe.batch_size)
            except Exception:
                log.exception("get_records failed on %s", self.pipe.name)
                self._stop.wait(1)
                continue
            records = [to_json_record(r) for r in result.get("Records", [])]
            iterator = result.get("NextShardIterator")
            if not records:
                self._stop.wait(max(0.2, min(self.pipe.window_s, 1.0)))
                continue
            self.records_in += len(records)
            self._deliver(records)

    def _deliver(self, records: list[dict[str, Any]]) -> None:
        batch = [r for r in records if not self.pipe.filters or any(matches(f, r) for f in self.pipe.filters)]
        if not batch:
            return
        attempts = self.pipe.max_retries + 1
        error = ""
        for attempt in range(attempts):
            if self._stop.is_set():
                return
            try:
                items = self._enrich(batch)
                self._put_events(items)
                self.events_out += len(items)
                return
            except (FunctionError, RuntimeError) as err:
                error = str(err)
                log.warning("pipe %s attempt %d/%d failed: %s", self.pipe.name, attempt + 1, attempts, err)
                self._stop.wait(min(0.5 * 2**attempt, 5))
        self._dead_letter(batch, error)

    def _enrich(self, batch: list[dict[str, Any]]) -> list[Any]:
        if self.enrichment is None:
            return batch
        result = self.enrichment.invoke(batch)
        if not isinstance(result, list):
            raise RuntimeError(f"enrichment returned {type(result).__name__}, expected a list")
        return result

    def _put_events(self, items: list[Any]) -> None:
        pending = [
            {
                "Source": self.pipe.target_source,
                "DetailType": self.pipe.target_detail_type,
                "Detail": json.dumps(item),
                "EventBusName": self.pipe.target_arn,
                "Resources": [self.pipe.source_arn],
            }
            for item in items
        ]
        for _ in range(5):
            failed = []
            for start in range(0, len(pending), 10):
                chunk = pending[start : start + 10]
                result = self._events.put_events(Entries=chunk)
                if result.get("FailedEntryCount"):
                    failed += [e for e, r in zip(chunk, result["Entries"], strict=True) if "EventId" not in r]
            if not failed:
                return
            pending = failed
            time.sleep(0.2)
        raise RuntimeError(f"PutEvents kept failing for {len(pending)} entries")

    def _dead_letter(self, batch: list[dict[str, Any]], error: str) -> None:
        self.dead_lettered += len(batch)
        if not self.pipe.dlq_arn:
            log.error("pipe %s dropped %d records (no DLQ): %s", self.pipe.name, len(batch), error)
            return
        self._sqs.send_message(
            QueueUrl=queue_url_for(self._sqs, self.pipe.dlq_arn),
            MessageBody=json.dumps({"pipe": self.pipe.name, "error": error, "records": batch}),
        )
