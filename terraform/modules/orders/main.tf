data "aws_partition" "current" {}
data "aws_region" "current" {}

locals {
  table_name = "${var.name_prefix}-orders"
  api_name   = "${var.name_prefix}-orders-api"
  # Direct AWS service integrations: API Gateway calls DynamoDB's JSON API, no Lambda on this path.
  dynamodb_action_uri = "arn:${data.aws_partition.current.partition}:apigateway:${data.aws_region.current.name}:dynamodb:action"
  json                = "application/json"
  error_template      = file("${path.module}/error.response.vtl")
  # DynamoDB's HTTP status -> method status for errors (AWS integrations select on the backend status code).
  error_selection_patterns = {
    "400" = "4\\d{2}"
    "500" = "5\\d{2}"
  }

  templates = {
    order_request_schema = file("${path.module}/order_request.schema.json")
    post_order_request   = templatefile("${path.module}/post_order.request.vtl", { table_name = local.table_name })
    post_order_response  = file("${path.module}/post_order.response.vtl")
    get_order_request    = templatefile("${path.module}/orders_get.request.vtl", { table_name = local.table_name })
    get_order_response   = file("${path.module}/orders_get.response.vtl")
    error_response       = local.error_template
  }
  # Everything that shapes the deployed API, for the deployment trigger.
  api_definition = {
    templates          = local.templates
    integration_roles  = [aws_iam_role.put_order.arn, aws_iam_role.get_order.arn]
    selection_patterns = local.error_selection_patterns
  }
}

# ---------------------------------------------------------------------------------------------------------------
# Table: one item per order (pk ORDER#<id>, sk ORDER) plus related records (e.g. sk SHIPMENT); its stream feeds
# the orders-cdc pipe.
# ---------------------------------------------------------------------------------------------------------------
resource "aws_dynamodb_table" "this" {
  name                        = local.table_name
  billing_mode                = "PAY_PER_REQUEST"
  hash_key                    = "pk"
  range_key                   = "sk"
  stream_enabled              = true
  stream_view_type            = "NEW_AND_OLD_IMAGES"
  deletion_protection_enabled = var.deletion_protection

  attribute {
    name = "pk"
    type = "S"
  }

  attribute {
    name = "sk"
    type = "S"
  }

  point_in_time_recovery {
    enabled = var.point_in_time_recovery
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = var.kms_key_arn
  }

  tags = var.tags
}

# ---------------------------------------------------------------------------------------------------------------
# REST API
# ---------------------------------------------------------------------------------------------------------------
resource "aws_api_gateway_rest_api" "this" {
  name        = local.api_name
  description = "Orders API: POST /orders and GET /orders/{id}, integrated directly with DynamoDB."

  endpoint_configuration {
    types = ["REGIONAL"]
  }

  tags = var.tags

  # A replaced API is created before the old one goes: the deployment and stage move over without a gap.
  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_api_gateway_resource" "orders" {
  rest_api_id = aws_api_gateway_rest_api.this.id
  parent_id   = aws_api_gateway_rest_api.this.root_resource_id
  path_part   = "orders"
}

resource "aws_api_gateway_resource" "order" {
  rest_api_id = aws_api_gateway_rest_api.this.id
  parent_id   = aws_api_gateway_resource.orders.id
  path_part   = "{id}"
}

resource "aws_api_gateway_model" "order_request" {
  rest_api_id  = aws_api_gateway_rest_api.this.id
  name         = "OrderRequest"
  description  = "Body of POST /orders."
  content_type = local.json
  schema       = local.templates.order_request_schema
}

resource "aws_api_gateway_request_validator" "body" {
  rest_api_id                 = aws_api_gateway_rest_api.this.id
  name                        = "${local.api_name}-validate-body"
  validate_request_body       = true
  validate_request_parameters = false
}

# GET has no body: its validator checks the required request parameters (the {id} path parameter).
resource "aws_api_gateway_request_validator" "parameters" {
  rest_api_id                 = aws_api_gateway_rest_api.this.id
  name                        = "${local.api_name}-validate-parameters"
  validate_request_body       = false
  validate_request_parameters = true
}

# --- POST /orders -> PutItem -------------------------------------------------------------------------------------
resource "aws_api_gateway_method" "post_order" {
  #checkov:skip=CKV_AWS_59:The orders API is the platform's public entry point (DESIGN.md: client -> POST /orders) and this design has no client identity to check. Abuse is bounded by stage throttling and the request validator; GET returns a single order only by its id, the unguessable API request id (UUID) that POST returned.
  rest_api_id          = aws_api_gateway_rest_api.this.id
  resource_id          = aws_api_gateway_resource.orders.id
  http_method          = "POST"
  authorization        = "NONE"
  request_validator_id = aws_api_gateway_request_validator.body.id
  request_models       = { (local.json) = aws_api_gateway_model.order_request.name }
}

