terraform {
  required_version = ">= 1.5"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.100, < 6.0"
    }
  }

  # Remote state in S3 with a native lock file; settings in backend.hcl:
  #   terraform init -backend-config=backend.hcl
  backend "s3" {}
}
