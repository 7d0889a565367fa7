locals {
  max_receive_count = 10
}

# ---------------------------------------------------------------------------------------------------------------
# Payment requests: order-processing sends {orderId, customerId, items} here.
# ---------------------------------------------------------------------------------------------------------------
resource "aws_sqs_queue" "dlq" {
  name                      = "${var.name_prefix}-payments-dlq"
  message_retention_seconds = 1209600
  sqs_managed_sse_enabled   = var.kms_key_arn == null ? true : null
  kms_master_key_id         = var.kms_key_arn

  tags = var.tags
}

resource "aws_sqs_queue" "this" {
  name = "${var.name_prefix}-payments"
  # AWS guidance for Lambda SQS sources: at least six times the function timeout.
  visibility_timeout_seconds = 6 * var.function_timeout
  message_retention_seconds  = 345600
  sqs_managed_sse_enabled    = var.kms_key_arn == null ? true : null
  kms_master_key_id          = var.kms_key_arn
  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.dlq.arn
    maxReceiveCount     = local.max_receive_count
  })

  tags = var.tags
}

resource "aws_sqs_queue_redrive_allow_policy" "dlq" {
  queue_url = aws_sqs_queue.dlq.id
  redrive_allow_policy = jsonencode({
    redrivePermission = "byQueue"
    sourceQueueArns   = [aws_sqs_queue.this.arn]
  })
}

# ---------------------------------------------------------------------------------------------------------------
# Idempotency records of the charges (Powertools): hash key `id`, expired records removed by TTL.
# ---------------------------------------------------------------------------------------------------------------
resource "aws_dynamodb_table" "idempotency" {
  name         = "${var.name_prefix}-idempotency"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"

  attribute {
    name = "id"
    type = "S"
  }

  ttl {
    attribute_name = "expiration"
    enabled        = true
  }

  # A lost idempotency record lets a redelivered payment request charge again (the provider's own idempotency key
  # is the second line of defence): the records are restorable like the orders they protect.
  point_in_time_recovery {
    enabled = var.point_in_time_recovery
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = var.kms_key_arn
  }

  tags = var.tags
}

# ---------------------------------------------------------------------------------------------------------------
# Provider credentials: SecretString {"apiKey": "..."}.
# ---------------------------------------------------------------------------------------------------------------
resource "aws_secretsmanager_secret" "provider" {
  #checkov:skip=CKV2_AWS_57:The API key is issued by the external payment provider, which has no API to mint a new one; a rotation Lambda would have nothing to call. Rotating means getting a new key from the provider and applying it as provider_api_key (a new secret version); the function picks it up within its 5-minute secret cache.
  name                    = "${var.name_prefix}-payment-provider"
  description             = "Credentials of the external payment provider."
  kms_key_id              = var.kms_key_arn
  recovery_window_in_days = var.secret_recovery_window_days

  tags = var.tags
}

resource "aws_secretsmanager_secret_version" "provider" {
  secret_id     = aws_secretsmanager_secret.provider.id
  secret_string = jsonencode({ apiKey = var.provider_api_key })
}

# ---------------------------------------------------------------------------------------------------------------
# The payments function and its queue trigger.
# ---------------------------------------------------------------------------------------------------------------
module "function" {
  source = "../lambda_function"

  name_prefix        = var.name_prefix
  name               = "payments"
  description        = "Charges orders at the payment provider (idempotent) and moves them to PAID or PAYMENT_FAILED."
  filename           = "${var.artifacts_dir}/payments.zip"
  handler            = "payments.handlers.handle_payment_requests.lambda_handler"
  layers             = [var.common_layer_arn]
  memory_size        = var.memory_size
  timeout            = var.function_timeout
  log_retention_days = var.log_retention_days
  kms_key_arn        = var.kms_key_arn
  environment_variables = {
    ORDERS_TABLE_NAME            = var.orders_table.name
    INVENTORY_TABLE_NAME         = var.inventory_table.name
    IDEMPOTENCY_TABLE_NAME       = aws_dynamodb_table.idempotency.name
    PROVIDER_URL                 = var.provider_url
    PROVIDER_SECRET_ARN          = aws_secretsmanager_secret.provider.arn
    POWERTOOLS_SERVICE_NAME      = "payments"
    POWERTOOLS_METRICS_NAMESPACE = "OrderPlatform"
  }
  policy_statements = local.function_policy_statements

  tags = var.tags
}

resource "aws_lambda_event_source_mapping" "this" {
  event_source_arn                   = aws_sqs_queue.this.arn
  function_name                      = module.function.function_arn
  batch_size                         = 10
  maximum_batching_window_in_seconds = 1
  function_response_types            = ["ReportBatchItemFailures"]

  scaling_config {
    maximum_concurrency = var.max_concurrency
  }

  tags = var.tags
}
