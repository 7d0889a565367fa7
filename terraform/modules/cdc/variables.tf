variable "name_prefix" {
  description = "Prefix of every resource name (environment, e.g. \"local\", \"dev\")."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,20}$", var.name_prefix))
    error_message = "name_prefix must match ^[a-z][a-z0-9-]{1,20}$."
  }
}

variable "artifacts_dir" {
  description = "Folder holding the built Lambda packages (cdc.zip is used here)."
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

variable "sources" {
  description = "The tables whose streams are published: stream ARN plus the event source and detail-type the events get on the bus."
  type = object({
    orders = object({
      stream_arn  = string
      source      = string
      detail_type = string
    })
    inventory = object({
      stream_arn  = string
      source      = string
      detail_type = string
    })
  })

  validation {
    condition = alltrue([
      for s in [var.sources.orders, var.sources.inventory] : can(regex("^arn:aws[a-z-]*:dynamodb:.+/stream/.+$", s.stream_arn))
    ])
    error_message = "Each stream_arn must be a DynamoDB stream ARN."
  }
}

variable "event_bus_arn" {
  description = "ARN of the bus the pipes publish to."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:events:", var.event_bus_arn))
    error_message = "event_bus_arn must be an EventBridge bus ARN."
  }
}

variable "stream_batch" {
  description = "How the pipes read the streams."
  type = object({
    batch_size                         = optional(number, 10)
    maximum_batching_window_in_seconds = optional(number, 1)
    maximum_retry_attempts             = optional(number, 10)
  })
  default = {}

  validation {
    condition     = var.stream_batch.batch_size >= 1 && var.stream_batch.batch_size <= 10000
    error_message = "batch_size must be between 1 and 10000."
  }

  validation {
    condition     = var.stream_batch.maximum_batching_window_in_seconds >= 0 && var.stream_batch.maximum_batching_window_in_seconds <= 300
    error_message = "maximum_batching_window_in_seconds must be between 0 and 300."
  }

  validation {
    condition     = var.stream_batch.maximum_retry_attempts >= -1 && var.stream_batch.maximum_retry_attempts <= 10000
    error_message = "maximum_retry_attempts must be between -1 (infinite) and 10000."
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
