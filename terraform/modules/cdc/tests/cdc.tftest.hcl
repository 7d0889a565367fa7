# terraform test for the cdc module: offline, against a mocked AWS provider.
mock_provider "aws" {
  source = "../../tests/mocks/aws" # the shared data-source answers; the blocks below are this test's own

  mock_resource "aws_lambda_function" {
    defaults = {
      arn        = "arn:aws:lambda:eu-west-1:123456789012:function:test-cdc-enrich"
      invoke_arn = "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:test-cdc-enrich/invocations"
    }
  }

  mock_resource "aws_iam_role" {
    defaults = {
      arn = "arn:aws:iam::123456789012:role/test-cdc-pipe"
    }
  }

  mock_resource "aws_cloudwatch_log_group" {
    defaults = {
      arn = "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/test-cdc-enrich"
    }
  }

  mock_resource "aws_sqs_queue" {
    defaults = {
      arn = "arn:aws:sqs:eu-west-1:123456789012:test-cdc-pipe-dlq"
      id  = "https://sqs.eu-west-1.amazonaws.com/123456789012/test-cdc-pipe-dlq"
      url = "https://sqs.eu-west-1.amazonaws.com/123456789012/test-cdc-pipe-dlq"
    }
  }
}

# Distinct roles per pipe, so that "each pipe runs with its own role" can fail.
override_resource {
  target = aws_iam_role.pipe["orders"]
  values = {
    arn = "arn:aws:iam::123456789012:role/test-orders-cdc-pipe"
  }
}

override_resource {
  target = aws_iam_role.pipe["inventory"]
  values = {
    arn = "arn:aws:iam::123456789012:role/test-inventory-cdc-pipe"
  }
}

variables {
  name_prefix      = "test"
  artifacts_dir    = "../../tests/fixtures/artifacts"
  common_layer_arn = "arn:aws:lambda:eu-west-1:123456789012:layer:test-common:1"
  event_bus_arn    = "arn:aws:events:eu-west-1:123456789012:event-bus/test-orders"
  sources = {
    orders = {
      stream_arn  = "arn:aws:dynamodb:eu-west-1:123456789012:table/test-orders/stream/2024-01-01T00:00:00.000"
      source      = "test.orders.cdc"
      detail_type = "OrderChanged"
    }
    inventory = {
      stream_arn  = "arn:aws:dynamodb:eu-west-1:123456789012:table/test-inventory/stream/2024-01-01T00:00:00.000"
      source      = "test.inventory.cdc"
      detail_type = "InventoryChanged"
    }
  }
  stream_batch = {
    batch_size = 25
  }
}

run "each_pipe_reads_its_stream_enriches_and_publishes_to_the_bus" {
  assert {
    condition     = toset(keys(aws_pipes_pipe.this)) == toset(["orders", "inventory"])
    error_message = "There must be one pipe per source table (orders, inventory)."
  }

  assert {
    condition     = alltrue([for k, p in aws_pipes_pipe.this : p.source == var.sources[k].stream_arn])
    error_message = "Each pipe's source must be the stream ARN given for it."
  }

  assert {
    condition     = aws_pipes_pipe.this["orders"].source != aws_pipes_pipe.this["inventory"].source
    error_message = "The two pipes must read different streams."
  }

  assert {
    condition     = alltrue([for p in aws_pipes_pipe.this : p.enrichment == module.enrich.function_arn])
    error_message = "Each pipe's enrichment must be the enrichment function."
  }

  assert {
    condition     = alltrue([for p in aws_pipes_pipe.this : p.target == var.event_bus_arn])
    error_message = "Each pipe's target must be the bus."
  }

  assert {
    condition = alltrue([
      for k, p in aws_pipes_pipe.this :
      p.target_parameters[0].eventbridge_event_bus_parameters[0].source == var.sources[k].source &&
      p.target_parameters[0].eventbridge_event_bus_parameters[0].detail_type == var.sources[k].detail_type
    ])
    error_message = "Each pipe must publish with its source's event source and detail-type (the rules match on them)."
  }

  assert {
    condition     = alltrue([for k, p in aws_pipes_pipe.this : p.role_arn == aws_iam_role.pipe[k].arn])
    error_message = "Each pipe must run with its own role."
  }
}

