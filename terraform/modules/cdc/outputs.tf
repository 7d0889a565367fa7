output "function_name" {
  description = "Name of the enrichment function."
  value       = module.enrich.function_name
}

output "function_arn" {
  description = "ARN of the enrichment function."
  value       = module.enrich.function_arn
}

output "orders_pipe_name" {
  description = "Name of the orders CDC pipe."
  value       = aws_pipes_pipe.this["orders"].name
}

output "inventory_pipe_name" {
  description = "Name of the inventory CDC pipe."
  value       = aws_pipes_pipe.this["inventory"].name
}

output "pipe_dlq_url" {
  description = "URL of the pipes' dead-letter queue."
  value       = aws_sqs_queue.pipe_dlq.url
}

output "pipe_dlq_arn" {
  description = "ARN of the pipes' dead-letter queue."
  value       = aws_sqs_queue.pipe_dlq.arn
}
