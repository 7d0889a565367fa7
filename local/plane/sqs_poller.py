"""Lambda event-source mappings for SQS, as Lambda runs them.

Batch size and batching window, maximum concurrency (that many batches in flight), ReportBatchItemFailures
(only the listed messages stay; the rest are deleted), a function error leaves the whole batch to come back
after the visibility timeout, and the queue's redrive policy moves a message to its DLQ after
maxReceiveCount receives (moto does that part on receive).
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from local.plane.lambda_runtime import FunctionError, LocalFunction
from local.plane.topology import SqsMapping, queue_url_for

log = logging.getLogger("plane.sqs")


def to_lambda_record(message: dict[str, Any], queue_arn: str, region: str) -> dict[str, Any]:
    return {
        "messageId": message["MessageId"],
        "receiptHandle": message["ReceiptHandle"],
        "body": message["Body"],
        "attributes": message.get("Attributes", {}),
        "messageAttributes": {
            k: {
                "stringValue": v.get("StringValue"),
                "binaryValue": v.get("BinaryValue"),
                "stringListValues": [],
                "binaryListValues": [],
                "dataType": v["DataType"],
            }
            for k, v in (message.get("MessageAttributes") or {}).items()
        },
        "md5OfBody": message.get("MD5OfBody") or hashlib.md5(message["Body"].encode()).hexdigest(),  # noqa: S324
        "eventSource": "aws:sqs",
        "eventSourceARN": queue_arn,
        "awsRegion": region,
    }


class SqsPoller:
    def __init__(self, mapping: SqsMapping, function: LocalFunction, clients: Any, region: str) -> None:
        self.mapping = mapping
        self.function = function
        self._sqs = clients("sqs")
        self._region = region
        self._url = queue_url_for(self._sqs, mapping.queue_arn)
        self._stop = threading.Event()
        self._pool = ThreadPoolExecutor(mapping.max_concurrency, thread_name_prefix=f"esm-{function.spec.name}")
        self._slots = threading.BoundedSemaphore(mapping.max_concurrency)
        self._thread = threading.Thread(target=self._run, daemon=True, name=f"sqs-{mapping.uuid[:8]}")
        self.batches = 0
        self.deleted = 0
        self.failed = 0

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=10)
        self._pool.shutdown(wait=True, cancel_futures=False)

    def _receive_batch(self) -> list[dict[str, Any]]:
        messages: list[dict[str, Any]] = []
        deadline = time.monotonic() + self.mapping.window_s
        while len(messages) < self.mapping.batch_size and not self._stop.is_set():
            wait = 1 if not messages else max(0, min(1, int(deadline - time.monotonic())))
            got = self._sqs.receive_message(
                QueueUrl=self._url,
                MaxNumberOfMessages=min(10, self.mapping.batch_size - len(messages)),
                WaitTimeSeconds=wait,
                AttributeNames=["All"],
                MessageAttributeNames=["All"],
            ).get("Messages", [])
            messages.extend(got)
            if not got or time.monotonic() >= deadline:
                break
        return messages

    def _run(self) -> None:
        while not self._stop.is_set():
            self._slots.acquire()
            try:
                messages = self._receive_batch()
            except Exception:  # the emulator is going away or hiccuped: back off, try again
                self._slots.release()
                log.exception("receive failed on %s", self._url)
                self._stop.wait(1)
                continue
            if not messages:
                self._slots.release()
                continue
            self._pool.submit(self._process, messages)

    def _process(self, messages: list[dict[str, Any]]) -> None:
        try:
            self.batches += 1
            records = [to_lambda_record(m, self.mapping.queue_arn, self._region) for m in messages]
            try:
                response = self.function.invoke({"Records": records})
            except FunctionError as err:
                log.warning("%s failed a batch of %d: %s", self.function.spec.name, len(records), err)
                self.failed += len(records)
                return  # nothing deleted: the batch comes back after the visibility timeout
            keep: set[str] = set()
            if self.mapping.report_batch_item_failures and isinstance(response, dict):
                failures = response.get("batchItemFailures") or []
                ids = {r["messageId"] for r in records}
                keep = {f.get("itemIdentifier") for f in failures}
                if not keep <= ids:  # Lambda treats a bad identifier as a failure of the whole batch
                    log.warning("%s returned unknown itemIdentifier(s): whole batch retried", self.function.spec.name)
                    self.failed += len(records)
                    return
            self.failed += len(keep)
            done = [m for m in messages if m["MessageId"] not in keep]
            self._delete(done)
        except Exception:
            log.exception("batch processing failed for %s", self.function.spec.name)
        finally:
            self._slots.release()

    def _delete(self, messages: list[dict[str, Any]]) -> None:
        for start in range(0, len(messages), 10):
            chunk = messages[start : start + 10]
            result = self._sqs.delete_message_batch(
                QueueUrl=self._url,
                Entries=[{"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(chunk)],
            )
            self.deleted += len(result.get("Successful", []))
            for failure in result.get("Failed", []):
                log.warning("delete failed on %s: %s (message will be redelivered)", self._url, failure)
