"""The integration tests' real-AWS mode stops at once, with the reason, when there are no credentials."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_aws_target_without_credentials_stops_before_applying_anything(tmp_path: Path) -> None:
    # Given no AWS credentials anywhere boto3 looks
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "TF_VAR_"))}
    env |= {
        "ORDER_PLATFORM_IT_TARGET": "aws",
        "AWS_CONFIG_FILE": str(tmp_path / "none"),
        "AWS_SHARED_CREDENTIALS_FILE": str(tmp_path / "none"),
        "AWS_EC2_METADATA_DISABLED": "true",
    }
    # When the integration tests are run against AWS
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "tests/integration", "-q", "-p", "no:cacheprovider", "-x"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    # Then the run stops with exit 2 and says what is missing, and Terraform never ran
    output = result.stdout + result.stderr
    assert result.returncode == 2, output[-3000:]
    assert "needs AWS credentials" in output, output[-3000:]
    assert "Initializing" not in output, output[-3000:]  # terraform init's first words
    assert not list((ROOT / "terraform/environments/dev").glob("tf_resources.json"))
