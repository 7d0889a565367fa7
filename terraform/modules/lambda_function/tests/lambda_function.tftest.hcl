# terraform test for the lambda_function module: offline, against a mocked AWS provider.
mock_provider "aws" {
  source = "../../tests/mocks/aws" # the shared data-source answers; the blocks below are this test's own
  mock_resource "aws_cloudwatch_log_group" {
    defaults = {
      arn = "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/test-worker"
    }
  }

  mock_resource "aws_iam_role" {
    defaults = {
      arn = "arn:aws:iam::123456789012:role/test-worker-role"
    }
  }

  mock_resource "aws_lambda_function" {
    defaults = {
      arn        = "arn:aws:lambda:eu-west-1:123456789012:function:test-worker"
      invoke_arn = "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:test-worker/invocations"
    }
  }

  # Policy documents are rendered by the provider itself; the mock returns a fixed, valid document so that the
  # roles and policies that embed it hold JSON. The statements are asserted on the data sources' inputs.
}

variables {
  name_prefix           = "test"
  name                  = "worker"
  description           = "fixture function"
  filename              = "../../tests/fixtures/artifacts/cdc.zip"
  handler               = "cdc.handlers.enrich_stream_records.lambda_handler"
  layers                = ["arn:aws:lambda:eu-west-1:123456789012:layer:test-common:3"]
  environment_variables = { POWERTOOLS_SERVICE_NAME = "worker" }
  log_retention_days    = 30
}

run "function_is_wired_to_its_package_role_and_log_group" {
  assert {
    condition     = aws_lambda_function.this.function_name == "test-worker"
    error_message = "The function must be named <name_prefix>-<name>."
  }

  assert {
    condition     = aws_lambda_function.this.filename == var.filename
    error_message = "The function must be deployed from var.filename."
  }

  assert {
    condition     = aws_lambda_function.this.source_code_hash == filebase64sha256("../../tests/fixtures/artifacts/cdc.zip")
    error_message = "source_code_hash must be the package's base64 SHA-256 (a new build redeploys the code)."
  }

  assert {
    condition     = aws_lambda_function.this.runtime == "python3.12" && aws_lambda_function.this.handler == var.handler
    error_message = "The function must run var.handler on python3.12."
  }

  assert {
    condition     = aws_lambda_function.this.tracing_config[0].mode == "Active"
    error_message = "X-Ray tracing must be Active."
  }

  assert {
    condition     = aws_lambda_function.this.role == aws_iam_role.this.arn
    error_message = "The function must run with the module's execution role."
  }

  assert {
    condition     = aws_lambda_function.this.layers == var.layers
    error_message = "The function must attach the given layers."
  }

  assert {
    condition     = aws_lambda_function.this.environment[0].variables == tomap({ POWERTOOLS_SERVICE_NAME = "worker" })
    error_message = "The function must get the given environment variables."
  }

  assert {
    condition     = aws_cloudwatch_log_group.this.name == "/aws/lambda/test-worker"
    error_message = "The log group must be the one Lambda writes to (/aws/lambda/<function name>)."
  }

  assert {
    condition     = aws_cloudwatch_log_group.this.retention_in_days == 30
    error_message = "The log group must keep logs for var.log_retention_days."
  }

  assert {
    condition     = output.function_arn == "arn:aws:lambda:eu-west-1:123456789012:function:test-worker" && output.log_group_name == "/aws/lambda/test-worker"
    error_message = "The outputs must expose the function ARN and the log group name."
  }
}

run "role_is_assumed_by_lambda_and_writes_only_its_own_logs" {
  assert {
    condition = anytrue([
      for s in data.aws_iam_policy_document.assume.statement :
      contains(s.actions, "sts:AssumeRole") && anytrue([for p in s.principals : p.type == "Service" && contains(p.identifiers, "lambda.amazonaws.com")])
    ])
    error_message = "The execution role must be assumable by lambda.amazonaws.com."
  }

  assert {
    condition     = aws_iam_role.this.assume_role_policy == data.aws_iam_policy_document.assume.json
    error_message = "The role's trust policy must be the assume document."
  }

  assert {
    condition     = aws_iam_role_policy.basic.role == aws_iam_role.this.id && aws_iam_role_policy.basic.policy == data.aws_iam_policy_document.basic.json
    error_message = "The basic policy must be attached to the execution role."
  }

  assert {
    condition = anytrue([
      for s in data.aws_iam_policy_document.basic.statement :
      s.sid == "WriteOwnLogGroup" && s.resources == toset(["arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/test-worker:*"])
    ])
    error_message = "The role may write log events only to the function's own log group."
  }

  assert {
    condition     = length([for s in data.aws_iam_policy_document.basic.statement : s if s.sid == "DecryptEnvironment"]) == 0
    error_message = "Without kms_key_arn there is no KMS statement."
  }

  assert {
    condition     = length(aws_iam_role_policy.extra) == 0
    error_message = "Without policy_statements there is no extra policy."
  }
}

run "extra_statements_and_kms_key_are_granted" {
  variables {
    kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:key/00000000-0000-0000-0000-000000000000"
    policy_statements = [
      {
        sid       = "ReadOrders"
        actions   = ["dynamodb:GetItem"]
        resources = ["arn:aws:dynamodb:eu-west-1:123456789012:table/test-orders"]
      },
    ]
  }

  assert {
    condition     = length(aws_iam_role_policy.extra) == 1 && aws_iam_role_policy.extra[0].policy == data.aws_iam_policy_document.extra[0].json
    error_message = "policy_statements must become the extra policy of the role."
  }

  assert {
    condition = anytrue([
      for s in data.aws_iam_policy_document.extra[0].statement :
      s.sid == "ReadOrders" && s.effect == "Allow" && s.actions == toset(["dynamodb:GetItem"]) && s.resources == toset(["arn:aws:dynamodb:eu-west-1:123456789012:table/test-orders"])
    ])
    error_message = "Each policy statement must be rendered as given (effect defaults to Allow)."
  }

  assert {
    condition = anytrue([
      for s in data.aws_iam_policy_document.basic.statement :
      s.sid == "DecryptEnvironment" && s.resources == toset([var.kms_key_arn])
    ])
    error_message = "With kms_key_arn the role may decrypt with that key."
  }

  assert {
    condition     = aws_lambda_function.this.kms_key_arn == var.kms_key_arn && aws_cloudwatch_log_group.this.kms_key_id == var.kms_key_arn
    error_message = "kms_key_arn must encrypt the environment and the log group."
  }
}

run "rejects_an_invalid_name_prefix" {
  command = plan

  variables {
    name_prefix = "Prod_1"
  }

  expect_failures = [var.name_prefix]
}

run "rejects_a_malformed_handler" {
  command = plan

  variables {
    handler = "lambda_handler"
  }

  expect_failures = [var.handler]
}

run "rejects_another_runtime" {
  command = plan

  variables {
    runtime = "python3.9"
  }

  expect_failures = [var.runtime]
}

run "rejects_an_unsupported_log_retention" {
  command = plan

  variables {
    log_retention_days = 10
  }

  expect_failures = [var.log_retention_days]
}

run "rejects_wildcard_actions" {
  command = plan

  variables {
    policy_statements = [
      {
        sid       = "TooBroad"
        actions   = ["dynamodb:*"]
        resources = ["*"]
      },
    ]
  }

  expect_failures = [var.policy_statements]
}
