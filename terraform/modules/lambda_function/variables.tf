variable "name_prefix" {
  description = "Prefix of every resource name (environment, e.g. \"local\", \"dev\")."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,20}$", var.name_prefix))
    error_message = "name_prefix must match ^[a-z][a-z0-9-]{1,20}$."
  }
}

variable "name" {
  description = "Function name after the prefix; the function is named \"<name_prefix>-<name>\"."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,30}$", var.name))
    error_message = "name must match ^[a-z][a-z0-9-]{1,30}$."
  }
}

variable "description" {
  description = "Description of the function."
  type        = string
  default     = ""
}

variable "filename" {
  description = "Path of the prebuilt deployment package (.zip) produced by the build."
  type        = string

  validation {
    condition     = endswith(var.filename, ".zip")
    error_message = "filename must be a .zip deployment package."
  }
}

variable "handler" {
  description = "Python handler, as <module path>.<function> (e.g. cdc.handlers.enrich_stream_records.lambda_handler)."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z_][A-Za-z0-9_.]*\\.[A-Za-z_][A-Za-z0-9_]*$", var.handler))
    error_message = "handler must look like package.module.function."
  }
}

variable "runtime" {
  description = "Lambda runtime."
  type        = string
  default     = "python3.12"

  validation {
    condition     = contains(["python3.12"], var.runtime)
    error_message = "Only python3.12 is supported (the common layer is built for it)."
  }
}

variable "architecture" {
  description = "Instruction set architecture of the function."
  type        = string
  default     = "x86_64"

  validation {
    condition     = contains(["x86_64", "arm64"], var.architecture)
    error_message = "architecture must be x86_64 or arm64."
  }
}

variable "layers" {
  description = "Layer version ARNs attached to the function (at most 5)."
  type        = list(string)
  default     = []

  validation {
    condition     = length(var.layers) <= 5
    error_message = "A function can use at most 5 layers."
  }
}

variable "environment_variables" {
  description = "Environment variables of the function."
  type        = map(string)
  default     = {}
}

variable "memory_size" {
  description = "Memory in MB."
  type        = number
  default     = 256

  validation {
    condition     = var.memory_size >= 128 && var.memory_size <= 10240
    error_message = "memory_size must be between 128 and 10240 MB."
  }
}

variable "timeout" {
  description = "Timeout in seconds."
  type        = number
  default     = 30

  validation {
    condition     = var.timeout >= 1 && var.timeout <= 900
    error_message = "timeout must be between 1 and 900 seconds."
  }
}

variable "reserved_concurrent_executions" {
  description = "Reserved concurrency; -1 leaves the function unreserved."
  type        = number
  default     = -1

  validation {
    condition     = var.reserved_concurrent_executions >= -1
    error_message = "reserved_concurrent_executions must be -1 (unreserved) or a non-negative number."
  }
}

variable "log_retention_days" {
  description = "Retention of the function's log group, in days."
  type        = number
  default     = 14

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be a retention period CloudWatch Logs accepts."
  }
}

variable "kms_key_arn" {
  description = "Customer managed KMS key for the log group and the environment variables; null uses AWS owned keys. Its key policy must allow logs.<region>.amazonaws.com."
  type        = string
  default     = null
  nullable    = true

  validation {
    condition     = var.kms_key_arn == null || can(regex("^arn:aws[a-z-]*:kms:", var.kms_key_arn))
    error_message = "kms_key_arn must be a KMS key ARN or null."
  }
}

variable "policy_statements" {
  description = "Extra IAM statements for the execution role (least privilege: explicit actions, scoped resources)."
  type = list(object({
    sid       = string
    effect    = optional(string, "Allow")
    actions   = list(string)
    resources = list(string)
    conditions = optional(list(object({
      test     = string
      variable = string
      values   = list(string)
    })), [])
  }))
  default = []

  validation {
    condition     = alltrue([for s in var.policy_statements : can(regex("^[A-Za-z0-9]+$", s.sid))])
    error_message = "Every statement needs an alphanumeric sid."
  }

  validation {
    condition     = alltrue([for s in var.policy_statements : contains(["Allow", "Deny"], s.effect)])
    error_message = "effect must be Allow or Deny."
  }

  validation {
    condition     = alltrue(flatten([for s in var.policy_statements : [for a in s.actions : can(regex("^[a-z0-9-]+:[A-Za-z0-9]+$", a))]]))
    error_message = "Actions must be explicit service:Action names (no wildcards)."
  }

  validation {
    condition     = alltrue([for s in var.policy_statements : length(s.actions) > 0 && length(s.resources) > 0])
    error_message = "Every statement needs at least one action and one resource."
  }
}

variable "tags" {
  description = "Tags applied to every resource."
  type        = map(string)
  default     = {}
}
