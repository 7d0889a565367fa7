# What makes this folder the dev environment; everything else is linked from ../../compositions/aws_environment.
locals {
  environment = "dev"
}
