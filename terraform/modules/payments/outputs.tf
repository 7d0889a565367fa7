output "payments_queue_url" {
  description = "URL of the payment requests queue."
  value       = aws_sqs_queue.this.url
}

output "payments_queue_arn" {
  description = "ARN of the payment requests queue."
  value       = aws_sqs_queue.this.arn
}

output "payments_dlq_url" {
  description = "URL of the payments dead-letter queue."
  value       = aws_sqs_queue.dlq.url
}

output "payments_dlq_arn" {
  description = "ARN of the payments dead-letter queue."
  value       = aws_sqs_queue.dlq.arn
}

output "function_name" {
  description = "Name of the payments function."
  value       = module.function.function_name
}

output "function_arn" {
  description = "ARN of the payments function."
  value       = module.function.function_arn
}

output "idempotency_table_name" {
  description = "Name of the idempotency table."
  value       = aws_dynamodb_table.idempotency.name
}

output "provider_secret_arn" {
  description = "ARN of the payment provider secret."
  value       = aws_secretsmanager_secret.provider.arn
}

output "event_source_mapping_uuid" {
  description = "UUID of the queue -> function event-source mapping."
  value       = aws_lambda_event_source_mapping.this.uuid
}
