# What makes this folder the staging environment; everything else is linked from ../../compositions/aws_environment.
locals {
  environment = "staging"
}