resource "aws_api_gateway_integration" "post_order" {
  rest_api_id             = aws_api_gateway_rest_api.this.id
  resource_id             = aws_api_gateway_resource.orders.id
  http_method             = aws_api_gateway_method.post_order.http_method
  type                    = "AWS"
  integration_http_method = "POST"
  uri                     = "${local.dynamodb_action_uri}/PutItem"
  credentials             = aws_iam_role.put_order.arn
  passthrough_behavior    = "NEVER"

  request_templates = {
    (local.json) = local.templates.post_order_request
  }
}

resource "aws_api_gateway_method_response" "post_order" {
  for_each = toset(["201", "400", "500"])

  rest_api_id     = aws_api_gateway_rest_api.this.id
  resource_id     = aws_api_gateway_resource.orders.id
  http_method     = aws_api_gateway_method.post_order.http_method
  status_code     = each.key
  response_models = { (local.json) = "Empty" }
}

resource "aws_api_gateway_integration_response" "post_order" {
  # DynamoDB status -> method status. The entry without a selection pattern is the default (DynamoDB 200).
  for_each = {
    "201" = { selection_pattern = null, template = local.templates.post_order_response }
    "400" = { selection_pattern = local.error_selection_patterns["400"], template = local.error_template }
    "500" = { selection_pattern = local.error_selection_patterns["500"], template = local.error_template }
  }

  rest_api_id        = aws_api_gateway_rest_api.this.id
  resource_id        = aws_api_gateway_resource.orders.id
  http_method        = aws_api_gateway_method.post_order.http_method
  status_code        = aws_api_gateway_method_response.post_order[each.key].status_code
  selection_pattern  = each.value.selection_pattern
  response_templates = { (local.json) = each.value.template }

  depends_on = [aws_api_gateway_integration.post_order]
}

# --- GET /orders/{id} -> GetItem ---------------------------------------------------------------------------------
resource "aws_api_gateway_method" "get_order" {
  #checkov:skip=CKV_AWS_59:The orders API is the platform's public entry point (DESIGN.md: client -> POST /orders) and this design has no client identity to check. Abuse is bounded by stage throttling and the request validator; GET returns a single order only by its id, the unguessable API request id (UUID) that POST returned.
  rest_api_id          = aws_api_gateway_rest_api.this.id
  resource_id          = aws_api_gateway_resource.order.id
  http_method          = "GET"
  authorization        = "NONE"
  request_validator_id = aws_api_gateway_request_validator.parameters.id
  request_parameters   = { "method.request.path.id" = true }
}

resource "aws_api_gateway_integration" "get_order" {
  rest_api_id             = aws_api_gateway_rest_api.this.id
  resource_id             = aws_api_gateway_resource.order.id
  http_method             = aws_api_gateway_method.get_order.http_method
  type                    = "AWS"
  integration_http_method = "POST"
  uri                     = "${local.dynamodb_action_uri}/GetItem"
  credentials             = aws_iam_role.get_order.arn
  passthrough_behavior    = "WHEN_NO_TEMPLATES"

  request_templates = {
    (local.json) = local.templates.get_order_request
  }
}

resource "aws_api_gateway_method_response" "get_order" {
  for_each = toset(["200", "400", "404", "500"])

  rest_api_id     = aws_api_gateway_rest_api.this.id
  resource_id     = aws_api_gateway_resource.order.id
  http_method     = aws_api_gateway_method.get_order.http_method
  status_code     = each.key
  response_models = { (local.json) = "Empty" }
}

resource "aws_api_gateway_integration_response" "get_order" {
  # 404 is not an integration response: the 200 template overrides the status when there is no Item.
  for_each = {
    "200" = { selection_pattern = null, template = local.templates.get_order_response }
    "400" = { selection_pattern = local.error_selection_patterns["400"], template = local.error_template }
    "500" = { selection_pattern = local.error_selection_patterns["500"], template = local.error_template }
  }

  rest_api_id        = aws_api_gateway_rest_api.this.id
  resource_id        = aws_api_gateway_resource.order.id
  http_method        = aws_api_gateway_method.get_order.http_method
  status_code        = aws_api_gateway_method_response.get_order[each.key].status_code
  selection_pattern  = each.value.selection_pattern
  response_templates = { (local.json) = each.value.template }

  depends_on = [aws_api_gateway_integration.get_order]
}

