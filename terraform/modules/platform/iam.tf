# ---------------------------------------------------------------------------------------------------------------
# Operations: what on-call needs to put failed work back (DLQ redrive) and to replay events from the archive,
# and nothing else. Attach it to the role operators assume; every function, pipe, rule and state machine has its
# own role in the module that owns it.
# ---------------------------------------------------------------------------------------------------------------
locals {
  dead_letter_queue_arns = [
    module.payments.payments_dlq_arn,
    module.cdc.pipe_dlq_arn,
    module.bus.events_dlq_arn,
    module.inventory.restock_dlq_arn,
    module.inventory.alerts_dlq_arn,
  ]
  # A replay's ARN is the archive's with "replay/<name>"; operators name replays after the environment.
  replay_arn_pattern = "${replace(module.bus.archive_arn, "/:archive\\/.*$/", ":replay/")}${var.name_prefix}-*"
}

data "aws_iam_policy_document" "operations" {
  statement {
    sid = "RedriveDeadLetterQueues"
    actions = [
      "sqs:StartMessageMoveTask",
      "sqs:ListMessageMoveTasks",
      "sqs:CancelMessageMoveTask",
      "sqs:GetQueueAttributes",
      "sqs:ReceiveMessage",
      "sqs:DeleteMessage",
    ]
    resources = local.dead_letter_queue_arns
  }

  statement {
    sid       = "RedriveToTheSourceQueue"
    actions   = ["sqs:SendMessage", "sqs:GetQueueAttributes"]
    resources = [module.payments.payments_queue_arn, module.inventory.restock_queue_arn]
  }

  statement {
    sid       = "ReplayTheArchive"
    actions   = ["events:StartReplay", "events:DescribeReplay", "events:CancelReplay", "events:DescribeArchive"]
    resources = [module.bus.archive_arn, local.replay_arn_pattern]
  }

  statement {
    sid       = "ReplayIntoTheBus"
    actions   = ["events:PutEvents"]
    resources = [module.bus.event_bus_arn]
  }

  dynamic "statement" {
    for_each = var.kms_key_arn == null ? [] : [var.kms_key_arn]

    content {
      sid       = "UseThePlatformKey"
      actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
      resources = [statement.value]
    }
  }
}

resource "aws_iam_policy" "operations" {
  name        = "${var.name_prefix}-order-platform-operations"
  description = "Redrive the platform's dead-letter queues and replay its event archive."
  policy      = data.aws_iam_policy_document.operations.json

  tags = local.tags
}
