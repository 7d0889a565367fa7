# terraform init -backend-config=backend.hcl   (make plan ENV=dev does this)
# The S3 backend's native lock file (use_lockfile, Terraform >= 1.10) replaces a DynamoDB lock table.
bucket       = "order-platform-terraform-state-dev"
key          = "order-platform/dev/terraform.tfstate"
region       = "eu-west-1"
encrypt      = true
use_lockfile = true
