"""Typed configuration read once from the environment, lazily, and cached.

Each service declares its own subclass of `ServiceSettings` with the variables it needs; call
`load_settings(MySettings)` inside the handler path (never at import time) so tests can set the
environment first without re-importing modules.
"""

from functools import cache
from typing import TypeVar

from pydantic_settings import BaseSettings, SettingsConfigDict


class ServiceSettings(BaseSettings):
    """Base for every service's settings: plain environment variables, case-insensitive."""

    model_config = SettingsConfigDict(case_sensitive=False, extra="ignore", frozen=True)

    aws_region: str = "us-east-1"


S = TypeVar("S", bound=ServiceSettings)


@cache
def load_settings(cls: type[S]) -> S:
    """Parse the environment into `cls` once per process (cleared in tests with `load_settings.cache_clear()`)."""
    return cls()
