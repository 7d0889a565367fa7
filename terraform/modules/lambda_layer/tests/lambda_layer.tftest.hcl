# terraform test for the lambda_layer module: offline, against a mocked AWS provider.
#   terraform -chdir=terraform/modules/lambda_layer init -backend=false && terraform -chdir=... test
mock_provider "aws" {
  source = "../../tests/mocks/aws" # the shared data-source answers; the blocks below are this test's own
  mock_resource "aws_lambda_layer_version" {
    defaults = {
      arn       = "arn:aws:lambda:eu-west-1:123456789012:layer:test-common:1"
      layer_arn = "arn:aws:lambda:eu-west-1:123456789012:layer:test-common"
      version   = "1"
    }
  }
}

variables {
  name_prefix = "test"
  name        = "common"
  description = "fixture layer"
  filename    = "../../tests/fixtures/artifacts/layer-common.zip"
}

run "defaults_build_a_python312_layer" {
  command = plan

  assert {
    condition     = aws_lambda_layer_version.this.layer_name == "test-common"
    error_message = "The layer must be named <name_prefix>-<name>."
  }

  assert {
    condition     = contains(aws_lambda_layer_version.this.compatible_runtimes, "python3.12")
    error_message = "The layer must be compatible with python3.12 (the functions' runtime)."
  }

  assert {
    condition     = aws_lambda_layer_version.this.compatible_architectures == toset(["x86_64"])
    error_message = "The layer must default to x86_64."
  }

  assert {
    condition     = aws_lambda_layer_version.this.filename == var.filename
    error_message = "The layer must be uploaded from var.filename."
  }

  assert {
    condition     = aws_lambda_layer_version.this.source_code_hash == filebase64sha256(var.filename)
    error_message = "source_code_hash must be the archive's base64 SHA-256, so a new build publishes a new version."
  }
}

run "outputs_expose_the_version_arn" {
  assert {
    condition     = output.layer_version_arn == "arn:aws:lambda:eu-west-1:123456789012:layer:test-common:1"
    error_message = "layer_version_arn must be the version ARN (what functions attach)."
  }

  assert {
    condition     = output.layer_arn == "arn:aws:lambda:eu-west-1:123456789012:layer:test-common"
    error_message = "layer_arn must be the ARN without version."
  }

  assert {
    condition     = length(aws_lambda_layer_version_permission.this) == 0
    error_message = "The layer is shared with no other account by default."
  }
}

run "shares_the_version_only_with_the_given_accounts" {
  command = plan

  variables {
    shared_with_account_ids = ["210987654321"]
  }

  assert {
    condition     = length(aws_lambda_layer_version_permission.this) == 1 && aws_lambda_layer_version_permission.this["210987654321"].principal == "210987654321"
    error_message = "Each account in shared_with_account_ids gets one permission, for that account."
  }

  assert {
    condition     = aws_lambda_layer_version_permission.this["210987654321"].action == "lambda:GetLayerVersion"
    error_message = "Shared accounts may only use (GetLayerVersion) the layer."
  }
}

run "rejects_an_invalid_name_prefix" {
  command = plan

  variables {
    name_prefix = "Test_Env"
  }

  expect_failures = [var.name_prefix]
}

run "rejects_a_non_zip_archive" {
  command = plan

  variables {
    filename = "../../tests/fixtures/artifacts/layer-common.tar.gz"
  }

  expect_failures = [var.filename]
}

run "rejects_a_non_python_runtime" {
  command = plan

  variables {
    compatible_runtimes = ["nodejs20.x"]
  }

  expect_failures = [var.compatible_runtimes]
}

run "rejects_an_unknown_architecture" {
  command = plan

  variables {
    compatible_architectures = ["sparc"]
  }

  expect_failures = [var.compatible_architectures]
}

run "rejects_an_account_id_that_is_not_12_digits" {
  command = plan

  variables {
    shared_with_account_ids = ["12345"]
  }

  expect_failures = [var.shared_with_account_ids]
}
