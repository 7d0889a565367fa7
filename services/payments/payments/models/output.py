"""What charging one order came to (also the idempotency record's stored result)."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict


class Outcome(StrEnum):
    APPROVED = "approved"  # charged; order PAID
    DECLINED = "declined"  # the provider declined; order PAYMENT_FAILED
    UNPRICED = "unpriced"  # a SKU has no usable price; order PAYMENT_FAILED, provider not called
    SKIPPED = "skipped"  # the order was no longer PAYMENT_PENDING (duplicate or late message); nothing done


class PaymentOutcome(BaseModel):
    model_config = ConfigDict(frozen=True)

    order_id: str
    outcome: Outcome
    #: False when the conditional status write found the order already moved on (treated as done).
    status_changed: bool = False
    amount_cents: int | None = None
    payment_id: str | None = None
    decline_reason: str | None = None
