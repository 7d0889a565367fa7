# terraform test for the platform composition: offline, against a mocked AWS provider.
#
# Terraform test can only see the platform's own outputs and its child modules' outputs, not the resources inside
# the children. The cross-module wiring is checked two ways:
#   - outputs that must come from a particular child resource (asserted against that resource's mocked ARN/URL);
#   - every child module validates the ARNs it is given (DynamoDB *stream* ARN for the pipes, EventBridge ARN for
#     the bus, SQS ARN for dead-letter queues, layer *version* ARN, ...). The "wired" run applies with realistic,
#     distinct ARNs for each resource, so wiring the wrong output into a module (the table ARN where the stream
#     ARN belongs, the DLQ where the bus belongs) fails that run.
mock_provider "aws" {
  source = "../../tests/mocks/aws" # the shared data-source answers; the blocks below are this test's own

  # Type-wide defaults: syntactically valid ARNs for everything the provider validates as an ARN.
  mock_resource "aws_iam_role" {
    defaults = {
      arn = "arn:aws:iam::123456789012:role/test-role"
    }
  }

  mock_resource "aws_cloudwatch_log_group" {
    defaults = {
      arn = "arn:aws:logs:eu-west-1:123456789012:log-group:/test/log-group"
    }
  }

  mock_resource "aws_sqs_queue" {
    defaults = {
      arn = "arn:aws:sqs:eu-west-1:123456789012:test-queue"
      id  = "https://sqs.eu-west-1.amazonaws.com/123456789012/test-queue"
      url = "https://sqs.eu-west-1.amazonaws.com/123456789012/test-queue"
    }
  }

  mock_resource "aws_sns_topic" {
    defaults = {
      arn = "arn:aws:sns:eu-west-1:123456789012:test-inventory-alerts"
    }
  }

  mock_resource "aws_kms_key" {
    defaults = {
      arn    = "arn:aws:kms:eu-west-1:123456789012:key/11111111-1111-1111-1111-111111111111"
      key_id = "11111111-1111-1111-1111-111111111111"
    }
  }

  mock_resource "aws_cloudwatch_event_rule" {
    defaults = {
      arn = "arn:aws:events:eu-west-1:123456789012:rule/test-orders/test-rule"
    }
  }

  mock_resource "aws_lambda_function" {
    defaults = {
      arn        = "arn:aws:lambda:eu-west-1:123456789012:function:test-function"
      invoke_arn = "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:test-function/invocations"
    }
  }

  mock_resource "aws_secretsmanager_secret" {
    defaults = {
      arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:test-payment-provider-AbCdEf"
    }
  }

  mock_resource "aws_sfn_state_machine" {
    defaults = {
      arn = "arn:aws:states:eu-west-1:123456789012:stateMachine:test-workflow"
    }
  }
}

# Distinct ARNs for the resources whose outputs feed other modules.
override_resource {
  target = module.common_layer.aws_lambda_layer_version.this
  values = {
    arn       = "arn:aws:lambda:eu-west-1:123456789012:layer:test-common:4"
    layer_arn = "arn:aws:lambda:eu-west-1:123456789012:layer:test-common"
    version   = "4"
  }
}

override_resource {
  target = module.bus.aws_cloudwatch_event_bus.this
  values = {
    arn = "arn:aws:events:eu-west-1:123456789012:event-bus/test-orders"
  }
}

override_resource {
  target = module.bus.aws_sqs_queue.events_dlq
  values = {
    arn = "arn:aws:sqs:eu-west-1:123456789012:test-events-dlq"
    id  = "https://sqs.eu-west-1.amazonaws.com/123456789012/test-events-dlq"
    url = "https://sqs.eu-west-1.amazonaws.com/123456789012/test-events-dlq"
  }
}

override_resource {
  target = module.orders.aws_dynamodb_table.this
  values = {
    arn        = "arn:aws:dynamodb:eu-west-1:123456789012:table/test-orders"
    stream_arn = "arn:aws:dynamodb:eu-west-1:123456789012:table/test-orders/stream/2024-01-01T00:00:00.000"
  }
}

override_resource {
  target = module.inventory.aws_dynamodb_table.this
  values = {
    arn        = "arn:aws:dynamodb:eu-west-1:123456789012:table/test-inventory"
    stream_arn = "arn:aws:dynamodb:eu-west-1:123456789012:table/test-inventory/stream/2024-01-01T00:00:00.000"
  }
}

