# terraform init -backend-config=backend.hcl
bucket       = "order-platform-terraform-state-dev"
key          = "order-platform/dev/terraform.tfstate"
region       = "eu-west-1"
encrypt      = true
use_lockfile = true
