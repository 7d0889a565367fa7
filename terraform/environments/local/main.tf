locals {
  artifacts_dir = coalesce(var.artifacts_dir, abspath("${path.root}/../../../build/dist"))
  # An ephemeral stack (the integration tests' TF_WORKSPACE) is named local-<workspace>.
  name_prefix = terraform.workspace == "default" ? "local" : "local-${terraform.workspace}"
}

module "platform" {
  source = "../../modules/platform"

  name_prefix                 = local.name_prefix
  artifacts_dir               = local.artifacts_dir
  provider_url                = var.provider_url
  provider_api_key            = var.provider_api_key
  low_stock_threshold         = var.low_stock_threshold
  payments_max_concurrency    = var.payments_max_concurrency
  kms_key_arn                 = null
  log_retention_days          = 1
  alert_email                 = null
  archive_retention_days      = 1
  secret_recovery_window_days = 0

  tags = { Environment = "local", Workspace = terraform.workspace }
}