override_resource {
  target = module.payments.aws_dynamodb_table.idempotency
  values = {
    arn = "arn:aws:dynamodb:eu-west-1:123456789012:table/test-idempotency"
  }
}

override_resource {
  target = module.payments.aws_sqs_queue.this
  values = {
    arn = "arn:aws:sqs:eu-west-1:123456789012:test-payments"
    id  = "https://sqs.eu-west-1.amazonaws.com/123456789012/test-payments"
    url = "https://sqs.eu-west-1.amazonaws.com/123456789012/test-payments"
  }
}

override_resource {
  target = module.cdc.aws_sqs_queue.pipe_dlq
  values = {
    arn = "arn:aws:sqs:eu-west-1:123456789012:test-cdc-pipe-dlq"
    id  = "https://sqs.eu-west-1.amazonaws.com/123456789012/test-cdc-pipe-dlq"
    url = "https://sqs.eu-west-1.amazonaws.com/123456789012/test-cdc-pipe-dlq"
  }
}

override_resource {
  target = module.bus.aws_cloudwatch_event_archive.this
  values = {
    arn = "arn:aws:events:eu-west-1:123456789012:archive/test-orders"
  }
}

override_resource {
  target = module.payments.aws_sqs_queue.dlq
  values = {
    arn = "arn:aws:sqs:eu-west-1:123456789012:test-payments-dlq"
    id  = "https://sqs.eu-west-1.amazonaws.com/123456789012/test-payments-dlq"
    url = "https://sqs.eu-west-1.amazonaws.com/123456789012/test-payments-dlq"
  }
}

override_resource {
  target = module.inventory.aws_sqs_queue.restock
  values = {
    arn = "arn:aws:sqs:eu-west-1:123456789012:test-restock"
    id  = "https://sqs.eu-west-1.amazonaws.com/123456789012/test-restock"
    url = "https://sqs.eu-west-1.amazonaws.com/123456789012/test-restock"
  }
}

override_resource {
  target = module.inventory.aws_sqs_queue.restock_dlq
  values = {
    arn = "arn:aws:sqs:eu-west-1:123456789012:test-restock-dlq"
    id  = "https://sqs.eu-west-1.amazonaws.com/123456789012/test-restock-dlq"
    url = "https://sqs.eu-west-1.amazonaws.com/123456789012/test-restock-dlq"
  }
}

override_resource {
  target = module.inventory.aws_sqs_queue.alerts_dlq
  values = {
    arn = "arn:aws:sqs:eu-west-1:123456789012:test-inventory-alerts-dlq"
    id  = "https://sqs.eu-west-1.amazonaws.com/123456789012/test-inventory-alerts-dlq"
    url = "https://sqs.eu-west-1.amazonaws.com/123456789012/test-inventory-alerts-dlq"
  }
}

variables {
  name_prefix      = "test"
  artifacts_dir    = "../../tests/fixtures/artifacts"
  provider_url     = "http://127.0.0.1:8900"
  provider_api_key = "test-key"
}

run "composes_with_a_mocked_provider" {
  command = plan

  assert {
    condition     = output.event_bus_name == "test-orders" && output.orders_table_name == "test-orders" && output.inventory_table_name == "test-inventory"
    error_message = "The platform must compose the bus and both tables, named after name_prefix."
  }

  assert {
    condition     = output.cdc_pipe_names == ["test-orders-cdc", "test-inventory-cdc"]
    error_message = "The platform must compose one CDC pipe per table."
  }

  assert {
    condition     = output.workflow_rule_names == { "order-processing" = "test-order-processing", "fulfillment" = "test-fulfillment", "order-compensation" = "test-order-compensation" }
    error_message = "The platform must compose the three workflows."
  }

  assert {
    condition     = local.tags["Project"] == "order-platform" && local.tags["Environment"] == "test"
    error_message = "Every resource must be tagged with the project and the environment."
  }
}

