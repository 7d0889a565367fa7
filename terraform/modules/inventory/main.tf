locals {
  table_name = "${var.name_prefix}-inventory"
  # The alerts topic is a target of EventBridge, which cannot use an AWS managed key: it is always encrypted
  # with a customer managed key (the one passed in, or one this module owns).
  alerts_kms_key_arn = var.kms_key_arn != null ? var.kms_key_arn : aws_kms_key.alerts[0].arn
}

# ---------------------------------------------------------------------------------------------------------------
# Table: one item per SKU {pk SKU#<sku>, sk STOCK, sku, name, price (cents), available, reserved}.
# ---------------------------------------------------------------------------------------------------------------
resource "aws_dynamodb_table" "this" {
  name                        = local.table_name
  billing_mode                = "PAY_PER_REQUEST"
  hash_key                    = "pk"
  range_key                   = "sk"
  stream_enabled              = true
  stream_view_type            = "NEW_AND_OLD_IMAGES"
  deletion_protection_enabled = var.deletion_protection

  attribute {
    name = "pk"
    type = "S"
  }

  attribute {
    name = "sk"
    type = "S"
  }

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
# Low-stock alerts: rule on the bus -> SNS topic -> e-mail (ops) + SQS restock queue.
# ---------------------------------------------------------------------------------------------------------------
resource "aws_kms_key" "alerts" {
  count = var.kms_key_arn == null ? 1 : 0

  description             = "${var.name_prefix}-inventory-alerts: SNS topic encryption (EventBridge publishes to it)."
  deletion_window_in_days = 7
  enable_key_rotation     = true
  policy                  = data.aws_iam_policy_document.alerts_key.json

  tags = var.tags
}

resource "aws_kms_alias" "alerts" {
  count = var.kms_key_arn == null ? 1 : 0

  name          = "alias/${var.name_prefix}-inventory-alerts"
  target_key_id = aws_kms_key.alerts[0].key_id
}

resource "aws_sns_topic" "alerts" {
  name              = "${var.name_prefix}-inventory-alerts"
  kms_master_key_id = local.alerts_kms_key_arn

  tags = var.tags
}

resource "aws_sqs_queue" "restock_dlq" {
  name                      = "${var.name_prefix}-restock-dlq"
  message_retention_seconds = 1209600
  sqs_managed_sse_enabled   = var.kms_key_arn == null ? true : null
  kms_master_key_id         = var.kms_key_arn

  tags = var.tags
}

resource "aws_sqs_queue" "restock" {
  name                      = "${var.name_prefix}-restock"
  message_retention_seconds = 345600
  sqs_managed_sse_enabled   = var.kms_key_arn == null ? true : null
  kms_master_key_id         = var.kms_key_arn
  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.restock_dlq.arn
    maxReceiveCount     = 5
  })

  tags = var.tags
}

# Alerts SNS could not deliver to a subscription, after its delivery retries (e.g. the restock queue's policy or
# key refused it, or the ops mailbox bounced).
resource "aws_sqs_queue" "alerts_dlq" {
  name                      = "${var.name_prefix}-inventory-alerts-dlq"
  message_retention_seconds = 1209600
  sqs_managed_sse_enabled   = var.kms_key_arn == null ? true : null
  kms_master_key_id         = var.kms_key_arn

  tags = var.tags
}

resource "aws_sns_topic_subscription" "restock" {
  topic_arn            = aws_sns_topic.alerts.arn
  protocol             = "sqs"
  endpoint             = aws_sqs_queue.restock.arn
  raw_message_delivery = false
  redrive_policy       = jsonencode({ deadLetterTargetArn = aws_sqs_queue.alerts_dlq.arn })

  depends_on = [aws_sqs_queue_policy.restock, aws_sqs_queue_policy.alerts_dlq]
}

resource "aws_sns_topic_subscription" "email" {
  count = var.alert_email == null ? 0 : 1

  topic_arn      = aws_sns_topic.alerts.arn
  protocol       = "email"
  endpoint       = var.alert_email
  redrive_policy = jsonencode({ deadLetterTargetArn = aws_sqs_queue.alerts_dlq.arn })

  depends_on = [aws_sqs_queue_policy.alerts_dlq]
}

resource "aws_cloudwatch_event_rule" "low_stock" {
  name           = "${var.name_prefix}-inventory-low-stock"
  description    = "A SKU's available stock crossed below ${var.low_stock_threshold}."
  event_bus_name = var.event_bus_name
  event_pattern = templatefile("${path.module}/low_stock.pattern.json", {
    name_prefix = var.name_prefix
    threshold   = var.low_stock_threshold
  })

  tags = var.tags
}

resource "aws_cloudwatch_event_target" "low_stock" {
  rule           = aws_cloudwatch_event_rule.low_stock.name
  event_bus_name = var.event_bus_name
  target_id      = "inventory-alerts-topic"
  arn            = aws_sns_topic.alerts.arn

  retry_policy {
    maximum_event_age_in_seconds = 3600
    maximum_retry_attempts       = 10
  }

  dead_letter_config {
    arn = var.events_dlq_arn
  }

  depends_on = [aws_sns_topic_policy.alerts]
}
