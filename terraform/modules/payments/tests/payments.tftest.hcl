# terraform test for the payments module: offline, against a mocked AWS provider.
mock_provider "aws" {
  source = "../../tests/mocks/aws" # the shared data-source answers; the blocks below are this test's own
  mock_resource "aws_lambda_function" {
    defaults = {
      arn        = "arn:aws:lambda:eu-west-1:123456789012:function:test-payments"
      invoke_arn = "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:test-payments/invocations"
    }
  }

  mock_resource "aws_iam_role" {
    defaults = {
      arn = "arn:aws:iam::123456789012:role/test-payments-role"
    }
  }

  mock_resource "aws_cloudwatch_log_group" {
    defaults = {
      arn = "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/test-payments"
    }
  }

  mock_resource "aws_dynamodb_table" {
    defaults = {
      arn = "arn:aws:dynamodb:eu-west-1:123456789012:table/test-idempotency"
    }
  }

  mock_resource "aws_secretsmanager_secret" {
    defaults = {
      arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:test-payment-provider-AbCdEf"
    }
  }

}

# The two queues must not share a mocked ARN/URL: the redrive wiring is what is under test.
override_resource {
  target = aws_sqs_queue.this
  values = {
    arn = "arn:aws:sqs:eu-west-1:123456789012:test-payments"
    id  = "https://sqs.eu-west-1.amazonaws.com/123456789012/test-payments"
    url = "https://sqs.eu-west-1.amazonaws.com/123456789012/test-payments"
  }
}

override_resource {
  target = aws_sqs_queue.dlq
  values = {
    arn = "arn:aws:sqs:eu-west-1:123456789012:test-payments-dlq"
    id  = "https://sqs.eu-west-1.amazonaws.com/123456789012/test-payments-dlq"
    url = "https://sqs.eu-west-1.amazonaws.com/123456789012/test-payments-dlq"
  }
}

variables {
  name_prefix      = "test"
  artifacts_dir    = "../../tests/fixtures/artifacts"
  common_layer_arn = "arn:aws:lambda:eu-west-1:123456789012:layer:test-common:1"
  orders_table = {
    name = "test-orders"
    arn  = "arn:aws:dynamodb:eu-west-1:123456789012:table/test-orders"
  }
  inventory_table = {
    name = "test-inventory"
    arn  = "arn:aws:dynamodb:eu-west-1:123456789012:table/test-inventory"
  }
  provider_url     = "http://127.0.0.1:8900"
  provider_api_key = "test-key"
  max_concurrency  = 7
  function_timeout = 45
}

run "payments_queue_redrives_to_its_dlq_after_ten_receives" {
  assert {
    condition     = jsondecode(aws_sqs_queue.this.redrive_policy).maxReceiveCount == 10
    error_message = "The payments queue must move a message to the DLQ after 10 receives (maxReceiveCount = 10)."
  }

  assert {
    condition     = jsondecode(aws_sqs_queue.this.redrive_policy).deadLetterTargetArn == aws_sqs_queue.dlq.arn
    error_message = "The payments queue's dead-letter target must be the payments DLQ."
  }

  assert {
    condition     = aws_sqs_queue.dlq.message_retention_seconds == 1209600
    error_message = "The DLQ must keep messages for the maximum 14 days."
  }

  assert {
    condition = (
      aws_sqs_queue_redrive_allow_policy.dlq.queue_url == aws_sqs_queue.dlq.id &&
      jsondecode(aws_sqs_queue_redrive_allow_policy.dlq.redrive_allow_policy).redrivePermission == "byQueue" &&
      jsondecode(aws_sqs_queue_redrive_allow_policy.dlq.redrive_allow_policy).sourceQueueArns == [aws_sqs_queue.this.arn]
    )
    error_message = "Only the payments queue may use the payments DLQ (redrive allow policy byQueue)."
  }

  assert {
    condition     = output.payments_queue_url == aws_sqs_queue.this.url && output.payments_dlq_arn == aws_sqs_queue.dlq.arn
    error_message = "The outputs must expose the queue URL and the DLQ ARN."
  }
}

run "visibility_timeout_covers_the_function_timeout" {
  assert {
    condition     = aws_sqs_queue.this.visibility_timeout_seconds >= 6 * var.function_timeout
    error_message = "The visibility timeout must be at least six times the function timeout (AWS guidance for SQS sources)."
  }

  assert {
    condition     = aws_sqs_queue.this.visibility_timeout_seconds == 270
    error_message = "With function_timeout = 45 the visibility timeout must be 270 s."
  }
}

