terraform {
  required_version = ">= 1.5"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.100, < 6.0"
    }
  }

  # Local state (terraform.tfstate here, git-ignored): this environment lives in the emulator only.
}
