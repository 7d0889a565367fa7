locals {
  function_name = "${var.name_prefix}-${var.name}"
}

resource "aws_cloudwatch_log_group" "this" {
  #checkov:skip=CKV_AWS_338:Retention is each environment's choice (log_retention_days): prod.tfvars keeps 365 days, local/dev/staging keep 1-90 days of throwaway or test data. checkov sees variable defaults, not tfvars.
  name              = "/aws/lambda/${local.function_name}"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.kms_key_arn

  tags = var.tags
}

resource "aws_lambda_function" "this" {
  #checkov:skip=CKV_AWS_117:No VPC: the functions reach only public AWS APIs (DynamoDB, SQS, Secrets Manager, X-Ray, CloudWatch) and the external payment provider over HTTPS; there is no private resource to reach, and a VPC would add NAT/endpoints and cold-start cost for no isolation gain.
  #checkov:skip=CKV_AWS_272:Code signing is outside this project's threat model: packages are built reproducibly from the repository (local/build.py) and deployed only by Terraform with source_code_hash pinning the zip, so the trust boundary is the repository and the deploy credentials, which signing would not move. (aws_lambda_code_signing_config is also not in the local emulator.)
  #checkov:skip=CKV_AWS_116:Every function of the platform is invoked synchronously (Pipes enrichment, SQS event-source mapping): failures are retried by the caller and dead-lettered by the pipe DLQ / the source queue's redrive policy. An on-failure DLQ only applies to asynchronous invocation, which nothing uses.
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
