variable "name_prefix" {
  description = "Prefix of every resource name (environment, e.g. \"local\", \"dev\")."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,20}$", var.name_prefix))
    error_message = "name_prefix must match ^[a-z][a-z0-9-]{1,20}$."
  }
}

variable "event_bus_name" {
  description = "Name of the bus the inventory CDC events are published to (the low-stock rule lives there)."
  type        = string

  validation {
    condition     = length(var.event_bus_name) > 0
    error_message = "event_bus_name must not be empty."
  }
}

variable "events_dlq_arn" {
  description = "ARN of the SQS dead-letter queue for rule targets (its policy must allow events.amazonaws.com)."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:sqs:", var.events_dlq_arn))
    error_message = "events_dlq_arn must be an SQS queue ARN."
  }
}

variable "low_stock_threshold" {
  description = "Alert when a SKU's available stock crosses from >= this value to below it."
  type        = number
  default     = 5

  validation {
    condition     = var.low_stock_threshold >= 1 && floor(var.low_stock_threshold) == var.low_stock_threshold
    error_message = "low_stock_threshold must be a whole number >= 1."
  }
}

variable "alert_email" {
  description = "Operations e-mail subscribed to the inventory alerts (must confirm the subscription); null for none."
  type        = string
  default     = null
  nullable    = true

  validation {
    condition     = var.alert_email == null || can(regex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", var.alert_email))
    error_message = "alert_email must be an e-mail address or null."
  }
}

variable "deletion_protection" {
  description = "Protect the inventory table from deletion."
  type        = bool
  default     = false
}

variable "point_in_time_recovery" {
  description = "Enable point-in-time recovery on the inventory table."
  type        = bool
  default     = true
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
