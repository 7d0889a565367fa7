"""Lambda entry points of the CDC service (thin: decorators, one call into `cdc.logic`, the response)."""
