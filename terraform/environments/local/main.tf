locals {
  artifacts_dir = coalesce(var.artifacts_dir, abspath("${path.root}/../../../build/dist"))
}

module "platform" {
  source = "../../modules/platform"

  name_prefix                 = "local"
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

  tags = { Environment = "local" }
}
