# What every module test's mocked AWS provider answers for the data sources the modules read. A test adds its own
# mock_resource blocks (ARNs it asserts on) in its mock_provider "aws" { source = "../../tests/mocks/aws" } block.
mock_data "aws_caller_identity" {
  defaults = {
    account_id = "123456789012"
  }
}

mock_data "aws_partition" {
  defaults = {
    partition = "aws"
  }
}

mock_data "aws_region" {
  defaults = {
    name = "eu-west-1"
  }
}

# Rendered policies must be JSON objects: the provider validates every policy argument.
mock_data "aws_iam_policy_document" {
  defaults = {
    json = "{\"Version\":\"2012-10-17\",\"Statement\":[]}"
  }
}
