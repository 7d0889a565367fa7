data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}

# Key policy of the module-owned alerts key: the account administers it through IAM (explicit actions), SNS and
# EventBridge use it for the topic.
data "aws_iam_policy_document" "alerts_key" {
  #checkov:skip=CKV_AWS_111:A key policy: Resource "*" is the key itself, not every resource. The account statement is KMS's default key policy with explicit actions instead of kms:*, so IAM policies in this account decide who may use or administer the key.
  #checkov:skip=CKV_AWS_356:A key policy: Resource "*" is the key itself (a key cannot name its own ARN in its policy before it exists).
  #checkov:skip=CKV_AWS_109:A key policy: the account root must keep PutKeyPolicy/CreateGrant on its own key, or the key becomes unmanageable; Resource "*" is the key itself, and IAM policies decide which principals of the account get these actions.
  statement {
    sid = "AccountAdministersKey"
    actions = [
      "kms:CancelKeyDeletion", "kms:CreateAlias", "kms:CreateGrant", "kms:Decrypt", "kms:DeleteAlias",
      "kms:DescribeKey", "kms:DisableKey", "kms:DisableKeyRotation", "kms:EnableKey", "kms:EnableKeyRotation",
      "kms:Encrypt", "kms:GenerateDataKey", "kms:GetKeyPolicy", "kms:GetKeyRotationStatus", "kms:ListGrants",
      "kms:ListKeyPolicies", "kms:ListResourceTags", "kms:PutKeyPolicy", "kms:RetireGrant", "kms:RevokeGrant",
      "kms:ScheduleKeyDeletion", "kms:TagResource", "kms:UntagResource", "kms:UpdateAlias",
      "kms:UpdateKeyDescription",
    ]
    resources = ["*"] # in a key policy "*" means this key

    principals {
      type        = "AWS"
      identifiers = ["arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:root"]
    }
  }

  statement {
    sid       = "ServicesUseKeyForTopic"
    actions   = ["kms:GenerateDataKey", "kms:Decrypt"]
    resources = ["*"] # in a key policy "*" means this key

    principals {
      type        = "Service"
      identifiers = ["events.amazonaws.com", "sns.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }
  }
}

# Only the low-stock rule may publish to the alerts topic.
data "aws_iam_policy_document" "alerts_topic" {
  statement {
    sid       = "LowStockRulePublishes"
    actions   = ["sns:Publish"]
    resources = [aws_sns_topic.alerts.arn]

    principals {
      type        = "Service"
      identifiers = ["events.amazonaws.com"]
    }

    condition {
      test     = "ArnEquals"
      variable = "aws:SourceArn"
      values   = [aws_cloudwatch_event_rule.low_stock.arn]
    }
  }
}

resource "aws_sns_topic_policy" "alerts" {
  arn    = aws_sns_topic.alerts.arn
  policy = data.aws_iam_policy_document.alerts_topic.json
}

# Only the alerts topic may send to the restock queue.
data "aws_iam_policy_document" "restock" {
  statement {
    sid       = "AlertsTopicDelivers"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.restock.arn]

    principals {
      type        = "Service"
      identifiers = ["sns.amazonaws.com"]
    }

    condition {
      test     = "ArnEquals"
      variable = "aws:SourceArn"
      values   = [aws_sns_topic.alerts.arn]
    }
  }
}

resource "aws_sqs_queue_policy" "restock" {
  queue_url = aws_sqs_queue.restock.id
  policy    = data.aws_iam_policy_document.restock.json
}

# Only the alerts topic may dead-letter into the alerts DLQ (deliveries its subscriptions could not take).
data "aws_iam_policy_document" "alerts_dlq" {
  statement {
    sid       = "AlertsTopicDeadLetters"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.alerts_dlq.arn]

    principals {
      type        = "Service"
      identifiers = ["sns.amazonaws.com"]
    }

    condition {
      test     = "ArnEquals"
      variable = "aws:SourceArn"
      values   = [aws_sns_topic.alerts.arn]
    }
  }
}

resource "aws_sqs_queue_policy" "alerts_dlq" {
  queue_url = aws_sqs_queue.alerts_dlq.id
  policy    = data.aws_iam_policy_document.alerts_dlq.json
}

resource "aws_sqs_queue_redrive_allow_policy" "restock_dlq" {
  queue_url = aws_sqs_queue.restock_dlq.id
  redrive_allow_policy = jsonencode({
    redrivePermission = "byQueue"
    sourceQueueArns   = [aws_sqs_queue.restock.arn]
  })
}
