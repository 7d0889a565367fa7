"""Business logic of the payments service (no handler or AWS event shapes here)."""
