"""Shapes of the CDC service's data."""