# --- Gateway responses ------------------------------------------------------------------------------------------
# A body that fails the model is refused with the validator's reason (and never reaches DynamoDB). Gateway
# response templates are plain variable substitution, not VTL: see bad_request_body.response.json.
resource "aws_api_gateway_gateway_response" "bad_request_body" {
  rest_api_id   = aws_api_gateway_rest_api.this.id
  response_type = "BAD_REQUEST_BODY"
  status_code   = "400"

  response_templates = {
    "application/json" = file("${path.module}/bad_request_body.response.json")
  }
}

# --- Deployment and stage ----------------------------------------------------------------------------------------
resource "aws_api_gateway_deployment" "this" {
  rest_api_id = aws_api_gateway_rest_api.this.id
  description = "Orders API"

  # Redeploy whenever the API definition changes. Only configuration goes into the hash (ids and the loaded
  # files), never attributes the API reads back, which would redeploy on every plan.
  triggers = {
    redeployment = sha1(jsonencode([
      aws_api_gateway_resource.orders.id,
      aws_api_gateway_resource.order.id,
      aws_api_gateway_model.order_request.id,
      aws_api_gateway_request_validator.body.id,
      aws_api_gateway_request_validator.parameters.id,
      aws_api_gateway_method.post_order.id,
      aws_api_gateway_integration.post_order.id,
      aws_api_gateway_method.get_order.id,
      aws_api_gateway_integration.get_order.id,
      aws_api_gateway_gateway_response.bad_request_body.id,
      local.api_definition,
    ]))
  }

  lifecycle {
    create_before_destroy = true
  }

  depends_on = [
    aws_api_gateway_integration_response.post_order,
    aws_api_gateway_integration_response.get_order,
  ]
}

resource "aws_cloudwatch_log_group" "api_access" {
  #checkov:skip=CKV_AWS_338:Retention is each environment's choice (log_retention_days): prod.tfvars keeps 365 days, local/dev/staging keep 1-90 days of throwaway or test data. checkov sees variable defaults, not tfvars.
  name              = "/aws/apigateway/${local.api_name}/access"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.kms_key_arn

  tags = var.tags
}

resource "aws_api_gateway_stage" "this" {
  #checkov:skip=CKV_AWS_120:No response cache: POST must never be cached, and GET /orders/{id} returns an order whose status keeps moving (PENDING -> PAYMENT_PENDING -> PAID -> FULFILLED); a cached copy would show a stale status.
  #checkov:skip=CKV2_AWS_51:A client certificate lets an HTTP backend authenticate API Gateway; this API has no HTTP backend, only AWS service integrations (DynamoDB) that are SigV4-signed with a per-method integration role.
  #checkov:skip=CKV2_AWS_29:No WAF in this baseline: the stage throttles every method and the request validator rejects malformed bodies before DynamoDB; a web ACL (managed rule groups, per-request cost) is left to the account's edge/security team, and wafv2 is not part of the local emulator stack.
  rest_api_id          = aws_api_gateway_rest_api.this.id
  deployment_id        = aws_api_gateway_deployment.this.id
  stage_name           = var.stage_name
  xray_tracing_enabled = true

  access_log_settings {
    destination_arn = aws_cloudwatch_log_group.api_access.arn
    format = jsonencode({
      requestId          = "$context.requestId"
      extendedRequestId  = "$context.extendedRequestId"
      requestTime        = "$context.requestTime"
      httpMethod         = "$context.httpMethod"
      resourcePath       = "$context.resourcePath"
      status             = "$context.status"
      responseLength     = "$context.responseLength"
      integrationStatus  = "$context.integration.status"
      integrationLatency = "$context.integration.latency"
      validationError    = "$context.error.validationErrorString"
      sourceIp           = "$context.identity.sourceIp"
      xrayTraceId        = "$context.xrayTraceId"
    })
  }

  tags = var.tags

  depends_on = [aws_api_gateway_account.this]
}

resource "aws_api_gateway_method_settings" "all" {
  #checkov:skip=CKV_AWS_225:No response cache (see the stage): order status changes after every event, a cached GET would be stale, and POST is never cacheable.
  rest_api_id = aws_api_gateway_rest_api.this.id
  stage_name  = aws_api_gateway_stage.this.stage_name
  method_path = "*/*"

  # Execution logs (errors only, no request/response bodies) need the same account-level CloudWatch Logs role as
  # the stage's access logs, which API Gateway already requires: set here (manage_apigateway_account) or elsewhere.
  settings {
    metrics_enabled        = true
    logging_level          = "ERROR"
    throttling_rate_limit  = var.throttling.rate_limit
    throttling_burst_limit = var.throttling.burst_limit
  }
}
