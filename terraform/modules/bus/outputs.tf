output "event_bus_name" {
  description = "Name of the custom event bus."
  value       = aws_cloudwatch_event_bus.this.name
}

output "event_bus_arn" {
  description = "ARN of the custom event bus."
  value       = aws_cloudwatch_event_bus.this.arn
}

output "archive_name" {
  description = "Name of the bus archive (for replays)."
  value       = aws_cloudwatch_event_archive.this.name
}

output "archive_arn" {
  description = "ARN of the bus archive."
  value       = aws_cloudwatch_event_archive.this.arn
}

output "events_dlq_arn" {
  description = "ARN of the shared dead-letter queue of rule targets."
  value       = aws_sqs_queue.events_dlq.arn
}

output "events_dlq_url" {
  description = "URL of the shared dead-letter queue of rule targets."
  value       = aws_sqs_queue.events_dlq.url
}

output "events_log_group_name" {
  description = "Name of the audit log group every event is written to."
  value       = aws_cloudwatch_log_group.events.name
}

output "catch_all_rule_name" {
  description = "Name of the audit (catch-all) rule."
  value       = aws_cloudwatch_event_rule.catch_all.name
}
