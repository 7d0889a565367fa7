# terraform test for the workflows module: offline, against a mocked AWS provider.
mock_provider "aws" {
  source = "../../tests/mocks/aws" # the shared data-source answers; the blocks below are this test's own

  mock_resource "aws_iam_role" {
    defaults = {
      arn = "arn:aws:iam::123456789012:role/test-workflows"
    }
  }
}

# Every workflow's machine and log group gets an ARN of its own: the rule -> machine wiring is what is under test.
override_resource {
  target = aws_sfn_state_machine.this["order-processing"]
  values = {
    arn = "arn:aws:states:eu-west-1:123456789012:stateMachine:test-order-processing"
  }
}

override_resource {
  target = aws_sfn_state_machine.this["fulfillment"]
  values = {
    arn = "arn:aws:states:eu-west-1:123456789012:stateMachine:test-fulfillment"
  }
}

override_resource {
  target = aws_sfn_state_machine.this["order-compensation"]
  values = {
    arn = "arn:aws:states:eu-west-1:123456789012:stateMachine:test-order-compensation"
  }
}

override_resource {
  target = aws_cloudwatch_log_group.this["order-processing"]
  values = {
    arn = "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/vendedlogs/states/test-order-processing"
  }
}

override_resource {
  target = aws_cloudwatch_log_group.this["fulfillment"]
  values = {
    arn = "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/vendedlogs/states/test-fulfillment"
  }
}

override_resource {
  target = aws_cloudwatch_log_group.this["order-compensation"]
  values = {
    arn = "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/vendedlogs/states/test-order-compensation"
  }
}

override_resource {
  target = aws_iam_role.events
  values = {
    arn = "arn:aws:iam::123456789012:role/test-workflows-events"
  }
}

variables {
  name_prefix = "test"
  orders_table = {
    name = "test-orders"
    arn  = "arn:aws:dynamodb:eu-west-1:123456789012:table/test-orders"
  }
  inventory_table = {
    name = "test-inventory"
    arn  = "arn:aws:dynamodb:eu-west-1:123456789012:table/test-inventory"
  }
  payments_queue = {
    url = "https://sqs.eu-west-1.amazonaws.com/123456789012/test-payments"
    arn = "arn:aws:sqs:eu-west-1:123456789012:test-payments"
  }
  event_bus = {
    name = "test-orders"
    arn  = "arn:aws:events:eu-west-1:123456789012:event-bus/test-orders"
  }
  events_dlq_arn = "arn:aws:sqs:eu-west-1:123456789012:test-events-dlq"
}

run "rules_match_their_pattern_files" {
  assert {
    condition     = toset(keys(aws_cloudwatch_event_rule.this)) == toset(["order-processing", "fulfillment", "order-compensation"])
    error_message = "There must be one rule per workflow."
  }

  assert {
    condition     = alltrue([for r in aws_cloudwatch_event_rule.this : r.event_bus_name == "test-orders"])
    error_message = "The workflow rules must live on the given bus."
  }

  assert {
    condition = jsondecode(aws_cloudwatch_event_rule.this["order-processing"].event_pattern) == jsondecode(templatefile("order_processing.pattern.json", {
      name_prefix = "test"
    }))
    error_message = "The order-processing rule's pattern must be order_processing.pattern.json."
  }

  assert {
    condition = jsondecode(aws_cloudwatch_event_rule.this["fulfillment"].event_pattern) == jsondecode(templatefile("fulfillment.pattern.json", {
      name_prefix = "test"
    }))
    error_message = "The fulfillment rule's pattern must be fulfillment.pattern.json."
  }

  assert {
    condition = jsondecode(aws_cloudwatch_event_rule.this["order-compensation"].event_pattern) == jsondecode(templatefile("order_compensation.pattern.json", {
      name_prefix = "test"
    }))
    error_message = "The order-compensation rule's pattern must be order_compensation.pattern.json."
  }

  assert {
    condition = (
      jsondecode(aws_cloudwatch_event_rule.this["order-processing"].event_pattern).detail.data.NewImage.status == ["PENDING"] &&
      jsondecode(aws_cloudwatch_event_rule.this["fulfillment"].event_pattern).detail.data.NewImage.status == ["PAID"] &&
      jsondecode(aws_cloudwatch_event_rule.this["order-compensation"].event_pattern).detail.data.NewImage.status == ["PAYMENT_FAILED"] &&
      alltrue([for r in aws_cloudwatch_event_rule.this : jsondecode(r.event_pattern).source == ["test.orders.cdc"]])
    )
    error_message = "Each rule must start its workflow on the right order status, from this environment's orders CDC events."
  }
}

