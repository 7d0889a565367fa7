"""Lambda entry points of the payments service."""
