"""The shared idempotency set-up (common layer) and the payments logic's pure parts."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from aws_lambda_powertools.utilities.idempotency import IdempotencyConfig
from order_common.idempotency import DEFAULT_EXPIRES_AFTER_SECONDS, idempotency_config, persistence_layer
from order_common.settings import load_settings
from payments.logic.charge_payment import config, order_amount_cents
from payments.models.input import OrderLine
from pydantic import ValidationError

REPO_ROOT = Path(__file__).resolve().parents[3]


def test_importing_the_handler_reads_no_environment_and_creates_no_client():
    # Given a process with no AWS or function environment at all
    code = (
        "import payments.handlers.handle_payment_requests\n"
        "from order_common.aws_clients import client\n"
        "from order_common.settings import load_settings\n"
        "print(client.cache_info().currsize, load_settings.cache_info().currsize)\n"
    )
    paths = ("layers/common/python", "services/payments", ".")
    pythonpath = os.pathsep.join(str(REPO_ROOT / p) for p in paths)

    # When the handler module is imported
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={"PATH": os.environ.get("PATH", ""), "PYTHONPATH": pythonpath},
        capture_output=True,
        text=True,
        timeout=60,
    )

    # Then the import succeeds without a boto3 client or settings being made
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["0", "0"]


def test_the_payments_config_is_keyed_on_the_order_id_with_an_explicit_expiry():
    assert config.event_key_jmespath == "orderId"
    assert config.raise_on_no_idempotency_key is True
    assert config.expires_after_seconds == DEFAULT_EXPIRES_AFTER_SECONDS == 3600


def test_a_config_without_key_expression_hashes_the_whole_payload():
    built = idempotency_config(expires_after_seconds=60)
    assert isinstance(built, IdempotencyConfig)
    assert (built.event_key_jmespath, built.raise_on_no_idempotency_key, built.expires_after_seconds) == (
        "",
        False,
        60,
    )


def test_the_persistence_layer_binds_on_first_use_and_again_after_a_settings_change(world, monkeypatch):
    # Given a layer built while no table name is configured
    monkeypatch.delenv("IDEMPOTENCY_TABLE_NAME")
    load_settings.cache_clear()
    store = persistence_layer()

    # Then using it fails clearly, at use time
    with pytest.raises(ValidationError):
        store.configure(idempotency_config("orderId"), "fn")

    # When the table is configured
    monkeypatch.setenv("IDEMPOTENCY_TABLE_NAME", "first")
    load_settings.cache_clear()
    store.configure(idempotency_config("orderId"), "fn")

    # Then the layer uses it, with the table's key and TTL attributes
    assert (store.table_name, store.key_attr, store.expiry_attr) == ("first", "id", "expiration")
    assert store.event_key_jmespath == "orderId"

    # When the settings change (as between tests)
    monkeypatch.setenv("IDEMPOTENCY_TABLE_NAME", "second")
    load_settings.cache_clear()
    store.configure(idempotency_config("customerId"), "fn")

    # Then it binds again and takes the new config
    assert store.table_name == "second"
    assert store.event_key_jmespath == "customerId"


def test_the_amount_is_unit_price_times_quantity_over_all_lines():
    lines = [OrderLine(sku="A", quantity=2), OrderLine(sku="B", quantity=1), OrderLine(sku="A", quantity=1)]
    assert order_amount_cents(lines, {"A": 1299, "B": 250}) == 3 * 1299 + 250
