"""The payment provider's API key, from a Secrets Manager secret whose SecretString is `{"apiKey": "..."}`.

Cached by Powertools for five minutes, so a rotated key is picked up without a redeploy.
"""

from __future__ import annotations

from aws_lambda_powertools.utilities.parameters import get_secret

CACHE_SECONDS = 300


class ProviderCredentialsError(RuntimeError):
    """The secret is not the expected JSON object with an `apiKey` (a configuration error)."""


def get_provider_api_key(secret_arn: str) -> str:
    secret = get_secret(secret_arn, transform="json", max_age=CACHE_SECONDS)
    api_key = secret.get("apiKey") if isinstance(secret, dict) else None
    if not isinstance(api_key, str) or not api_key:
        raise ProviderCredentialsError(f"secret {secret_arn} has no string 'apiKey'")
    return api_key
