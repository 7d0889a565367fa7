"""Schemas of the payments service: input contract, outputs, settings."""
