variable "name_prefix" {
  description = "Prefix of every resource name (environment, e.g. \"local\", \"dev\")."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,20}$", var.name_prefix))
    error_message = "name_prefix must match ^[a-z][a-z0-9-]{1,20}$."
  }
}

variable "orders_table" {
  description = "The orders table (status transitions, shipment records)."
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
  description = "The inventory table (reservations)."
  type = object({
    name = string
    arn  = string
  })

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:dynamodb:.+:table/.+$", var.inventory_table.arn))
    error_message = "inventory_table.arn must be a DynamoDB table ARN."
  }
}

variable "payments_queue" {
  description = "The payment requests queue order-processing sends to."
  type = object({
    url = string
    arn = string
  })

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:sqs:", var.payments_queue.arn)) && can(regex("^https?://", var.payments_queue.url))
    error_message = "payments_queue needs an SQS queue ARN and an http(s) URL."
  }
}

variable "event_bus" {
  description = "The bus whose CDC events start the workflows and that receives their business events."
  type = object({
    name = string
    arn  = string
  })

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:events:", var.event_bus.arn)) && length(var.event_bus.name) > 0
    error_message = "event_bus needs a name and an EventBridge bus ARN."
  }
}

variable "events_dlq_arn" {
  description = "ARN of the SQS dead-letter queue of the rule targets (its policy must allow events.amazonaws.com)."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:sqs:", var.events_dlq_arn))
    error_message = "events_dlq_arn must be an SQS queue ARN."
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
