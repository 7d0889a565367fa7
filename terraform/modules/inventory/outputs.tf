output "inventory_table_name" {
  description = "Name of the inventory table."
  value       = aws_dynamodb_table.this.name
}

output "inventory_table_arn" {
  description = "ARN of the inventory table."
  value       = aws_dynamodb_table.this.arn
}

output "inventory_table_stream_arn" {
  description = "ARN of the inventory table stream (NEW_AND_OLD_IMAGES)."
  value       = aws_dynamodb_table.this.stream_arn
}

output "alerts_topic_arn" {
  description = "ARN of the inventory alerts topic."
  value       = aws_sns_topic.alerts.arn
}

output "restock_queue_url" {
  description = "URL of the restock queue (subscribed to the alerts topic)."
  value       = aws_sqs_queue.restock.url
}

output "restock_queue_arn" {
  description = "ARN of the restock queue."
  value       = aws_sqs_queue.restock.arn
}

output "restock_dlq_url" {
  description = "URL of the restock dead-letter queue."
  value       = aws_sqs_queue.restock_dlq.url
}

output "low_stock_rule_name" {
  description = "Name of the low-stock rule on the bus."
  value       = aws_cloudwatch_event_rule.low_stock.name
}

output "restock_dlq_arn" {
  description = "ARN of the restock dead-letter queue."
  value       = aws_sqs_queue.restock_dlq.arn
}

output "alerts_dlq_url" {
  description = "URL of the alerts dead-letter queue (deliveries the alerts topic's subscriptions could not take)."
  value       = aws_sqs_queue.alerts_dlq.url
}

output "alerts_dlq_arn" {
  description = "ARN of the alerts dead-letter queue."
  value       = aws_sqs_queue.alerts_dlq.arn
}
