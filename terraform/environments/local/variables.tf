variable "emulator_endpoint" {
  description = "URL of the running emulator, e.g. http://127.0.0.1:4566 (printed by `python -m local.emulator`)."
  type        = string

  validation {
    condition     = can(regex("^https?://[^/]+$", var.emulator_endpoint))
    error_message = "emulator_endpoint must be a scheme://host:port URL without a path."
  }
}

variable "artifacts_dir" {
  description = "Folder of the built packages; null uses the repository's build/dist."
  type        = string
  default     = null
  nullable    = true
}

variable "provider_url" {
  description = "Base URL of the payment provider simulator."
  type        = string
  default     = "http://127.0.0.1:8089"

  validation {
    condition     = can(regex("^https?://\\S+$", var.provider_url))
    error_message = "provider_url must be an http(s) URL."
  }
}

variable "provider_api_key" {
  description = "API key the payment provider simulator expects."
  type        = string
  default     = "local-provider-key"
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
