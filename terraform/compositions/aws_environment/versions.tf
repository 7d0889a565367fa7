terraform {
  # 1.10: the S3 backend's native lock file (use_lockfile in backend.hcl)
  required_version = ">= 1.10"

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
