"""The payments function's environment, parsed once (`load_settings(PaymentsSettings)`) on first use."""

from __future__ import annotations

from order_common.idempotency import IdempotencySettings
from pydantic import Field


class PaymentsSettings(IdempotencySettings):
    """IDEMPOTENCY_TABLE_NAME comes from `IdempotencySettings`; names are case-insensitive env vars."""

    orders_table_name: str
    inventory_table_name: str
    #: Base URL of the provider (`POST {provider_url}/v1/charges`).
    provider_url: str = Field(pattern=r"^https?://\S+$")
    #: Secrets Manager secret whose SecretString is `{"apiKey": "..."}`.
    provider_secret_arn: str
    #: Read timeout: the longest wait for each read of the provider's answer.
    provider_timeout_seconds: float = Field(default=3.0, gt=0)
    provider_connect_timeout_seconds: float = Field(default=1.0, gt=0)
    currency: str = Field(default="EUR", pattern=r"^[A-Z]{3}$")
