variable "region" {
  description = "AWS region of the environment."
  type        = string
  default     = "eu-west-1"

  validation {
    condition     = can(regex("^[a-z]{2}(-[a-z]+)+-[0-9]$", var.region))
    error_message = "region must be an AWS region name, e.g. eu-west-1."
  }
}

variable "allowed_account_ids" {
  description = "Accounts this environment may be applied to (a guard against the wrong credentials); null allows any."
  type        = list(string)
  default     = null

  validation {
    condition     = var.allowed_account_ids == null || alltrue([for id in coalesce(var.allowed_account_ids, []) : can(regex("^[0-9]{12}$", id))])
    error_message = "allowed_account_ids must be 12-digit AWS account ids (or null)."
  }
}

variable "artifacts_dir" {
  description = "Folder of the built packages; null uses the repository's build/dist."
  type        = string
  default     = null
  nullable    = true
}

variable "provider_url" {
  description = "Base URL of the payment provider (or of the simulator deployed for dev)."
  type        = string

  validation {
    condition     = can(regex("^https?://\\S+$", var.provider_url))
    error_message = "provider_url must be an http(s) URL."
  }
}

variable "provider_api_key" {
  description = "API key of the payment provider. Pass it as TF_VAR_provider_api_key, never in a tfvars file."
  type        = string
  sensitive   = true
}

variable "low_stock_threshold" {
  description = "Low-stock alert threshold."
  type        = number
  default     = 5
}

variable "payments_max_concurrency" {
  description = "Maximum concurrency of the payments queue consumer."
  type        = number
  default     = 5
}

variable "kms_key_arn" {
  description = "Customer managed KMS key for the platform's data at rest; null uses AWS managed/owned keys."
  type        = string
  default     = null
  nullable    = true
}

variable "log_retention_days" {
  description = "Retention of every log group, in days."
  type        = number
  default     = 14
}

variable "alert_email" {
  description = "Operations e-mail for inventory alerts; null for none."
  type        = string
  default     = null
  nullable    = true
}

variable "manage_apigateway_account" {
  description = "Whether this stack sets the account's API Gateway CloudWatch Logs role (exactly one stack per account/region)."
  type        = bool
  default     = true
}

variable "archive_retention_days" {
  description = "Days the event archive keeps events for replay (0 keeps them indefinitely). Validated by modules/platform."
  type        = number
  default     = 7
}

variable "deletion_protection" {
  description = "Protect the tables from deletion (always off in an ephemeral workspace)."
  type        = bool
  default     = false
}

variable "secret_recovery_window_days" {
  description = "Days a deleted provider secret stays recoverable: 0 or 7-30 (ephemeral workspaces use 0). Validated by modules/platform."
  type        = number
  default     = 7
}
