"""Shared code for the order platform's Lambda functions (shipped as the `common` Lambda layer)."""