run "event_source_mapping_reports_partial_failures_and_caps_concurrency" {
  assert {
    condition     = aws_lambda_event_source_mapping.this.event_source_arn == aws_sqs_queue.this.arn
    error_message = "The mapping must read the payments queue."
  }

  assert {
    condition     = aws_lambda_event_source_mapping.this.function_name == module.function.function_arn
    error_message = "The mapping must invoke the payments function."
  }

  assert {
    condition     = aws_lambda_event_source_mapping.this.function_response_types == toset(["ReportBatchItemFailures"])
    error_message = "The mapping must use function_response_types = [\"ReportBatchItemFailures\"] (partial batch failures)."
  }

  assert {
    condition     = aws_lambda_event_source_mapping.this.scaling_config[0].maximum_concurrency == 7
    error_message = "scaling_config.maximum_concurrency must be var.max_concurrency (protects the throttled provider)."
  }

  assert {
    condition     = aws_lambda_event_source_mapping.this.batch_size == 10
    error_message = "The mapping must consume batches of 10."
  }
}

run "function_may_touch_only_its_own_resources" {
  assert {
    condition = anytrue([
      for s in local.function_policy_statements :
      s.sid == "ConsumePaymentRequests" && s.resources == [aws_sqs_queue.this.arn] && contains(s.actions, "sqs:DeleteMessage")
    ])
    error_message = "The function must be allowed to consume the payments queue (and only it)."
  }

  assert {
    condition = anytrue([
      for s in local.function_policy_statements :
      s.sid == "ReadProviderSecret" && s.resources == [aws_secretsmanager_secret.provider.arn] && s.actions == ["secretsmanager:GetSecretValue"]
    ])
    error_message = "The function must read only the provider secret."
  }

  assert {
    condition     = jsondecode(aws_secretsmanager_secret_version.provider.secret_string).apiKey == "test-key"
    error_message = "The secret must hold {\"apiKey\": var.provider_api_key}."
  }

  assert {
    condition     = aws_dynamodb_table.idempotency.hash_key == "id" && aws_dynamodb_table.idempotency.ttl[0].attribute_name == "expiration" && aws_dynamodb_table.idempotency.ttl[0].enabled
    error_message = "The idempotency table is keyed by id and expires records by the Powertools `expiration` attribute."
  }

  assert {
    condition     = aws_dynamodb_table.idempotency.point_in_time_recovery[0].enabled && aws_dynamodb_table.idempotency.server_side_encryption[0].enabled
    error_message = "The idempotency records must be restorable (PITR) and encrypted."
  }

  assert {
    condition     = length([for s in local.function_policy_statements : s if s.sid == "DecryptMessagesAndSecret"]) == 0
    error_message = "Without kms_key_arn there is no KMS statement."
  }
}

run "customer_managed_key_encrypts_queues" {
  command = plan

  variables {
    kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:key/00000000-0000-0000-0000-000000000000"
  }

  assert {
    condition     = aws_sqs_queue.this.kms_master_key_id == var.kms_key_arn && aws_sqs_queue.dlq.kms_master_key_id == var.kms_key_arn
    error_message = "With kms_key_arn both queues must be encrypted with it."
  }

  assert {
    condition     = anytrue([for s in local.function_policy_statements : s.sid == "DecryptMessagesAndSecret" && s.resources == [var.kms_key_arn]])
    error_message = "With kms_key_arn the function may decrypt with that key."
  }
}

run "rejects_an_invalid_name_prefix" {
  command = plan

  variables {
    name_prefix = "-dev"
  }

  expect_failures = [var.name_prefix]
}

run "rejects_a_max_concurrency_below_two" {
  command = plan

  variables {
    max_concurrency = 1
  }

  expect_failures = [var.max_concurrency]
}

run "rejects_a_table_that_is_not_a_dynamodb_arn" {
  command = plan

  variables {
    orders_table = {
      name = "test-orders"
      arn  = "arn:aws:sqs:eu-west-1:123456789012:test-orders"
    }
  }

  expect_failures = [var.orders_table]
}

run "rejects_a_provider_url_that_is_not_http" {
  command = plan

  variables {
    provider_url = "ftp://provider"
  }

  expect_failures = [var.provider_url]
}
