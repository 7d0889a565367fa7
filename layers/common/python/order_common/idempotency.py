"""Powertools idempotency, configured once for every service.

`@idempotent_function(..., persistence_store=...)` is evaluated when the decorated module is imported, but
Powertools' `DynamoDBPersistenceLayer` creates its boto3 client in its constructor. To keep imports free of
environment reads and client creation, `persistence_layer()` builds a `LazyDynamoDBPersistenceLayer`: the
table name (IDEMPOTENCY_TABLE_NAME) and the DynamoDB client (the shared one from `aws_clients`) are bound on
first use, and bound again after `load_settings.cache_clear()` / `reset_clients()` in tests.

    from order_common.idempotency import idempotency_config, persistence_layer

    config = idempotency_config(event_key_jmespath="order_id")
    store = persistence_layer()

    @idempotent_function(data_keyword_argument="request", config=config, persistence_store=store)
    def charge_payment(request: PaymentRequest) -> dict: ...

and in the handler: `config.register_lambda_context(context)`.

The table (created by Terraform) has a string hash key `id` and TTL on `expiration`.
"""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.utilities.idempotency import DynamoDBPersistenceLayer, IdempotencyConfig

from order_common.aws_clients import client
from order_common.settings import ServiceSettings, load_settings

#: How long a completed result is replayed for a repeated key (the SQS queue redelivers well within this).
DEFAULT_EXPIRES_AFTER_SECONDS = 3600


class IdempotencySettings(ServiceSettings):
    """Environment of any function that uses idempotency; service settings may subclass it."""

    idempotency_table_name: str


class LazyDynamoDBPersistenceLayer(DynamoDBPersistenceLayer):
    """A `DynamoDBPersistenceLayer` that binds its table and client on first use, not at construction.

    Powertools calls `configure()` before every idempotent call, before any read or write, so that is where
    the binding happens. Binding re-runs the parent constructor, which is the only supported way to set the
    table and client; it happens again only if the settings or the shared client changed (tests).
    """

    def __init__(self, **options: Any) -> None:
        # Only the base state that configure() needs; the DynamoDB part is set up by _bind().
        super(DynamoDBPersistenceLayer, self).__init__()
        self._options = options
        self._bound: tuple[str, Any] | None = None

    def _bind(self) -> None:
        table_name = load_settings(IdempotencySettings).idempotency_table_name
        dynamodb = client("dynamodb")
        if self._bound is not None and self._bound[0] == table_name and self._bound[1] is dynamodb:
            return
        DynamoDBPersistenceLayer.__init__(self, table_name=table_name, boto3_client=dynamodb, **self._options)
        self._bound = (table_name, dynamodb)

    def configure(
        self,
        config: IdempotencyConfig,
        function_name: str | None = None,
        key_prefix: str | None = None,
    ) -> None:
        self._bind()
        super().configure(config=config, function_name=function_name, key_prefix=key_prefix)


def persistence_layer(**options: Any) -> LazyDynamoDBPersistenceLayer:
    """A persistence layer on the IDEMPOTENCY_TABLE_NAME table (hash key `id`, TTL attribute `expiration`).

    Build one per idempotent function: Powertools configures a layer once, from the config of its first call.
    Creating it reads nothing and creates no client.
    """
    return LazyDynamoDBPersistenceLayer(**{"key_attr": "id", "expiry_attr": "expiration", **options})


def idempotency_config(
    event_key_jmespath: str = "",
    expires_after_seconds: int = DEFAULT_EXPIRES_AFTER_SECONDS,
    **options: Any,
) -> IdempotencyConfig:
    """An `IdempotencyConfig` with the platform's defaults.

    A key expression, when given, must match (`raise_on_no_idempotency_key`): a payload without the key is a
    bug, not something to run without protection. Build one config per idempotent function, at import time
    (it reads nothing), and register the Lambda context on it in the handler.
    """
    return IdempotencyConfig(
        event_key_jmespath=event_key_jmespath,
        expires_after_seconds=expires_after_seconds,
        raise_on_no_idempotency_key=bool(event_key_jmespath),
        **options,
    )
