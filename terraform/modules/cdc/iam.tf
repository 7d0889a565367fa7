data "aws_caller_identity" "current" {}

data "aws_iam_policy_document" "pipes_assume" {
  statement {
    sid     = "PipesAssumeRole"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["pipes.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }
  }
}

# One role per pipe: each reads only its own stream.
resource "aws_iam_role" "pipe" {
  for_each = local.pipes

  name               = "${var.name_prefix}-${each.key}-cdc-pipe"
  description        = "Execution role of the ${var.name_prefix}-${each.key}-cdc pipe."
  assume_role_policy = data.aws_iam_policy_document.pipes_assume.json

  tags = var.tags
}

data "aws_iam_policy_document" "pipe" {
  for_each = local.pipes

  statement {
    sid       = "ReadSourceStream"
    actions   = ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:ListStreams"]
    resources = [each.value.stream_arn]
  }

  statement {
    sid       = "InvokeEnrichment"
    actions   = ["lambda:InvokeFunction"]
    resources = [module.enrich.function_arn]
  }

  statement {
    sid       = "PublishToBus"
    actions   = ["events:PutEvents"]
    resources = [var.event_bus_arn]
  }

  statement {
    sid       = "DeadLetter"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.pipe_dlq.arn]
  }

  dynamic "statement" {
    for_each = var.kms_key_arn == null ? [] : [var.kms_key_arn]

    content {
      sid       = "EncryptDeadLetters"
      actions   = ["kms:GenerateDataKey", "kms:Decrypt"]
      resources = [statement.value]
    }
  }
}

resource "aws_iam_role_policy" "pipe" {
  for_each = local.pipes

  name   = "${var.name_prefix}-${each.key}-cdc-pipe"
  role   = aws_iam_role.pipe[each.key].id
  policy = data.aws_iam_policy_document.pipe[each.key].json
}
