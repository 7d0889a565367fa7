"""Test builders shared by every service's tests (Lambda contexts, events)."""
