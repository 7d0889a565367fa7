# terraform test for the orders module: offline, against a mocked AWS provider.
mock_provider "aws" {
  source = "../../tests/mocks/aws" # the shared data-source answers; the blocks below are this test's own

  mock_resource "aws_dynamodb_table" {
    defaults = {
      arn        = "arn:aws:dynamodb:eu-west-1:123456789012:table/test-orders"
      stream_arn = "arn:aws:dynamodb:eu-west-1:123456789012:table/test-orders/stream/2024-01-01T00:00:00.000"
    }
  }

  mock_resource "aws_cloudwatch_log_group" {
    defaults = {
      arn = "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/apigateway/test-orders-api/access"
    }
  }
}

override_resource {
  target = aws_iam_role.put_order
  values = {
    arn = "arn:aws:iam::123456789012:role/test-orders-api-put-order"
  }
}

override_resource {
  target = aws_iam_role.get_order
  values = {
    arn = "arn:aws:iam::123456789012:role/test-orders-api-get-order"
  }
}

variables {
  name_prefix = "test"
  throttling = {
    rate_limit  = 50
    burst_limit = 75
  }
  log_retention_days = 30
}

run "table_streams_new_and_old_images_with_pitr_and_sse" {
  assert {
    condition     = aws_dynamodb_table.this.name == "test-orders" && aws_dynamodb_table.this.hash_key == "pk" && aws_dynamodb_table.this.range_key == "sk"
    error_message = "The orders table is <name_prefix>-orders, keyed by pk/sk."
  }

  assert {
    condition     = aws_dynamodb_table.this.stream_enabled && aws_dynamodb_table.this.stream_view_type == "NEW_AND_OLD_IMAGES"
    error_message = "The table stream must be enabled with NEW_AND_OLD_IMAGES (the CDC pipe needs both images)."
  }

  assert {
    condition     = aws_dynamodb_table.this.point_in_time_recovery[0].enabled
    error_message = "Point-in-time recovery must be enabled by default."
  }

  assert {
    condition     = aws_dynamodb_table.this.server_side_encryption[0].enabled
    error_message = "Server-side encryption must be enabled."
  }

  assert {
    condition     = output.orders_table_stream_arn == aws_dynamodb_table.this.stream_arn
    error_message = "orders_table_stream_arn must be the table's stream ARN."
  }
}

run "post_orders_validates_the_body_and_puts_the_item_with_the_vtl_template" {
  assert {
    condition     = aws_api_gateway_integration.post_order.request_templates["application/json"] == templatefile("post_order.request.vtl", { table_name = "test-orders" })
    error_message = "The POST /orders request template must be post_order.request.vtl (rendered with the table name)."
  }

  assert {
    condition     = strcontains(aws_api_gateway_integration.post_order.request_templates["application/json"], "\"TableName\": \"test-orders\"")
    error_message = "The POST /orders request template must put into the module's table."
  }

  assert {
    condition = (
      aws_api_gateway_integration.post_order.type == "AWS" &&
      aws_api_gateway_integration.post_order.integration_http_method == "POST" &&
      aws_api_gateway_integration.post_order.uri == "arn:aws:apigateway:eu-west-1:dynamodb:action/PutItem" &&
      aws_api_gateway_integration.post_order.credentials == aws_iam_role.put_order.arn
    )
    error_message = "POST /orders must be a direct AWS integration calling DynamoDB PutItem with the put-order role."
  }

  assert {
    condition     = aws_api_gateway_integration.post_order.passthrough_behavior == "NEVER"
    error_message = "POST /orders must never pass an unmapped body through to DynamoDB."
  }

  assert {
    condition     = aws_api_gateway_model.order_request.schema == file("order_request.schema.json") && aws_api_gateway_model.order_request.content_type == "application/json"
    error_message = "The request model's schema must be order_request.schema.json."
  }

  assert {
    condition     = aws_api_gateway_method.post_order.request_models["application/json"] == aws_api_gateway_model.order_request.name
    error_message = "POST /orders must use the OrderRequest model."
  }

  assert {
    condition = (
      aws_api_gateway_method.post_order.request_validator_id == aws_api_gateway_request_validator.body.id &&
      aws_api_gateway_request_validator.body.validate_request_body
    )
    error_message = "POST /orders must validate the body against the model."
  }

  assert {
    condition     = aws_api_gateway_integration_response.post_order["201"].response_templates["application/json"] == file("post_order.response.vtl")
    error_message = "A successful PutItem must answer 201 with post_order.response.vtl."
  }

  assert {
    condition = anytrue([
      for s in data.aws_iam_policy_document.put_order.statement :
      s.actions == toset(["dynamodb:PutItem"]) && s.resources == toset([aws_dynamodb_table.this.arn])
    ])
    error_message = "The put-order role may only PutItem on the orders table."
  }
}

