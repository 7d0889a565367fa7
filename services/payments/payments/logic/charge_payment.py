"""Charge one order at the payment provider, exactly once, and settle its status.

    PAYMENT_PENDING ─ approved ─▶ PAID            (paymentId)
                    ├ declined ─▶ PAYMENT_FAILED  (declineReason = the provider's decline code)
                    └ unpriced ─▶ PAYMENT_FAILED  (declineReason = price_not_found, declineDetail = the SKUs)

Exactly once, in three layers: the idempotency record (keyed on the order id) replays a completed result for a
redelivered message without running this function; the provider gets the order id as its Idempotency-Key, so a
retry after a crash between charge and status write is answered with the first charge; the status write is
conditional, so a late duplicate changes nothing. The amount is pinned on the order (`chargeAmountCents`)
before the first charge, so a redelivery after a timeout repeats the very same request even if a price changed.

Raised, so that the record is reported as a batch item failure and SQS redelivers it (DLQ after 10
receives): `ProviderUnavailable` (429/5xx/timeout), `ProviderRejected` (e.g. a wrong API key: fixed by
configuration, then redriven), `InventoryUnavailable`, `OrderNotReady` (still PENDING: the workflow has not
moved it yet), `OrderNotFound`. Raising also removes the in-progress idempotency record, so the redelivery
runs again.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.idempotency import idempotent_function
from aws_lambda_powertools.utilities.idempotency.serialization.pydantic import PydanticSerializer
from order_common.idempotency import idempotency_config, persistence_layer
from order_common.observability import logger, metrics
from order_common.order_status import OrderStatus, transition
from order_common.provider_client import ChargeResult, ProviderClient, ProviderUnavailable
from order_common.settings import load_settings

from payments.dal.inventory_prices import PriceNotFound, get_prices
from payments.dal.orders import get_order_status, pin_charge_amount
from payments.dal.provider_credentials import get_provider_api_key
from payments.models.input import OrderLine, PaymentRequest
from payments.models.output import Outcome, PaymentOutcome
from payments.models.settings import PaymentsSettings

if TYPE_CHECKING:
    from aws_lambda_powertools.utilities.idempotency.persistence.datarecord import DataRecord


def _on_duplicate(response: PaymentOutcome, idempotent_data: DataRecord) -> PaymentOutcome:
    """Called instead of `charge_payment` for an order already handled: the stored outcome is returned."""
    metrics.add_metric(name="DuplicatePaymentRequests", unit=MetricUnit.Count, value=1)
    logger.info("Duplicate payment request; stored outcome returned", extra={"outcome": response.outcome})
    return response


#: Keyed on the order id (the dumped request uses the contract's field names). The handler registers the
#: Lambda context on it so an in-progress record expires with the invocation.
config = idempotency_config(event_key_jmespath="orderId", response_hook=_on_duplicate)

PRICE_NOT_FOUND = "price_not_found"


class OrderNotReady(RuntimeError):
    """The order is still PENDING: the payment message overtook the workflow's status write. Retry later."""


class OrderNotFound(LookupError):
    """The message names an order that does not exist (retried, then parked in the DLQ for a human)."""


def order_amount_cents(items: Iterable[OrderLine], prices: Mapping[str, int]) -> int:
    """Total of the order in cents: unit price × quantity over all lines."""
    return sum(prices[line.sku] * line.quantity for line in items)


@idempotent_function(
    data_keyword_argument="request",
    config=config,
    persistence_store=persistence_layer(),
    output_serializer=PydanticSerializer(PaymentOutcome),
)
def charge_payment(request: PaymentRequest) -> PaymentOutcome:
    """Charge `request`'s order once and move it to PAID or PAYMENT_FAILED (see the module doc)."""
    settings = load_settings(PaymentsSettings)
    order_id = request.order_id

    status = get_order_status(settings.orders_table_name, order_id)
    if status is None:
        raise OrderNotFound(f"order {order_id} does not exist")
    if status is OrderStatus.PENDING:
        raise OrderNotReady(f"order {order_id} is not PAYMENT_PENDING yet")
    if status is not OrderStatus.PAYMENT_PENDING:
        logger.info("Order already settled; nothing to charge", extra={"status": status.value})
        metrics.add_metric(name="PaymentsSkipped", unit=MetricUnit.Count, value=1)
        return PaymentOutcome(order_id=order_id, outcome=Outcome.SKIPPED)

    try:
        prices = get_prices(settings.inventory_table_name, (line.sku for line in request.items))
    except PriceNotFound as err:
        logger.error("Order cannot be priced", extra={"skus": list(err.skus)})
        metrics.add_metric(name="PaymentsUnpriced", unit=MetricUnit.Count, value=1)
        changed = _settle(
            settings,
            order_id,
            OrderStatus.PAYMENT_FAILED,
            declineReason=PRICE_NOT_FOUND,
            declineDetail=",".join(err.skus),
        )
        return PaymentOutcome(
            order_id=order_id,
            outcome=Outcome.UNPRICED,
            status_changed=changed,
            decline_reason=PRICE_NOT_FOUND,
        )
    # Pinned on the order before the first attempt: a redelivery charges the same amount (see pin_charge_amount)
    amount = pin_charge_amount(settings.orders_table_name, order_id, order_amount_cents(request.items, prices))

    result = _charge(settings, request, amount)
    if result.approved:
        metrics.add_metric(name="PaymentsApproved", unit=MetricUnit.Count, value=1)
        changed = _settle(settings, order_id, OrderStatus.PAID, paymentId=result.charge_id)
        outcome = Outcome.APPROVED
    else:
        metrics.add_metric(name="PaymentsDeclined", unit=MetricUnit.Count, value=1)
        changed = _settle(settings, order_id, OrderStatus.PAYMENT_FAILED, declineReason=result.decline_reason)
        outcome = Outcome.DECLINED
    return PaymentOutcome(
        order_id=order_id,
        outcome=outcome,
        status_changed=changed,
        amount_cents=amount,
        payment_id=result.charge_id,
        decline_reason=result.decline_reason,
    )


def _charge(settings: PaymentsSettings, request: PaymentRequest, amount_cents: int) -> ChargeResult:
    provider = ProviderClient(
        base_url=settings.provider_url,
        api_key=get_provider_api_key(settings.provider_secret_arn),
        connect_timeout=settings.provider_connect_timeout_seconds,
        read_timeout=settings.provider_timeout_seconds,
    )
    try:
        return provider.charge(
            order_id=request.order_id,
            amount_cents=amount_cents,
            currency=settings.currency,
            customer_id=request.customer_id,
        )
    except ProviderUnavailable as err:
        name = "ProviderThrottled" if err.throttled else "ProviderErrors"
        metrics.add_metric(name=name, unit=MetricUnit.Count, value=1)
        logger.warning(
            "Payment provider unavailable; the message will be redelivered",
            extra={"providerStatus": err.status, "retryAfter": err.retry_after},
        )
        raise


def _settle(settings: PaymentsSettings, order_id: str, new: OrderStatus, **extra: str | None) -> bool:
    changed = transition(
        settings.orders_table_name,
        order_id,
        OrderStatus.PAYMENT_PENDING,
        new,
        {name: value for name, value in extra.items() if value is not None},
    )
    if changed:
        logger.info("Order status changed", extra={"status": new.value})
    else:
        logger.warning("Order was no longer PAYMENT_PENDING; treated as done", extra={"wanted": new.value})
    return changed