run "pipes_read_from_the_start_in_batches_with_a_dlq" {
  assert {
    condition     = alltrue([for p in aws_pipes_pipe.this : p.source_parameters[0].dynamodb_stream_parameters[0].starting_position == "TRIM_HORIZON"])
    error_message = "The pipes must start at TRIM_HORIZON (no change is skipped)."
  }

  assert {
    condition     = alltrue([for p in aws_pipes_pipe.this : p.source_parameters[0].dynamodb_stream_parameters[0].batch_size == 25])
    error_message = "The pipes' batch size must be var.stream_batch.batch_size."
  }

  assert {
    condition = alltrue([
      for p in aws_pipes_pipe.this :
      p.source_parameters[0].dynamodb_stream_parameters[0].maximum_batching_window_in_seconds == 1 &&
      p.source_parameters[0].dynamodb_stream_parameters[0].maximum_retry_attempts == 10 &&
      p.source_parameters[0].dynamodb_stream_parameters[0].on_partial_batch_item_failure == "AUTOMATIC_BISECT"
    ])
    error_message = "The pipes must default to a 1 s window, 10 retries and bisect failing batches."
  }

  assert {
    condition     = alltrue([for p in aws_pipes_pipe.this : p.source_parameters[0].dynamodb_stream_parameters[0].dead_letter_config[0].arn == aws_sqs_queue.pipe_dlq.arn])
    error_message = "Each pipe must dead-letter undeliverable records into the pipe DLQ."
  }
}

run "each_pipe_role_reads_only_its_own_stream" {
  assert {
    condition = alltrue([
      for k, doc in data.aws_iam_policy_document.pipe :
      anytrue([for s in doc.statement : s.sid == "ReadSourceStream" && s.resources == toset([var.sources[k].stream_arn])])
    ])
    error_message = "Each pipe role may read only its own source stream."
  }

  assert {
    condition = alltrue([
      for doc in data.aws_iam_policy_document.pipe :
      anytrue([for s in doc.statement : s.sid == "InvokeEnrichment" && s.resources == toset([module.enrich.function_arn])]) &&
      anytrue([for s in doc.statement : s.sid == "PublishToBus" && s.actions == toset(["events:PutEvents"]) && s.resources == toset([var.event_bus_arn])]) &&
      anytrue([for s in doc.statement : s.sid == "DeadLetter" && s.resources == toset([aws_sqs_queue.pipe_dlq.arn])])
    ])
    error_message = "Each pipe role may invoke the enrichment function, put events on the bus and dead-letter, nothing more."
  }

  assert {
    condition     = alltrue([for k, p in aws_iam_role_policy.pipe : p.role == aws_iam_role.pipe[k].id && p.policy == data.aws_iam_policy_document.pipe[k].json])
    error_message = "Each pipe policy must be attached to its own role."
  }

  assert {
    condition = anytrue([
      for s in data.aws_iam_policy_document.pipes_assume.statement :
      anytrue([for p in s.principals : contains(p.identifiers, "pipes.amazonaws.com")])
    ])
    error_message = "The pipe roles must be assumable by pipes.amazonaws.com."
  }
}

run "rejects_an_invalid_name_prefix" {
  command = plan

  variables {
    name_prefix = "has space"
  }

  expect_failures = [var.name_prefix]
}

run "rejects_a_table_arn_as_stream_arn" {
  command = plan

  variables {
    sources = {
      orders = {
        stream_arn  = "arn:aws:dynamodb:eu-west-1:123456789012:table/test-orders"
        source      = "test.orders.cdc"
        detail_type = "OrderChanged"
      }
      inventory = {
        stream_arn  = "arn:aws:dynamodb:eu-west-1:123456789012:table/test-inventory/stream/2024-01-01T00:00:00.000"
        source      = "test.inventory.cdc"
        detail_type = "InventoryChanged"
      }
    }
  }

  expect_failures = [var.sources]
}

run "rejects_a_bus_arn_that_is_not_eventbridge" {
  command = plan

  variables {
    event_bus_arn = "arn:aws:sns:eu-west-1:123456789012:test-orders"
  }

  expect_failures = [var.event_bus_arn]
}

run "rejects_an_oversized_batch" {
  command = plan

  variables {
    stream_batch = {
      batch_size = 20000
    }
  }

  expect_failures = [var.stream_batch]
}
