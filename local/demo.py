"""`make demo`: orders flow end to end on the embedded default.

Brings the stack up (local.stack), seeds a catalogue, sends ORDERS orders concurrently over HTTP to the local
API, waits until every accepted order is terminal (FULFILLED, REJECTED, CANCELLED) or the timeout passes, prints
a summary and writes build/demo/summary.json, then stops everything it started. Exits non-zero if an order
was lost (accepted but not terminal at the end, or refused by the API).

    python -m local.demo --orders 200 [--concurrency 16] [--timeout 420] [--seed 7]
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import statistics
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from tqdm import tqdm

from local.stack import ROOT, EmbeddedStack

TERMINAL = {"FULFILLED", "REJECTED", "CANCELLED"}
LOW_STOCK_THRESHOLD = 5


def catalogue(count: int = 24) -> list[dict[str, Any]]:
    """SKUs with plenty of stock, a few just above the low-stock threshold, and a few almost sold out."""
    items = []
    for i in range(count):
        if i % 8 == 6:
            available = LOW_STOCK_THRESHOLD + 2  # will cross below the threshold: alerts
        elif i % 12 == 11:
            available = 1  # sells out: some orders are rejected
        else:
            available = 500
        items.append({"sku": f"SKU-{i:03d}", "name": f"Item {i}", "price": 500 + 137 * i, "available": available})
    return items


def seed_inventory(dynamodb: Any, table: str, items: list[dict[str, Any]]) -> None:
    requests = [
        {
            "PutRequest": {
                "Item": {
                    "pk": {"S": f"SKU#{it['sku']}"},
                    "sk": {"S": "STOCK"},
                    "sku": {"S": it["sku"]},
                    "name": {"S": it["name"]},
                    "price": {"N": str(it["price"])},
                    "available": {"N": str(it["available"])},
                    "reserved": {"N": "0"},
                }
            }
        }
        for it in items
    ]
    for start in range(0, len(requests), 25):
        pending = {table: requests[start : start + 25]}
        for _ in range(10):
            unprocessed = dynamodb.batch_write_item(RequestItems=pending).get("UnprocessedItems") or {}
            if not unprocessed:
                break
            pending = unprocessed
            time.sleep(0.2)
        else:
            raise RuntimeError(f"seeding {table}: items left unprocessed after retries")


def make_orders(count: int, skus: list[str], rng: random.Random) -> list[dict[str, Any]]:
    orders = []
    for i in range(count):
        lines = rng.sample(skus, k=rng.randint(1, 3))
        orders.append(
            {
                "customerId": f"customer-{i % 37:03d}",
                "items": [{"sku": s, "quantity": rng.randint(1, 3)} for s in lines],
            }
        )
    return orders


def post_order(url: str, order: dict[str, Any]) -> tuple[int, dict[str, Any], float]:
    started = time.perf_counter()
    request = urllib.request.Request(
        f"{url}/orders",
        data=json.dumps(order).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            status, body = response.status, response.read()
    except urllib.error.HTTPError as err:
        status, body = err.code, err.read()
    elapsed_ms = (time.perf_counter() - started) * 1000
    try:
        parsed = json.loads(body or b"{}")
    except ValueError:
        parsed = {"raw": body.decode(errors="replace")}
    return status, parsed, elapsed_ms


def order_statuses(dynamodb: Any, table: str, order_ids: list[str]) -> dict[str, str]:
    statuses: dict[str, str] = {}
    for start in range(0, len(order_ids), 100):
        keys = [{"pk": {"S": f"ORDER#{oid}"}, "sk": {"S": "ORDER"}} for oid in order_ids[start : start + 100]]
        pending: dict[str, Any] = {
            table: {
                "Keys": keys,
                "ProjectionExpression": "orderId, #s",
                "ExpressionAttributeNames": {"#s": "status"},
            }
        }
        while pending:
            result = dynamodb.batch_get_item(RequestItems=pending)
            for item in result["Responses"].get(table, []):
                statuses[item["orderId"]["S"]] = item["status"]["S"]
            pending = result.get("UnprocessedKeys") or {}
    return statuses


def queue_depth(sqs: Any, url: str) -> int:
    attrs = sqs.get_queue_attributes(
        QueueUrl=url, AttributeNames=["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"]
    )["Attributes"]
    return int(attrs["ApproximateNumberOfMessages"]) + int(attrs["ApproximateNumberOfMessagesNotVisible"])


def percentile(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return round(ordered[index], 1)


def run(args: argparse.Namespace) -> dict[str, Any]:
    provider = {
        "rate": args.provider_rate,
        "burst": args.provider_burst,
        "decline_rate": args.decline_rate,
        "latency_ms": args.provider_latency_ms,
    }
    started_all = time.monotonic()
    with EmbeddedStack(ROOT / "build/local", provider_options=provider) as stack:
        summary = drive(stack, orders=args.orders, concurrency=args.concurrency, timeout=args.timeout, seed=args.seed)
    summary["stack_times_s"] = stack.timer.times
    summary["wall_s"] = round(time.monotonic() - started_all, 1)
    return summary


def drive(
    stack: EmbeddedStack, *, orders: int, concurrency: int, timeout: float, seed: int, progress: bool = True
) -> dict[str, Any]:
    """Seed, send `orders` orders concurrently, wait for every accepted one to be terminal; the summary."""
    rng = random.Random(seed)
    out = stack.outputs
    dynamodb, sqs = stack.client("dynamodb"), stack.client("sqs")
    items = catalogue()
    seed_inventory(dynamodb, out["inventory_table_name"], items)
    batch = make_orders(orders, [it["sku"] for it in items], rng)

    print(f"[demo] sending {len(batch)} orders to {stack.api_url} with {concurrency} clients", flush=True)
    send_started = time.monotonic()
    with ThreadPoolExecutor(concurrency) as pool:
        results = list(
            tqdm(
                pool.map(lambda o: post_order(stack.api_url, o), batch),
                total=len(batch),
                desc="accepting",
                unit="order",
                file=sys.stdout,
                disable=not progress,
            )
        )
    accepted = [body["orderId"] for status, body, _ in results if status == 201 and "orderId" in body]
    refused = [(status, body) for status, body, _ in results if status != 201]
    acceptance = [ms for status, _, ms in results if status == 201]

    statuses: dict[str, str] = {}
    deadline = time.monotonic() + timeout
    with tqdm(total=len(accepted), desc="completing", unit="order", file=sys.stdout, disable=not progress) as bar:
        while time.monotonic() < deadline:
            statuses = order_statuses(dynamodb, out["orders_table_name"], accepted)
            done = sum(1 for s in statuses.values() if s in TERMINAL)
            bar.update(done - bar.n)
            if done == len(accepted):
                break
            time.sleep(1)
    completion_s = round(time.monotonic() - send_started, 1)

    by_status: dict[str, int] = {}
    for oid in accepted:
        status = statuses.get(oid, "MISSING")
        by_status[status] = by_status.get(status, 0) + 1
    not_terminal = [oid for oid in accepted if statuses.get(oid) not in TERMINAL]
    return {
        "orders": len(batch),
        "accepted": len(accepted),
        "refused": len(refused),
        "by_status": dict(sorted(by_status.items())),
        "lost": len(not_terminal) + len(refused),
        "not_terminal": not_terminal[:20],
        "refused_examples": refused[:5],
        "dlq": {
            "payments": queue_depth(sqs, out["payments_dlq_url"]),
            "cdc_pipe": queue_depth(sqs, out["cdc_pipe_dlq_url"]),
            "events": queue_depth(sqs, out["events_dlq_url"]),
        },
        "low_stock_alerts": queue_depth(sqs, out["restock_queue_url"]),
        "acceptance_ms": {
            "p50": percentile(acceptance, 50),
            "p99": percentile(acceptance, 99),
            "mean": round(statistics.fmean(acceptance), 1) if acceptance else 0.0,
        },
        "completion_s": completion_s,
        "orders_per_second": round(len(accepted) / completion_s, 1) if completion_s else 0.0,
        "provider": _provider_stats(stack),
        "plane": stack.plane.stats() if stack.plane else {},
    }


def _provider_stats(stack: EmbeddedStack) -> dict[str, Any]:
    with urllib.request.urlopen(f"{stack.provider_url}/v1/stats", timeout=5) as response:
        return dict(json.loads(response.read()))


def _status_order(status: str) -> tuple[int, str]:
    """Terminal statuses first, in the order the pipeline reaches them; anything left over (lost) after."""
    order = ["FULFILLED", "CANCELLED", "REJECTED"]
    return (order.index(status), status) if status in order else (len(order), status)


def print_summary(summary: dict[str, Any]) -> None:
    rows = [
        ("orders sent", summary["orders"]),
        ("accepted (201)", summary["accepted"]),
        ("refused", summary["refused"]),
        ("accepted orders by status", ""),
        *[(f"  {k.lower()}", summary["by_status"][k]) for k in sorted(summary["by_status"], key=_status_order)],
        ("lost", summary["lost"]),
        ("DLQ messages", ", ".join(f"{k}={v}" for k, v in summary["dlq"].items())),
        ("low-stock alerts", summary["low_stock_alerts"]),
        ("acceptance p50 / p99 ms", f"{summary['acceptance_ms']['p50']} / {summary['acceptance_ms']['p99']}"),
        ("completion s", summary["completion_s"]),
        ("orders / s through pipeline", summary["orders_per_second"]),
        ("stack steps s", ", ".join(f"{k}={v}" for k, v in summary["stack_times_s"].items())),
        ("wall s", summary["wall_s"]),
    ]
    width = max(len(str(k)) for k, _ in rows)
    print()
    for key, value in rows:
        print(f"  {key:<{width}}  {value}")
    print()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run orders end to end on the embedded default")
    parser.add_argument("--orders", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--timeout", type=float, default=420, help="seconds to wait for every order to be terminal")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--provider-rate", type=float, default=40.0, help="payment provider requests/s")
    parser.add_argument("--provider-burst", type=int, default=20)
    parser.add_argument("--provider-latency-ms", type=float, default=20.0)
    parser.add_argument("--decline-rate", type=float, default=0.05)
    parser.add_argument("--out", type=Path, default=ROOT / "build/demo/summary.json")
    args = parser.parse_args(argv)
    if args.orders < 1:
        parser.error("--orders must be at least 1")
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    summary = run(args)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(summary, indent=2, sort_keys=True))
    print_summary(summary)
    s = summary["by_status"]
    print(
        f"demo: {summary['orders']} orders, {s.get('FULFILLED', 0)} fulfilled, {s.get('REJECTED', 0)} rejected, "
        f"{s.get('CANCELLED', 0)} cancelled, lost={summary['lost']}"
    )
    return 1 if summary["lost"] else 0


if __name__ == "__main__":
    sys.exit(main())
