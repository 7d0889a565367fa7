output "orders_table_name" {
  description = "Name of the orders table."
  value       = aws_dynamodb_table.this.name
}

output "orders_table_arn" {
  description = "ARN of the orders table."
  value       = aws_dynamodb_table.this.arn
}

output "orders_table_stream_arn" {
  description = "ARN of the orders table stream (NEW_AND_OLD_IMAGES)."
  value       = aws_dynamodb_table.this.stream_arn
}

output "api_id" {
  description = "Id of the orders REST API."
  value       = aws_api_gateway_rest_api.this.id
}

output "api_stage_name" {
  description = "Name of the deployed stage."
  value       = aws_api_gateway_stage.this.stage_name
}

output "api_invoke_url" {
  description = "Invoke URL of the stage (append /orders)."
  value       = aws_api_gateway_stage.this.invoke_url
}

output "api_execution_arn" {
  description = "Execution ARN of the stage."
  value       = aws_api_gateway_stage.this.execution_arn
}
