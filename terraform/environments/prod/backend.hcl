# terraform init -backend-config=backend.hcl   (make plan ENV=prod does this)
# The S3 backend's native lock file (use_lockfile, Terraform >= 1.10) replaces a DynamoDB lock table.
bucket       = "order-platform-terraform-state-prod"
key          = "order-platform/prod/terraform.tfstate"
region       = "eu-west-1"
encrypt      = true
use_lockfile = true
