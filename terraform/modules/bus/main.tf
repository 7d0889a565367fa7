data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
data "aws_region" "current" {}

locals {
  bus_name = "${var.name_prefix}-orders"
  # Every rule on this bus, whichever module owns it (rule ARNs of a custom bus embed the bus name).
  bus_rules_arn_pattern = "arn:${data.aws_partition.current.partition}:events:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:rule/${local.bus_name}/*"
}

resource "aws_cloudwatch_event_bus" "this" {
  name = local.bus_name

  tags = var.tags
}

# Every event on the bus is archived, so it can be replayed (e.g. after a fix to a consumer).
resource "aws_cloudwatch_event_archive" "this" {
  name             = local.bus_name
  description      = "All events of ${local.bus_name}, for replay."
  event_source_arn = aws_cloudwatch_event_bus.this.arn
  retention_days   = var.archive_retention_days
}

# Shared dead-letter queue of every rule target on the bus: events EventBridge could not deliver.
resource "aws_sqs_queue" "events_dlq" {
  name                      = "${var.name_prefix}-events-dlq"
  message_retention_seconds = 1209600
  sqs_managed_sse_enabled   = var.kms_key_arn == null ? true : null
  kms_master_key_id         = var.kms_key_arn

  tags = var.tags
}

# Audit trail: every event on the bus lands in CloudWatch Logs.
resource "aws_cloudwatch_log_group" "events" {
  #checkov:skip=CKV_AWS_338:Retention is each environment's choice (log_retention_days): prod.tfvars keeps 365 days, local/dev/staging keep 1-90 days of throwaway or test data. checkov sees variable defaults, not tfvars.
  name              = "/aws/events/${local.bus_name}"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.kms_key_arn

  tags = var.tags
}

resource "aws_cloudwatch_event_rule" "catch_all" {
  name           = "${local.bus_name}-audit"
  description    = "Every event on ${local.bus_name} to the audit log group."
  event_bus_name = aws_cloudwatch_event_bus.this.name
  event_pattern  = file("${path.module}/catch_all.pattern.json")

  tags = var.tags
}

resource "aws_cloudwatch_event_target" "catch_all_logs" {
  rule           = aws_cloudwatch_event_rule.catch_all.name
  event_bus_name = aws_cloudwatch_event_bus.this.name
  target_id      = "audit-log-group"
  arn            = aws_cloudwatch_log_group.events.arn

  retry_policy {
    maximum_event_age_in_seconds = 3600
    maximum_retry_attempts       = 10
  }

  dead_letter_config {
    arn = aws_sqs_queue.events_dlq.arn
  }

  depends_on = [aws_cloudwatch_log_resource_policy.events]
}
