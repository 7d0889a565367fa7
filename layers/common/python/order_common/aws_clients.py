"""Lazily created, cached boto3 clients and resources.

boto3 takes the endpoint from AWS_ENDPOINT_URL (or AWS_ENDPOINT_URL_<SERVICE>) by itself, so this code runs
unchanged on AWS and on the local emulator. Clients are created on first use, not at import time.
Call `reset_clients()` in tests after changing the environment.
"""

from functools import cache
from typing import Any

import boto3
from botocore.config import Config

_CONFIG = Config(retries={"mode": "standard", "max_attempts": 3}, connect_timeout=5, read_timeout=10)


@cache
def client(service: str) -> Any:
    return boto3.session.Session().client(service, config=_CONFIG)  # type: ignore[call-overload]


@cache
def resource(service: str) -> Any:
    return boto3.session.Session().resource(service, config=_CONFIG)  # type: ignore[call-overload]


def reset_clients() -> None:
    client.cache_clear()
    resource.cache_clear()
