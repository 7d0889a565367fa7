provider "aws" {
  region              = var.region
  allowed_account_ids = var.allowed_account_ids

  default_tags {
    tags = {
      Project     = "order-platform"
      Environment = local.environment
      Workspace   = terraform.workspace
      ManagedBy   = "terraform"
    }
  }
}
