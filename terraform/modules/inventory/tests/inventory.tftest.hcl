# terraform test for the inventory module: offline, against a mocked AWS provider.
mock_provider "aws" {
  source = "../../tests/mocks/aws" # the shared data-source answers; the blocks below are this test's own

  mock_resource "aws_dynamodb_table" {
    defaults = {
      arn        = "arn:aws:dynamodb:eu-west-1:123456789012:table/test-inventory"
      stream_arn = "arn:aws:dynamodb:eu-west-1:123456789012:table/test-inventory/stream/2024-01-01T00:00:00.000"
    }
  }

  mock_resource "aws_kms_key" {
    defaults = {
      arn    = "arn:aws:kms:eu-west-1:123456789012:key/11111111-1111-1111-1111-111111111111"
      key_id = "11111111-1111-1111-1111-111111111111"
    }
  }

  mock_resource "aws_sns_topic" {
    defaults = {
      arn = "arn:aws:sns:eu-west-1:123456789012:test-inventory-alerts"
    }
  }

  mock_resource "aws_cloudwatch_event_rule" {
    defaults = {
      arn = "arn:aws:events:eu-west-1:123456789012:rule/test-orders/test-inventory-low-stock"
    }
  }
}

override_resource {
  target = aws_sqs_queue.restock
  values = {
    arn = "arn:aws:sqs:eu-west-1:123456789012:test-restock"
    id  = "https://sqs.eu-west-1.amazonaws.com/123456789012/test-restock"
    url = "https://sqs.eu-west-1.amazonaws.com/123456789012/test-restock"
  }
}

override_resource {
  target = aws_sqs_queue.restock_dlq
  values = {
    arn = "arn:aws:sqs:eu-west-1:123456789012:test-restock-dlq"
    id  = "https://sqs.eu-west-1.amazonaws.com/123456789012/test-restock-dlq"
    url = "https://sqs.eu-west-1.amazonaws.com/123456789012/test-restock-dlq"
  }
}

override_resource {
  target = aws_sqs_queue.alerts_dlq
  values = {
    arn = "arn:aws:sqs:eu-west-1:123456789012:test-inventory-alerts-dlq"
    id  = "https://sqs.eu-west-1.amazonaws.com/123456789012/test-inventory-alerts-dlq"
    url = "https://sqs.eu-west-1.amazonaws.com/123456789012/test-inventory-alerts-dlq"
  }
}

variables {
  name_prefix         = "test"
  event_bus_name      = "test-orders"
  events_dlq_arn      = "arn:aws:sqs:eu-west-1:123456789012:test-events-dlq"
  low_stock_threshold = 3
}

run "table_streams_new_and_old_images" {
  assert {
    condition     = aws_dynamodb_table.this.name == "test-inventory" && aws_dynamodb_table.this.stream_enabled
    error_message = "The inventory table <name_prefix>-inventory must have a stream."
  }

  assert {
    condition     = aws_dynamodb_table.this.stream_view_type == "NEW_AND_OLD_IMAGES"
    error_message = "The stream must carry NEW_AND_OLD_IMAGES (the low-stock rule compares old and new stock)."
  }

  assert {
    condition     = aws_dynamodb_table.this.point_in_time_recovery[0].enabled && aws_dynamodb_table.this.server_side_encryption[0].enabled
    error_message = "The table must have PITR and server-side encryption."
  }

  assert {
    condition     = output.inventory_table_stream_arn == aws_dynamodb_table.this.stream_arn
    error_message = "inventory_table_stream_arn must be the table's stream ARN."
  }
}

run "low_stock_rule_matches_the_pattern_file_and_targets_the_topic" {
  assert {
    condition     = aws_cloudwatch_event_rule.low_stock.event_bus_name == "test-orders"
    error_message = "The low-stock rule must live on the given bus."
  }

  assert {
    condition = jsondecode(aws_cloudwatch_event_rule.low_stock.event_pattern) == jsondecode(templatefile("low_stock.pattern.json", {
      name_prefix = "test"
      threshold   = 3
    }))
    error_message = "The low-stock rule's pattern must be low_stock.pattern.json rendered with name_prefix and the threshold."
  }

  assert {
    condition = (
      jsondecode(aws_cloudwatch_event_rule.low_stock.event_pattern).source == ["test.inventory.cdc"] &&
      jsondecode(aws_cloudwatch_event_rule.low_stock.event_pattern).detail.data.NewImage.available == [{ numeric = ["<", 3] }] &&
      jsondecode(aws_cloudwatch_event_rule.low_stock.event_pattern).detail.data.OldImage.available == [{ numeric = [">=", 3] }]
    )
    error_message = "The rule must match inventory CDC events whose stock crosses from >= threshold to below it."
  }

  assert {
    condition = (
      aws_cloudwatch_event_target.low_stock.rule == aws_cloudwatch_event_rule.low_stock.name &&
      aws_cloudwatch_event_target.low_stock.event_bus_name == "test-orders" &&
      aws_cloudwatch_event_target.low_stock.arn == aws_sns_topic.alerts.arn
    )
    error_message = "The low-stock rule's target must be the alerts topic."
  }

  assert {
    condition     = aws_cloudwatch_event_target.low_stock.dead_letter_config[0].arn == var.events_dlq_arn
    error_message = "Undeliverable alerts must go to the events DLQ."
  }
}

