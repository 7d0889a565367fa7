# terraform plan -var-file=dev.tfvars   (the provider API key comes from TF_VAR_provider_api_key)
region                   = "eu-west-1"
provider_url             = "https://payments-simulator.dev.example.com"
low_stock_threshold      = 5
payments_max_concurrency = 5
log_retention_days       = 30
alert_email              = null
kms_key_arn              = null
