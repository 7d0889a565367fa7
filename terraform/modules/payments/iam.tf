locals {
  function_policy_statements = concat(
    [
      {
        sid       = "ConsumePaymentRequests"
        actions   = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes"]
        resources = [aws_sqs_queue.this.arn]
      },
      {
        sid       = "ReadAndTransitionOrders"
        actions   = ["dynamodb:GetItem", "dynamodb:UpdateItem"]
        resources = [var.orders_table.arn]
      },
      {
        sid       = "ReadPrices"
        actions   = ["dynamodb:BatchGetItem"]
        resources = [var.inventory_table.arn]
      },
      {
        sid       = "IdempotencyRecords"
        actions   = ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"]
        resources = [aws_dynamodb_table.idempotency.arn]
      },
      {
        sid       = "ReadProviderSecret"
        actions   = ["secretsmanager:GetSecretValue"]
        resources = [aws_secretsmanager_secret.provider.arn]
      },
    ],
    var.kms_key_arn == null ? [] : [
      {
        # SQS messages and the secret are encrypted with the customer managed key.
        sid       = "DecryptMessagesAndSecret"
        actions   = ["kms:Decrypt"]
        resources = [var.kms_key_arn]
      },
    ],
  )
}
