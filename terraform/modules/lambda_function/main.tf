locals {
  function_name = "${var.name_prefix}-${var.name}"
}

resource "aws_cloudwatch_log_group" "this" {
  name              = "/aws/lambda/${local.function_name}"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.kms_key_arn

  tags = var.tags
}

resource "aws_lambda_function" "this" {
  function_name                  = local.function_name
  description                    = var.description
  role                           = aws_iam_role.this.arn
  filename                       = var.filename
  source_code_hash               = filebase64sha256(var.filename)
  runtime                        = var.runtime
  architectures                  = [var.architecture]
  handler                        = var.handler
  layers                         = var.layers
  memory_size                    = var.memory_size
  timeout                        = var.timeout
  reserved_concurrent_executions = var.reserved_concurrent_executions
  kms_key_arn                    = var.kms_key_arn

  dynamic "environment" {
    for_each = length(var.environment_variables) > 0 ? [var.environment_variables] : []

    content {
      variables = environment.value
    }
  }

  tracing_config {
    mode = "Active"
  }

  tags = var.tags

  # The log group exists (with its retention) and the role can write to it before the first invocation.
  depends_on = [
    aws_cloudwatch_log_group.this,
    aws_iam_role_policy.basic,
    aws_iam_role_policy.extra,
  ]
}
