# make plan ENV=staging   (the provider API key comes from TF_VAR_provider_api_key, never from this file)
# Production-like: the provider's sandbox, longer retention, tables protected.
region                      = "eu-west-1"
provider_url                = "https://sandbox.payments.example.com"
low_stock_threshold         = 5
payments_max_concurrency    = 10
log_retention_days          = 90
archive_retention_days      = 30
alert_email                 = null
kms_key_arn                 = null
deletion_protection         = true
secret_recovery_window_days = 7
