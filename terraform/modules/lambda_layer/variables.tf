variable "name_prefix" {
  description = "Prefix of every resource name (environment, e.g. \"local\", \"dev\")."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,20}$", var.name_prefix))
    error_message = "name_prefix must match ^[a-z][a-z0-9-]{1,20}$."
  }
}

variable "name" {
  description = "Layer name after the prefix; the layer is named \"<name_prefix>-<name>\"."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,40}$", var.name))
    error_message = "name must match ^[a-z][a-z0-9-]{1,40}$."
  }
}

variable "description" {
  description = "Description of the layer version."
  type        = string
  default     = ""
}

variable "filename" {
  description = "Path of the prebuilt layer archive (.zip, with a python/ folder at its root)."
  type        = string

  validation {
    condition     = endswith(var.filename, ".zip")
    error_message = "filename must be a .zip archive."
  }
}

variable "compatible_runtimes" {
  description = "Runtimes the layer is built for."
  type        = list(string)
  default     = ["python3.12"]

  validation {
    condition     = length(var.compatible_runtimes) > 0 && alltrue([for r in var.compatible_runtimes : can(regex("^python3\\.[0-9]+$", r))])
    error_message = "compatible_runtimes must list Python runtimes (e.g. python3.12)."
  }
}

variable "compatible_architectures" {
  description = "Architectures the layer is built for."
  type        = list(string)
  default     = ["x86_64"]

  validation {
    condition     = alltrue([for a in var.compatible_architectures : contains(["x86_64", "arm64"], a)])
    error_message = "compatible_architectures may contain x86_64 and arm64."
  }
}

variable "shared_with_account_ids" {
  description = "Other AWS accounts allowed to use this layer version (lambda:GetLayerVersion); none by default."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for id in var.shared_with_account_ids : can(regex("^[0-9]{12}$", id))])
    error_message = "shared_with_account_ids must be 12-digit AWS account ids."
  }
}
