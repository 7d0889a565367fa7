locals {
  artifacts_dir = coalesce(var.artifacts_dir, abspath("${path.root}/../../../build/dist"))
  # Ephemeral test stacks live in their own workspace: dev-<workspace>.
  name_prefix = terraform.workspace == "default" ? "dev" : "dev-${terraform.workspace}"
}

module "platform" {
  source = "../../modules/platform"

  name_prefix                 = local.name_prefix
  artifacts_dir               = local.artifacts_dir
  provider_url                = var.provider_url
  provider_api_key            = var.provider_api_key
  low_stock_threshold         = var.low_stock_threshold
  payments_max_concurrency    = var.payments_max_concurrency
  kms_key_arn                 = var.kms_key_arn
  log_retention_days          = var.log_retention_days
  alert_email                 = var.alert_email
  archive_retention_days      = 7
  secret_recovery_window_days = terraform.workspace == "default" ? 7 : 0
  manage_apigateway_account   = terraform.workspace == "default" && var.manage_apigateway_account
}