run "state_machines_have_valid_definitions_and_the_right_types" {
  assert {
    condition     = alltrue([for m in aws_sfn_state_machine.this : can(jsondecode(m.definition))])
    error_message = "Every state machine definition must be valid JSON."
  }

  assert {
    condition = alltrue([
      for k, f in { "order-processing" = "order_processing", "fulfillment" = "fulfillment", "order-compensation" = "order_compensation" } :
      jsondecode(aws_sfn_state_machine.this[k].definition) == jsondecode(templatefile("${f}.asl.json", {
        name_prefix          = "test"
        orders_table_name    = "test-orders"
        inventory_table_name = "test-inventory"
        payments_queue_url   = "https://sqs.eu-west-1.amazonaws.com/123456789012/test-payments"
        event_bus_name       = "test-orders"
      }))
    ])
    error_message = "Each state machine's definition must be its *.asl.json file."
  }

  assert {
    condition     = alltrue([for m in aws_sfn_state_machine.this : length(regexall("[$][{][A-Za-z_]+[}]", m.definition)) == 0])
    error_message = "No template placeholder may be left in a definition."
  }

  assert {
    condition     = alltrue([for m in aws_sfn_state_machine.this : jsondecode(m.definition).StartAt == "ReadOrder" && contains(keys(jsondecode(m.definition).States), "ReadOrder")])
    error_message = "Every workflow must start at ReadOrder, a state it defines."
  }

  assert {
    condition     = aws_sfn_state_machine.this["order-processing"].type == "EXPRESS"
    error_message = "order-processing must be an EXPRESS state machine."
  }

  assert {
    condition     = aws_sfn_state_machine.this["order-compensation"].type == "EXPRESS"
    error_message = "order-compensation must be an EXPRESS state machine."
  }

  assert {
    condition     = aws_sfn_state_machine.this["fulfillment"].type == "STANDARD"
    error_message = "fulfillment must be a STANDARD state machine."
  }

  assert {
    condition     = jsondecode(aws_sfn_state_machine.this["order-processing"].definition).States.RequestPayment.Parameters.QueueUrl == var.payments_queue.url
    error_message = "order-processing must send payment requests to the payments queue."
  }

  assert {
    condition = alltrue([
      for k, m in aws_sfn_state_machine.this :
      m.logging_configuration[0].log_destination == "${aws_cloudwatch_log_group.this[k].arn}:*" && m.tracing_configuration[0].enabled
    ])
    error_message = "Each state machine must log to its own log group and be traced."
  }

  assert {
    condition     = alltrue([for k, m in aws_sfn_state_machine.this : m.role_arn == aws_iam_role.state_machine[k].arn])
    error_message = "Each state machine must run with its own role."
  }
}

run "rule_targets_start_the_state_machines_with_a_dlq" {
  assert {
    condition = alltrue([
      for k, t in aws_cloudwatch_event_target.this :
      t.rule == aws_cloudwatch_event_rule.this[k].name && t.arn == aws_sfn_state_machine.this[k].arn
    ])
    error_message = "Each rule's target must be its own state machine."
  }

  assert {
    condition     = aws_cloudwatch_event_target.this["fulfillment"].arn == "arn:aws:states:eu-west-1:123456789012:stateMachine:test-fulfillment"
    error_message = "The fulfillment rule must start the fulfillment state machine."
  }

  assert {
    condition     = alltrue([for t in aws_cloudwatch_event_target.this : t.role_arn == aws_iam_role.events.arn && t.event_bus_name == "test-orders"])
    error_message = "The targets must start executions with the workflows-events role, on the given bus."
  }

  assert {
    condition     = alltrue([for t in aws_cloudwatch_event_target.this : t.dead_letter_config[0].arn == var.events_dlq_arn])
    error_message = "Every rule target must dead-letter into the events DLQ."
  }

  assert {
    condition     = alltrue([for t in aws_cloudwatch_event_target.this : t.retry_policy[0].maximum_retry_attempts > 0])
    error_message = "Every rule target must retry."
  }

  assert {
    condition = anytrue([
      for s in data.aws_iam_policy_document.events.statement :
      s.actions == toset(["states:StartExecution"]) && s.resources == toset([for m in aws_sfn_state_machine.this : m.arn])
    ])
    error_message = "The events role may only start these three state machines."
  }
}

run "rejects_an_invalid_name_prefix" {
  command = plan

  variables {
    name_prefix = "x"
  }

  expect_failures = [var.name_prefix]
}

run "rejects_a_payments_queue_without_url" {
  command = plan

  variables {
    payments_queue = {
      url = "test-payments"
      arn = "arn:aws:sqs:eu-west-1:123456789012:test-payments"
    }
  }

  expect_failures = [var.payments_queue]
}

run "rejects_a_bus_that_is_not_eventbridge" {
  command = plan

  variables {
    event_bus = {
      name = "test-orders"
      arn  = "arn:aws:sns:eu-west-1:123456789012:test-orders"
    }
  }

  expect_failures = [var.event_bus]
}
