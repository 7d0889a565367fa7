# Who besides this account may use the layer: e.g. the accounts of other environments that run functions built
# against one shared layer. Lambda grants a layer to other accounts per version; none are granted by default.
resource "aws_lambda_layer_version_permission" "this" {
  for_each = toset(var.shared_with_account_ids)

  layer_name     = aws_lambda_layer_version.this.layer_arn
  version_number = aws_lambda_layer_version.this.version
  statement_id   = "use-by-${each.key}"
  action         = "lambda:GetLayerVersion"
  principal      = each.key
}
