variable "name_prefix" {
  description = "Prefix of every resource name (environment, e.g. \"local\", \"dev\")."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,20}$", var.name_prefix))
    error_message = "name_prefix must match ^[a-z][a-z0-9-]{1,20}$."
  }
}

variable "artifacts_dir" {
  description = "Folder holding the built Lambda packages (payments.zip is used here)."
  type        = string

  validation {
    condition     = length(var.artifacts_dir) > 0
    error_message = "artifacts_dir must not be empty."
  }
}

variable "common_layer_arn" {
  description = "Version ARN of the shared common layer."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:lambda:[a-z0-9-]+:[0-9]{12}:layer:[A-Za-z0-9_-]+:[0-9]+$", var.common_layer_arn))
    error_message = "common_layer_arn must be a Lambda layer version ARN."
  }
}

variable "orders_table" {
  description = "The orders table: the function reads an order and moves its status (PAYMENT_PENDING -> PAID | PAYMENT_FAILED)."
  type = object({
    name = string
    arn  = string
  })

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:dynamodb:.+:table/.+$", var.orders_table.arn))
    error_message = "orders_table.arn must be a DynamoDB table ARN."
  }
}

variable "inventory_table" {
  description = "The inventory table: the function reads SKU prices."
  type = object({
    name = string
    arn  = string
  })

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:dynamodb:.+:table/.+$", var.inventory_table.arn))
    error_message = "inventory_table.arn must be a DynamoDB table ARN."
  }
}

variable "provider_url" {
  description = "Base URL of the external payment provider."
  type        = string

  validation {
    condition     = can(regex("^https?://\\S+$", var.provider_url))
    error_message = "provider_url must be an http(s) URL."
  }
}

variable "provider_api_key" {
  description = "API key of the payment provider, stored in Secrets Manager (it is also in the Terraform state: protect the state)."
  type        = string
  sensitive   = true

  validation {
    condition     = length(var.provider_api_key) > 0
    error_message = "provider_api_key must not be empty."
  }
}

variable "max_concurrency" {
  description = "Maximum concurrent invocations the SQS event-source mapping drives (protects the throttled provider)."
  type        = number
  default     = 5

  validation {
    condition     = var.max_concurrency >= 2 && var.max_concurrency <= 1000 && floor(var.max_concurrency) == var.max_concurrency
    error_message = "max_concurrency must be a whole number between 2 and 1000."
  }
}

variable "function_timeout" {
  description = "Timeout of the payments function in seconds; the queue's visibility timeout is six times this."
  type        = number
  default     = 30

  validation {
    condition     = var.function_timeout >= 1 && var.function_timeout <= 900
    error_message = "function_timeout must be between 1 and 900 seconds."
  }
}

variable "memory_size" {
  description = "Memory of the payments function in MB."
  type        = number
  default     = 256

  validation {
    condition     = var.memory_size >= 128 && var.memory_size <= 10240
    error_message = "memory_size must be between 128 and 10240 MB."
  }
}

variable "point_in_time_recovery" {
  description = "Enable point-in-time recovery on the idempotency table."
  type        = bool
  default     = true
}

variable "secret_recovery_window_days" {
  description = "Days a deleted provider secret can be recovered (0 deletes at once, e.g. for throwaway environments)."
  type        = number
  default     = 7

  validation {
    condition     = var.secret_recovery_window_days == 0 || (var.secret_recovery_window_days >= 7 && var.secret_recovery_window_days <= 30)
    error_message = "secret_recovery_window_days must be 0 or between 7 and 30."
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
