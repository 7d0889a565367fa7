data "aws_caller_identity" "current" {}

data "aws_iam_policy_document" "apigateway_assume" {
  statement {
    sid     = "ApiGatewayAssumeRole"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["apigateway.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }
  }
}

# --- POST /orders integration: PutItem on the orders table, nothing else. ----------------------------------------
resource "aws_iam_role" "put_order" {
  name               = "${local.api_name}-put-order"
  description        = "API Gateway integration role of POST /orders."
  assume_role_policy = data.aws_iam_policy_document.apigateway_assume.json

  tags = var.tags
}

data "aws_iam_policy_document" "put_order" {
  statement {
    sid       = "PutOrder"
    actions   = ["dynamodb:PutItem"]
    resources = [aws_dynamodb_table.this.arn]
  }
}

resource "aws_iam_role_policy" "put_order" {
  name   = "${local.api_name}-put-order"
  role   = aws_iam_role.put_order.id
  policy = data.aws_iam_policy_document.put_order.json
}

# --- GET /orders/{id} integration: GetItem on the orders table, nothing else. ------------------------------------
resource "aws_iam_role" "get_order" {
  name               = "${local.api_name}-get-order"
  description        = "API Gateway integration role of GET /orders/{id}."
  assume_role_policy = data.aws_iam_policy_document.apigateway_assume.json

  tags = var.tags
}

data "aws_iam_policy_document" "get_order" {
  statement {
    sid       = "GetOrder"
    actions   = ["dynamodb:GetItem"]
    resources = [aws_dynamodb_table.this.arn]
  }
}

resource "aws_iam_role_policy" "get_order" {
  name   = "${local.api_name}-get-order"
  role   = aws_iam_role.get_order.id
  policy = data.aws_iam_policy_document.get_order.json
}

# --- Optional: the regional API Gateway account's CloudWatch Logs role (account-wide singleton). -----------------
resource "aws_iam_role" "apigateway_cloudwatch" {
  count = var.manage_apigateway_account ? 1 : 0

  name               = "${var.name_prefix}-apigateway-cloudwatch"
  description        = "Lets API Gateway write execution and access logs in this account and region."
  assume_role_policy = data.aws_iam_policy_document.apigateway_assume.json

  tags = var.tags
}

data "aws_iam_policy_document" "apigateway_cloudwatch" {
  statement {
    sid     = "WriteApiLogs"
    actions = ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"]
    resources = [
      "arn:${data.aws_partition.current.partition}:logs:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:log-group:API-Gateway-Execution-Logs_*",
      "arn:${data.aws_partition.current.partition}:logs:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:log-group:API-Gateway-Execution-Logs_*:*",
      aws_cloudwatch_log_group.api_access.arn,
      "${aws_cloudwatch_log_group.api_access.arn}:*",
    ]
  }

  # DescribeLogGroups has no resource-level permissions.
  statement {
    sid       = "DescribeLogGroups"
    actions   = ["logs:DescribeLogGroups"]
    resources = ["*"]
  }
}

resource "aws_iam_role_policy" "apigateway_cloudwatch" {
  count = var.manage_apigateway_account ? 1 : 0

  name   = "${var.name_prefix}-apigateway-cloudwatch"
  role   = aws_iam_role.apigateway_cloudwatch[0].id
  policy = data.aws_iam_policy_document.apigateway_cloudwatch.json
}

resource "aws_api_gateway_account" "this" {
  count = var.manage_apigateway_account ? 1 : 0

  cloudwatch_role_arn = aws_iam_role.apigateway_cloudwatch[0].arn

  depends_on = [aws_iam_role_policy.apigateway_cloudwatch]
}
