# The composition every AWS environment applies (dev, staging, prod): each environment folder links these files
# and adds its own `environment.tf` (local.environment), backend.hcl and <env>.tfvars. See README.md.
locals {
  artifacts_dir = coalesce(var.artifacts_dir, abspath("${path.root}/../../../build/dist"))
  # An ephemeral stack lives in a workspace of its own and is named <environment>-<workspace>.
  ephemeral   = terraform.workspace != "default"
  name_prefix = local.ephemeral ? "${local.environment}-${terraform.workspace}" : local.environment
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
  archive_retention_days      = var.archive_retention_days
  deletion_protection         = var.deletion_protection && !local.ephemeral
  secret_recovery_window_days = local.ephemeral ? 0 : var.secret_recovery_window_days
  # A per-account/region singleton: ephemeral stacks leave it to the environment's own stack.
  manage_apigateway_account = var.manage_apigateway_account && !local.ephemeral
}
