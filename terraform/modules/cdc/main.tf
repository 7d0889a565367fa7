locals {
  pipes = {
    orders    = var.sources.orders
    inventory = var.sources.inventory
  }
}

# The enrichment function turns a batch of raw stream records into the platform's CDC envelope
# ({meta, data: {pk, sk, eventName, eventType, NewImage?, OldImage?}}, images unmarshalled).
module "enrich" {
  source = "../lambda_function"

  name_prefix        = var.name_prefix
  name               = "cdc-enrich"
  description        = "Pipes enrichment: DynamoDB stream records to CDC events."
  filename           = "${var.artifacts_dir}/cdc.zip"
  handler            = "cdc.handlers.enrich_stream_records.lambda_handler"
  layers             = [var.common_layer_arn]
  memory_size        = 256
  timeout            = 30
  log_retention_days = var.log_retention_days
  kms_key_arn        = var.kms_key_arn
  environment_variables = {
    POWERTOOLS_SERVICE_NAME      = "cdc"
    POWERTOOLS_METRICS_NAMESPACE = "OrderPlatform"
  }

  tags = var.tags
}

# Records a pipe could not deliver after its retries (stream metadata only: fetch the record by its sequence number).
resource "aws_sqs_queue" "pipe_dlq" {
  name                      = "${var.name_prefix}-cdc-pipe-dlq"
  message_retention_seconds = 1209600
  sqs_managed_sse_enabled   = var.kms_key_arn == null ? true : null
  kms_master_key_id         = var.kms_key_arn

  tags = var.tags
}

resource "aws_pipes_pipe" "this" {
  for_each = local.pipes

  name        = "${var.name_prefix}-${each.key}-cdc"
  description = "${each.key} table stream -> enrichment -> bus (${each.value.detail_type})."
  role_arn    = aws_iam_role.pipe[each.key].arn
  source      = each.value.stream_arn
  enrichment  = module.enrich.function_arn
  target      = var.event_bus_arn

  source_parameters {
    dynamodb_stream_parameters {
      starting_position                  = "TRIM_HORIZON"
      batch_size                         = var.stream_batch.batch_size
      maximum_batching_window_in_seconds = var.stream_batch.maximum_batching_window_in_seconds
      maximum_retry_attempts             = var.stream_batch.maximum_retry_attempts
      on_partial_batch_item_failure      = "AUTOMATIC_BISECT"

      dead_letter_config {
        arn = aws_sqs_queue.pipe_dlq.arn
      }
    }
  }

  target_parameters {
    eventbridge_event_bus_parameters {
      source      = each.value.source
      detail_type = each.value.detail_type
    }
  }

  tags = var.tags

  depends_on = [aws_iam_role_policy.pipe]
}