run "wires_each_module_to_the_resources_it_needs" {
  # Applying runs every child module's input validation on these realistic ARNs (see the top of this file).
  assert {
    condition     = output.event_bus_arn == "arn:aws:events:eu-west-1:123456789012:event-bus/test-orders"
    error_message = "event_bus_arn must be the bus module's bus."
  }

  assert {
    condition     = output.common_layer_arn == "arn:aws:lambda:eu-west-1:123456789012:layer:test-common:4"
    error_message = "The functions must get the layer *version* ARN."
  }

  assert {
    condition     = output.payments_queue_url == "https://sqs.eu-west-1.amazonaws.com/123456789012/test-payments" && output.events_dlq_url == "https://sqs.eu-west-1.amazonaws.com/123456789012/test-events-dlq"
    error_message = "payments_queue_url must be the payments queue and events_dlq_url the bus module's DLQ."
  }

  assert {
    condition     = output.cdc_pipe_dlq_url == "https://sqs.eu-west-1.amazonaws.com/123456789012/test-cdc-pipe-dlq"
    error_message = "cdc_pipe_dlq_url must be the cdc module's DLQ."
  }

  assert {
    condition     = output.idempotency_table_name == "test-idempotency" && output.provider_secret_arn == "arn:aws:secretsmanager:eu-west-1:123456789012:secret:test-payment-provider-AbCdEf"
    error_message = "The payments outputs must come from the payments module."
  }

  assert {
    condition     = toset(keys(output.state_machine_arns)) == toset(["order-processing", "fulfillment", "order-compensation"])
    error_message = "state_machine_arns must list the three workflows."
  }

  assert {
    condition     = output.cdc_function_name == "test-cdc-enrich" && output.payments_function_name == "test-payments"
    error_message = "The platform must deploy the cdc and payments functions."
  }
}

run "operations_policy_covers_every_dlq_the_archive_and_the_bus" {
  assert {
    condition = anytrue([
      for s in data.aws_iam_policy_document.operations.statement :
      s.sid == "RedriveDeadLetterQueues" && s.resources == toset([
        "arn:aws:sqs:eu-west-1:123456789012:test-payments-dlq",
        "arn:aws:sqs:eu-west-1:123456789012:test-cdc-pipe-dlq",
        "arn:aws:sqs:eu-west-1:123456789012:test-events-dlq",
        "arn:aws:sqs:eu-west-1:123456789012:test-restock-dlq",
        "arn:aws:sqs:eu-west-1:123456789012:test-inventory-alerts-dlq",
      ])
    ])
    error_message = "Operators must be able to redrive exactly the five dead-letter queues (payments, cdc, events, restock, alerts)."
  }

  assert {
    condition = anytrue([
      for s in data.aws_iam_policy_document.operations.statement :
      s.sid == "RedriveToTheSourceQueue" && s.resources == toset([
        "arn:aws:sqs:eu-west-1:123456789012:test-payments",
        "arn:aws:sqs:eu-west-1:123456789012:test-restock",
      ])
    ])
    error_message = "A redrive may send back only to the payments and restock queues."
  }

  assert {
    condition = anytrue([
      for s in data.aws_iam_policy_document.operations.statement :
      s.sid == "ReplayTheArchive" && s.resources == toset([
        "arn:aws:events:eu-west-1:123456789012:archive/test-orders",
        "arn:aws:events:eu-west-1:123456789012:replay/test-*",
      ])
    ])
    error_message = "Operators may replay the bus module's archive, into replays named after the environment."
  }

  assert {
    condition = anytrue([
      for s in data.aws_iam_policy_document.operations.statement :
      s.sid == "ReplayIntoTheBus" && s.resources == toset(["arn:aws:events:eu-west-1:123456789012:event-bus/test-orders"])
    ])
    error_message = "Replays go into the bus module's bus."
  }

  assert {
    condition     = aws_iam_policy.operations.policy == data.aws_iam_policy_document.operations.json && aws_iam_policy.operations.name == "test-order-platform-operations"
    error_message = "The operations policy must be the operations document."
  }
}

run "rejects_an_invalid_name_prefix" {
  command = plan

  variables {
    name_prefix = "Test"
  }

  expect_failures = [var.name_prefix]
}

run "rejects_a_payments_concurrency_below_two" {
  command = plan

  variables {
    payments_max_concurrency = 1
  }

  expect_failures = [var.payments_max_concurrency]
}

run "rejects_an_empty_provider_api_key" {
  command = plan

  variables {
    provider_api_key = ""
  }

  expect_failures = [var.provider_api_key]
}
