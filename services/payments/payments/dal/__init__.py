"""Data access of the payments service: every AWS call it makes lives here."""
