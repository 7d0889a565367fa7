data "aws_caller_identity" "current" {}

locals {
  # Exactly the service actions each definition uses. TransactWriteItems has no IAM action of its own: every
  # entry is authorised as its own action (UpdateItem / PutItem) on its table.
  workflow_statements = {
    "order-processing" = [
      { sid = "MoveOrders", actions = ["dynamodb:UpdateItem"], resources = [var.orders_table.arn] },
      { sid = "ReserveStock", actions = ["dynamodb:UpdateItem"], resources = [var.inventory_table.arn] },
      { sid = "RequestPayments", actions = ["sqs:SendMessage"], resources = [var.payments_queue.arn] },
    ]
    "fulfillment" = [
      { sid = "FulfillOrders", actions = ["dynamodb:UpdateItem", "dynamodb:PutItem"], resources = [var.orders_table.arn] },
      { sid = "CommitReservations", actions = ["dynamodb:UpdateItem"], resources = [var.inventory_table.arn] },
      { sid = "PublishBusinessEvents", actions = ["events:PutEvents"], resources = [var.event_bus.arn] },
    ]
    "order-compensation" = [
      { sid = "CancelOrders", actions = ["dynamodb:UpdateItem"], resources = [var.orders_table.arn] },
      { sid = "ReleaseReservations", actions = ["dynamodb:UpdateItem"], resources = [var.inventory_table.arn] },
      { sid = "PublishBusinessEvents", actions = ["events:PutEvents"], resources = [var.event_bus.arn] },
    ]
  }
}

data "aws_iam_policy_document" "states_assume" {
  statement {
    sid     = "StepFunctionsAssumeRole"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["states.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }
  }
}

resource "aws_iam_role" "state_machine" {
  for_each = local.workflows

  name               = "${var.name_prefix}-${each.key}-sfn"
  description        = "Execution role of the ${var.name_prefix}-${each.key} state machine."
  assume_role_policy = data.aws_iam_policy_document.states_assume.json

  tags = var.tags
}

data "aws_iam_policy_document" "state_machine" {
  for_each = local.workflows

  dynamic "statement" {
    for_each = local.workflow_statements[each.key]

    content {
      sid       = statement.value.sid
      actions   = statement.value.actions
      resources = statement.value.resources
    }
  }

  # The payments queue is encrypted with the customer managed key: the sender needs it.
  dynamic "statement" {
    for_each = each.key == "order-processing" && var.kms_key_arn != null ? [var.kms_key_arn] : []

    content {
      sid       = "EncryptPaymentRequests"
      actions   = ["kms:GenerateDataKey", "kms:Decrypt"]
      resources = [statement.value]
    }
  }

  # Log delivery (vended logs) and X-Ray have no resource-level permissions: "*" is the only valid resource.
  statement {
    sid = "DeliverExecutionLogs"
    actions = [
      "logs:CreateLogDelivery", "logs:GetLogDelivery", "logs:UpdateLogDelivery", "logs:DeleteLogDelivery",
      "logs:ListLogDeliveries", "logs:PutResourcePolicy", "logs:DescribeResourcePolicies", "logs:DescribeLogGroups",
    ]
    resources = ["*"]
  }

  statement {
    sid       = "WriteTraces"
    actions   = ["xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets"]
    resources = ["*"]
  }
}

resource "aws_iam_role_policy" "state_machine" {
  for_each = local.workflows

  name   = "${var.name_prefix}-${each.key}-sfn"
  role   = aws_iam_role.state_machine[each.key].id
  policy = data.aws_iam_policy_document.state_machine[each.key].json
}

# EventBridge starts the workflows with this role: StartExecution on these three state machines only.
data "aws_iam_policy_document" "events_assume" {
  statement {
    sid     = "EventBridgeAssumeRole"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["events.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }
  }
}

resource "aws_iam_role" "events" {
  name               = "${var.name_prefix}-workflows-events"
  description        = "Lets the workflow rules on ${var.event_bus.name} start their state machines."
  assume_role_policy = data.aws_iam_policy_document.events_assume.json

  tags = var.tags
}

data "aws_iam_policy_document" "events" {
  statement {
    sid       = "StartWorkflows"
    actions   = ["states:StartExecution"]
    resources = [for machine in aws_sfn_state_machine.this : machine.arn]
  }
}

resource "aws_iam_role_policy" "events" {
  name   = "${var.name_prefix}-workflows-events"
  role   = aws_iam_role.events.id
  policy = data.aws_iam_policy_document.events.json
}
