# Every service the platform uses is pointed at the embedded emulator (moto server, see local/emulator.py).
# Fake credentials: nothing here can reach AWS. DynamoDB Streams has no endpoint of its own in the provider
# (stream ARNs come from the DynamoDB API).
provider "aws" {
  region     = "us-east-1"
  access_key = "test"
  secret_key = "test"

  skip_credentials_validation = true
  skip_metadata_api_check     = true
  skip_requesting_account_id  = true
  skip_region_validation      = true
  # The emulator lacks a few APIs the provider retries on for minutes otherwise.
  max_retries = 1

  endpoints {
    apigateway     = var.emulator_endpoint
    cloudwatch     = var.emulator_endpoint
    dynamodb       = var.emulator_endpoint
    events         = var.emulator_endpoint
    iam            = var.emulator_endpoint
    kms            = var.emulator_endpoint
    lambda         = var.emulator_endpoint
    logs           = var.emulator_endpoint
    pipes          = var.emulator_endpoint
    secretsmanager = var.emulator_endpoint
    sfn            = var.emulator_endpoint
    sns            = var.emulator_endpoint
    sqs            = var.emulator_endpoint
    ssm            = var.emulator_endpoint
    sts            = var.emulator_endpoint
  }
}
