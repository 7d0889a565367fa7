"""The payments service: charges orders at the external provider and settles their status.

handlers/  Lambda entry points (decorators, parsing, one call into logic)
logic/     what a payment means (pricing, charging once, status transitions)
dal/       AWS I/O: inventory prices, order status, provider credentials
models/    Pydantic schemas: the SQS message contract, outcomes, settings
"""