run "get_order_reads_the_item_with_its_own_role" {
  assert {
    condition     = aws_api_gateway_integration.get_order.request_templates["application/json"] == templatefile("orders_get.request.vtl", { table_name = "test-orders" })
    error_message = "The GET /orders/{id} request template must be orders_get.request.vtl."
  }

  assert {
    condition     = aws_api_gateway_integration.get_order.uri == "arn:aws:apigateway:eu-west-1:dynamodb:action/GetItem" && aws_api_gateway_integration.get_order.credentials == aws_iam_role.get_order.arn
    error_message = "GET /orders/{id} must call DynamoDB GetItem with the get-order role."
  }

  assert {
    condition = (
      aws_api_gateway_method.get_order.request_parameters["method.request.path.id"] &&
      aws_api_gateway_method.get_order.request_validator_id == aws_api_gateway_request_validator.parameters.id &&
      aws_api_gateway_request_validator.parameters.validate_request_parameters
    )
    error_message = "GET /orders/{id} must require and validate the id path parameter."
  }
}

run "stage_is_throttled_traced_and_access_logged" {
  assert {
    condition     = aws_api_gateway_method_settings.all.method_path == "*/*" && aws_api_gateway_method_settings.all.stage_name == aws_api_gateway_stage.this.stage_name
    error_message = "The method settings must apply to every method of the stage."
  }

  assert {
    condition     = aws_api_gateway_method_settings.all.settings[0].throttling_rate_limit == 50 && aws_api_gateway_method_settings.all.settings[0].throttling_burst_limit == 75
    error_message = "Stage throttling must be var.throttling (rate and burst)."
  }

  assert {
    condition     = aws_api_gateway_stage.this.access_log_settings[0].destination_arn == aws_cloudwatch_log_group.api_access.arn
    error_message = "Access logs must go to the module's access log group."
  }

  assert {
    condition     = can(jsondecode(aws_api_gateway_stage.this.access_log_settings[0].format).requestId)
    error_message = "The access log format must be JSON with the request id."
  }

  assert {
    condition     = aws_cloudwatch_log_group.api_access.retention_in_days == 30
    error_message = "The access log group must keep logs for var.log_retention_days."
  }

  assert {
    condition     = aws_api_gateway_stage.this.xray_tracing_enabled && aws_api_gateway_stage.this.deployment_id == aws_api_gateway_deployment.this.id
    error_message = "The stage must be traced and serve the module's deployment."
  }

  assert {
    condition     = length(aws_api_gateway_account.this) == 0
    error_message = "The account-wide API Gateway logging role is opt-in."
  }
}

run "rejects_an_invalid_name_prefix" {
  command = plan

  variables {
    name_prefix = "a"
  }

  expect_failures = [var.name_prefix]
}

run "rejects_an_invalid_stage_name" {
  command = plan

  variables {
    stage_name = "v1/beta"
  }

  expect_failures = [var.stage_name]
}

run "rejects_zero_throttling" {
  command = plan

  variables {
    throttling = {
      rate_limit  = 0
      burst_limit = 10
    }
  }

  expect_failures = [var.throttling]
}
