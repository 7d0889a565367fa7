# terraform test for the bus module: offline, against a mocked AWS provider.
mock_provider "aws" {
  source = "../../tests/mocks/aws" # the shared data-source answers; the blocks below are this test's own

  mock_resource "aws_cloudwatch_event_bus" {
    defaults = {
      arn = "arn:aws:events:eu-west-1:123456789012:event-bus/test-orders"
    }
  }

  mock_resource "aws_cloudwatch_event_rule" {
    defaults = {
      arn = "arn:aws:events:eu-west-1:123456789012:rule/test-orders/test-orders-audit"
    }
  }

  mock_resource "aws_cloudwatch_log_group" {
    defaults = {
      arn = "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/events/test-orders"
    }
  }

  mock_resource "aws_sqs_queue" {
    defaults = {
      arn = "arn:aws:sqs:eu-west-1:123456789012:test-events-dlq"
      id  = "https://sqs.eu-west-1.amazonaws.com/123456789012/test-events-dlq"
      url = "https://sqs.eu-west-1.amazonaws.com/123456789012/test-events-dlq"
    }
  }
}

variables {
  name_prefix            = "test"
  archive_retention_days = 30
}

run "every_event_is_archived_for_replay" {
  assert {
    condition     = aws_cloudwatch_event_bus.this.name == "test-orders"
    error_message = "The bus must be named <name_prefix>-orders."
  }

  assert {
    condition     = aws_cloudwatch_event_archive.this.event_source_arn == aws_cloudwatch_event_bus.this.arn
    error_message = "The archive must archive the module's bus."
  }

  assert {
    condition     = aws_cloudwatch_event_archive.this.event_pattern == null || aws_cloudwatch_event_archive.this.event_pattern == ""
    error_message = "The archive must keep every event (no event pattern)."
  }

  assert {
    condition     = aws_cloudwatch_event_archive.this.retention_days == 30
    error_message = "The archive must keep events for var.archive_retention_days."
  }
}

run "catch_all_rule_sends_every_event_to_the_audit_log_group" {
  assert {
    condition     = aws_cloudwatch_event_rule.catch_all.event_bus_name == aws_cloudwatch_event_bus.this.name
    error_message = "The catch-all rule must live on the module's bus."
  }

  assert {
    condition     = jsondecode(aws_cloudwatch_event_rule.catch_all.event_pattern) == jsondecode(file("catch_all.pattern.json"))
    error_message = "The catch-all rule's pattern must be catch_all.pattern.json."
  }

  assert {
    condition     = jsondecode(aws_cloudwatch_event_rule.catch_all.event_pattern) == { source = [{ prefix = "" }] }
    error_message = "The catch-all pattern must match every event (source prefix \"\")."
  }

  assert {
    condition = (
      aws_cloudwatch_event_target.catch_all_logs.rule == aws_cloudwatch_event_rule.catch_all.name &&
      aws_cloudwatch_event_target.catch_all_logs.event_bus_name == aws_cloudwatch_event_bus.this.name &&
      aws_cloudwatch_event_target.catch_all_logs.arn == aws_cloudwatch_log_group.events.arn
    )
    error_message = "The catch-all rule's target must be the audit log group."
  }

  assert {
    condition     = aws_cloudwatch_log_group.events.name == "/aws/events/test-orders"
    error_message = "EventBridge log-group targets must live under /aws/events/."
  }

  assert {
    condition     = aws_cloudwatch_event_target.catch_all_logs.dead_letter_config[0].arn == aws_sqs_queue.events_dlq.arn
    error_message = "Undeliverable audit events must go to the events DLQ."
  }
}

run "only_this_bus_may_write_the_audit_log_and_the_dlq" {
  assert {
    condition = anytrue([
      for s in data.aws_iam_policy_document.events_to_logs.statement :
      s.resources == toset(["arn:aws:logs:eu-west-1:123456789012:log-group:/aws/events/test-orders:*"]) &&
      anytrue([for p in s.principals : contains(p.identifiers, "events.amazonaws.com")]) &&
      anytrue([for c in s.condition : c.variable == "aws:SourceArn" && contains(c.values, aws_cloudwatch_event_rule.catch_all.arn)])
    ])
    error_message = "The log resource policy must let only the catch-all rule write the audit log group."
  }

  assert {
    condition     = aws_cloudwatch_log_resource_policy.events.policy_document == data.aws_iam_policy_document.events_to_logs.json
    error_message = "The log resource policy must be the events_to_logs document."
  }

  assert {
    condition = anytrue([
      for s in data.aws_iam_policy_document.events_dlq.statement :
      s.actions == toset(["sqs:SendMessage"]) && s.resources == toset([aws_sqs_queue.events_dlq.arn]) &&
      anytrue([for c in s.condition : c.variable == "aws:SourceArn" && contains(c.values, "arn:aws:events:eu-west-1:123456789012:rule/test-orders/*") && length(c.values) == 1])
    ])
    error_message = "Only rules on this bus may dead-letter into the events DLQ."
  }

  assert {
    condition     = aws_sqs_queue_policy.events_dlq.queue_url == aws_sqs_queue.events_dlq.id
    error_message = "The DLQ policy must be attached to the events DLQ."
  }
}

run "rejects_an_invalid_name_prefix" {
  command = plan

  variables {
    name_prefix = "UPPER"
  }

  expect_failures = [var.name_prefix]
}

run "rejects_a_fractional_archive_retention" {
  command = plan

  variables {
    archive_retention_days = 1.5
  }

  expect_failures = [var.archive_retention_days]
}
