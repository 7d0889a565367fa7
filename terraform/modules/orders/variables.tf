variable "name_prefix" {
  description = "Prefix of every resource name (environment, e.g. \"local\", \"dev\")."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,20}$", var.name_prefix))
    error_message = "name_prefix must match ^[a-z][a-z0-9-]{1,20}$."
  }
}

variable "stage_name" {
  description = "Name of the API stage (the version segment of the invoke URL)."
  type        = string
  default     = "v1"

  validation {
    condition     = can(regex("^[a-zA-Z0-9_]{1,64}$", var.stage_name))
    error_message = "stage_name may contain letters, digits and underscores only."
  }
}

variable "throttling" {
  description = "Stage-wide method throttling: steady-state requests per second and burst."
  type = object({
    rate_limit  = number
    burst_limit = number
  })
  default = {
    rate_limit  = 100
    burst_limit = 200
  }

  validation {
    condition     = var.throttling.rate_limit > 0 && var.throttling.burst_limit >= 1
    error_message = "throttling.rate_limit must be > 0 and throttling.burst_limit >= 1."
  }
}

variable "manage_apigateway_account" {
  description = "Set the regional API Gateway account's CloudWatch Logs role (a per-account/region singleton, needed once for access/execution logging). Leave false where another stack owns it."
  type        = bool
  default     = false
}

variable "point_in_time_recovery" {
  description = "Enable point-in-time recovery on the orders table."
  type        = bool
  default     = true
}

variable "deletion_protection" {
  description = "Protect the orders table from deletion."
  type        = bool
  default     = false
}

variable "log_retention_days" {
  description = "Retention of the module's CloudWatch log groups, in days."
  type        = number
  default     = 14

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be a retention period CloudWatch Logs accepts."
  }
}

variable "kms_key_arn" {
  description = "Customer managed KMS key for encryption at rest; null uses AWS managed/owned keys. See README for the key-policy grants it needs."
  type        = string
  default     = null
  nullable    = true

  validation {
    condition     = var.kms_key_arn == null || can(regex("^arn:aws[a-z-]*:kms:", var.kms_key_arn))
    error_message = "kms_key_arn must be a KMS key ARN or null."
  }
}

variable "tags" {
  description = "Tags applied to every resource that supports them."
  type        = map(string)
  default     = {}
}