run "alerts_topic_fans_out_to_the_restock_queue" {
  assert {
    condition = (
      aws_sns_topic_subscription.restock.topic_arn == aws_sns_topic.alerts.arn &&
      aws_sns_topic_subscription.restock.protocol == "sqs" &&
      aws_sns_topic_subscription.restock.endpoint == aws_sqs_queue.restock.arn
    )
    error_message = "The restock queue must be subscribed (sqs) to the alerts topic."
  }

  assert {
    condition = anytrue([
      for s in data.aws_iam_policy_document.restock.statement :
      s.actions == toset(["sqs:SendMessage"]) && s.resources == toset([aws_sqs_queue.restock.arn]) &&
      anytrue([for c in s.condition : c.variable == "aws:SourceArn" && contains(c.values, aws_sns_topic.alerts.arn)])
    ])
    error_message = "The restock queue policy must let (only) the alerts topic send to it."
  }

  assert {
    condition     = aws_sqs_queue_policy.restock.queue_url == aws_sqs_queue.restock.id
    error_message = "The queue policy must be attached to the restock queue."
  }

  assert {
    condition     = jsondecode(aws_sqs_queue.restock.redrive_policy).deadLetterTargetArn == aws_sqs_queue.restock_dlq.arn
    error_message = "The restock queue must dead-letter into the restock DLQ."
  }

  assert {
    condition = anytrue([
      for s in data.aws_iam_policy_document.alerts_topic.statement :
      s.actions == toset(["sns:Publish"]) &&
      anytrue([for c in s.condition : c.variable == "aws:SourceArn" && contains(c.values, aws_cloudwatch_event_rule.low_stock.arn)])
    ])
    error_message = "The topic policy must let (only) the low-stock rule publish."
  }

  assert {
    condition     = jsondecode(aws_sns_topic_subscription.restock.redrive_policy).deadLetterTargetArn == aws_sqs_queue.alerts_dlq.arn
    error_message = "Alerts SNS cannot deliver to the restock queue must dead-letter into the alerts DLQ."
  }

  assert {
    condition = anytrue([
      for s in data.aws_iam_policy_document.alerts_dlq.statement :
      s.resources == toset([aws_sqs_queue.alerts_dlq.arn]) &&
      anytrue([for c in s.condition : c.variable == "aws:SourceArn" && contains(c.values, aws_sns_topic.alerts.arn)])
    ]) && aws_sqs_queue_policy.alerts_dlq.queue_url == aws_sqs_queue.alerts_dlq.id
    error_message = "Only the alerts topic may send to the alerts DLQ."
  }

  assert {
    condition     = length(aws_sns_topic_subscription.email) == 0
    error_message = "No e-mail subscription without alert_email."
  }
}

run "topic_gets_its_own_key_without_a_customer_key" {
  assert {
    condition     = length(aws_kms_key.alerts) == 1 && aws_sns_topic.alerts.kms_master_key_id == aws_kms_key.alerts[0].arn
    error_message = "Without kms_key_arn the topic must be encrypted with the module's own key (EventBridge cannot use the AWS managed key)."
  }

  assert {
    condition     = aws_kms_key.alerts[0].enable_key_rotation
    error_message = "The module's key must rotate."
  }
}

run "email_subscription_and_customer_key" {
  command = plan

  variables {
    alert_email = "ops@example.com"
    kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:key/00000000-0000-0000-0000-000000000000"
  }

  assert {
    condition     = length(aws_sns_topic_subscription.email) == 1 && aws_sns_topic_subscription.email[0].protocol == "email" && aws_sns_topic_subscription.email[0].endpoint == "ops@example.com"
    error_message = "alert_email must be subscribed to the alerts topic."
  }

  assert {
    condition     = jsondecode(aws_sns_topic_subscription.email[0].redrive_policy).deadLetterTargetArn == "arn:aws:sqs:eu-west-1:123456789012:test-inventory-alerts-dlq"
    error_message = "Bounced e-mail alerts must dead-letter into the alerts DLQ."
  }

  assert {
    condition     = length(aws_kms_key.alerts) == 0 && aws_sns_topic.alerts.kms_master_key_id == var.kms_key_arn
    error_message = "With kms_key_arn the topic uses that key and the module creates none."
  }
}

run "rejects_an_invalid_name_prefix" {
  command = plan

  variables {
    name_prefix = "9lives"
  }

  expect_failures = [var.name_prefix]
}

run "rejects_a_dlq_that_is_not_sqs" {
  command = plan

  variables {
    events_dlq_arn = "arn:aws:sns:eu-west-1:123456789012:not-a-queue"
  }

  expect_failures = [var.events_dlq_arn]
}

run "rejects_a_zero_threshold" {
  command = plan

  variables {
    low_stock_threshold = 0
  }

  expect_failures = [var.low_stock_threshold]
}

run "rejects_a_malformed_email" {
  command = plan

  variables {
    alert_email = "ops-at-example"
  }

  expect_failures = [var.alert_email]
}
