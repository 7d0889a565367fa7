locals {
  # The only variables the templates (*.asl.json, *.pattern.json) may use, as plain ${name} interpolations:
  # tests/unit/workflows renders the same files with the same names.
  template_variables = {
    name_prefix          = var.name_prefix
    orders_table_name    = var.orders_table.name
    inventory_table_name = var.inventory_table.name
    payments_queue_url   = var.payments_queue.url
    event_bus_name       = var.event_bus.name
  }

  workflows = {
    "order-processing" = {
      description = "New PENDING order: reserve stock + PAYMENT_PENDING (one transaction) then request payment, or REJECTED."
      type        = "EXPRESS"
      definition  = "order_processing.asl.json"
      pattern     = "order_processing.pattern.json"
    }
    "fulfillment" = {
      description = "PAID order: FULFILLED + shipment record + reservations committed, then OrderFulfilled."
      type        = "STANDARD"
      definition  = "fulfillment.asl.json"
      pattern     = "fulfillment.pattern.json"
    }
    "order-compensation" = {
      description = "PAYMENT_FAILED order: CANCELLED + reservations released, then OrderCancelled."
      type        = "EXPRESS"
      definition  = "order_compensation.asl.json"
      pattern     = "order_compensation.pattern.json"
    }
  }
}

resource "aws_cloudwatch_log_group" "this" {
  #checkov:skip=CKV_AWS_338:Retention is each environment's choice (log_retention_days): prod.tfvars keeps 365 days, local/dev/staging keep 1-90 days of throwaway or test data. checkov sees variable defaults, not tfvars.
  for_each = local.workflows

  # /aws/vendedlogs/ keeps the CloudWatch Logs resource policy that Step Functions maintains small.
  name              = "/aws/vendedlogs/states/${var.name_prefix}-${each.key}"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.kms_key_arn

  tags = var.tags
}

resource "aws_sfn_state_machine" "this" {
  for_each = local.workflows

  name       = "${var.name_prefix}-${each.key}"
  type       = each.value.type
  role_arn   = aws_iam_role.state_machine[each.key].arn
  definition = templatefile("${path.module}/${each.value.definition}", local.template_variables)

  # Failed executions are logged with their input and output (order id, customer id, order lines: no payment or
  # contact data flows through the workflows), so a failure can be diagnosed and the order put right.
  logging_configuration {
    log_destination        = "${aws_cloudwatch_log_group.this[each.key].arn}:*"
    include_execution_data = true
    level                  = "ERROR"
  }

  tracing_configuration {
    enabled = true
  }

  tags = var.tags

  depends_on = [aws_iam_role_policy.state_machine]
}

# The rules on the bus that start the workflows (input: the whole CDC event).
resource "aws_cloudwatch_event_rule" "this" {
  for_each = local.workflows

  name           = "${var.name_prefix}-${each.key}"
  description    = "Starts ${var.name_prefix}-${each.key}: ${each.value.description}"
  event_bus_name = var.event_bus.name
  event_pattern  = templatefile("${path.module}/${each.value.pattern}", local.template_variables)

  tags = var.tags
}

resource "aws_cloudwatch_event_target" "this" {
  for_each = local.workflows

  rule           = aws_cloudwatch_event_rule.this[each.key].name
  event_bus_name = var.event_bus.name
  target_id      = "${each.key}-state-machine"
  arn            = aws_sfn_state_machine.this[each.key].arn
  role_arn       = aws_iam_role.events.arn

  retry_policy {
    maximum_event_age_in_seconds = 3600
    maximum_retry_attempts       = 10
  }

  dead_letter_config {
    arn = var.events_dlq_arn
  }
}
