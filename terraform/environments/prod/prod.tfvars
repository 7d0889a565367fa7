# make plan ENV=prod   (the provider API key comes from TF_VAR_provider_api_key, never from this file)
# Set allowed_account_ids to the production account so that other credentials cannot apply this, and
# kms_key_arn to the platform's customer managed key (see terraform/modules/orders/README.md for its policy).
region                      = "eu-west-1"
provider_url                = "https://api.payments.example.com"
low_stock_threshold         = 20
payments_max_concurrency    = 20
log_retention_days          = 365
archive_retention_days      = 90
alert_email                 = null
kms_key_arn                 = null
deletion_protection         = true
secret_recovery_window_days = 30
allowed_account_ids         = null
