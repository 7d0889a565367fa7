variable "name_prefix" {
  description = "Prefix of every resource name (environment, e.g. \"local\", \"dev\")."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,20}$", var.name_prefix))
    error_message = "name_prefix must match ^[a-z][a-z0-9-]{1,20}$."
  }
}

variable "archive_retention_days" {
  description = "Days the archive keeps events for replay (0 keeps them indefinitely)."
  type        = number
  default     = 7

  validation {
    condition     = var.archive_retention_days >= 0 && floor(var.archive_retention_days) == var.archive_retention_days
    error_message = "archive_retention_days must be a whole number >= 0."
  }
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
