# What makes this folder the prod environment; everything else is linked from ../../compositions/aws_environment.
locals {
  environment = "prod"
}
