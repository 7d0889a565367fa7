variable "name_prefix" {
  description = "Prefix of every resource name (environment, e.g. \"local\", \"dev\")."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,20}$", var.name_prefix))
    error_message = "name_prefix must match ^[a-z][a-z0-9-]{1,20}$."
  }
}

variable "artifacts_dir" {
  description = "Folder holding the built packages: layer-common.zip, cdc.zip, payments.zip."
  type        = string

  validation {
    condition     = length(var.artifacts_dir) > 0
    error_message = "artifacts_dir must not be empty."
  }
}

variable "provider_url" {
  description = "Base URL of the external payment provider (the simulator locally)."
  type        = string

  validation {
    condition     = can(regex("^https?://\\S+$", var.provider_url))
    error_message = "provider_url must be an http(s) URL."
  }
}

variable "provider_api_key" {
  description = "API key of the payment provider (stored in Secrets Manager; also in the Terraform state)."
  type        = string
  sensitive   = true

  validation {
    condition     = length(var.provider_api_key) > 0
    error_message = "provider_api_key must not be empty."
  }
}

variable "low_stock_threshold" {
  description = "Alert when a SKU's available stock crosses below this value."
  type        = number
  default     = 5

  validation {
    condition     = var.low_stock_threshold >= 1 && floor(var.low_stock_threshold) == var.low_stock_threshold
    error_message = "low_stock_threshold must be a whole number >= 1."
  }
}

variable "payments_max_concurrency" {
  description = "Maximum concurrent payments invocations driven by the queue (protects the throttled provider)."
  type        = number
  default     = 5

  validation {
    condition     = var.payments_max_concurrency >= 2 && var.payments_max_concurrency <= 1000 && floor(var.payments_max_concurrency) == var.payments_max_concurrency
    error_message = "payments_max_concurrency must be a whole number between 2 and 1000."
  }
}

variable "kms_key_arn" {
  description = "Customer managed KMS key for tables, queues, logs, the secret and the alerts topic; null uses AWS managed/owned keys (the alerts topic then gets a key of its own). See README for the key policy it needs."
  type        = string
  default     = null
  nullable    = true

  validation {
    condition     = var.kms_key_arn == null || can(regex("^arn:aws[a-z-]*:kms:", var.kms_key_arn))
    error_message = "kms_key_arn must be a KMS key ARN or null."
  }
}

variable "log_retention_days" {
  description = "Retention of every log group of the platform, in days."
  type        = number
  default     = 14

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be a retention period CloudWatch Logs accepts."
  }
}

variable "alert_email" {
  description = "Operations e-mail subscribed to the inventory alerts; null for none."
  type        = string
  default     = null
  nullable    = true

  validation {
    condition     = var.alert_email == null || can(regex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", var.alert_email))
    error_message = "alert_email must be an e-mail address or null."
  }
}

variable "archive_retention_days" {
  description = "Days the bus archive keeps events for replay (0 = indefinitely)."
  type        = number
  default     = 7

  validation {
    condition     = var.archive_retention_days >= 0 && floor(var.archive_retention_days) == var.archive_retention_days
    error_message = "archive_retention_days must be a whole number >= 0."
  }
}

variable "secret_recovery_window_days" {
  description = "Days a deleted provider secret stays recoverable (0 deletes at once: throwaway environments)."
  type        = number
  default     = 7

  validation {
    condition     = var.secret_recovery_window_days == 0 || (var.secret_recovery_window_days >= 7 && var.secret_recovery_window_days <= 30)
    error_message = "secret_recovery_window_days must be 0 or between 7 and 30."
  }
}

variable "deletion_protection" {
  description = "Protect the orders and inventory tables from deletion."
  type        = bool
  default     = false
}

variable "manage_apigateway_account" {
  description = "Set the regional API Gateway account's CloudWatch Logs role (one stack per account and region should)."
  type        = bool
  default     = false
}

variable "tags" {
  description = "Tags applied to every resource that supports them (Project/Environment are added)."
  type        = map(string)
  default     = {}
}
