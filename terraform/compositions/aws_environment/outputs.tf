# Pass-through of the platform's outputs (clients, tests and the local event plane read these).

output "api_id" {
  description = "Id of the orders REST API."
  value       = module.platform.api_id
}

output "api_stage_name" {
  description = "Stage of the orders REST API."
  value       = module.platform.api_stage_name
}

output "api_invoke_url" {
  description = "Invoke URL of the orders API stage (POST {url}/orders, GET {url}/orders/{id})."
  value       = module.platform.api_invoke_url
}

output "orders_table_name" {
  description = "Name of the orders table."
  value       = module.platform.orders_table_name
}

output "inventory_table_name" {
  description = "Name of the inventory table."
  value       = module.platform.inventory_table_name
}

output "idempotency_table_name" {
  description = "Name of the payments idempotency table."
  value       = module.platform.idempotency_table_name
}

output "event_bus_name" {
  description = "Name of the orders event bus."
  value       = module.platform.event_bus_name
}

output "event_bus_arn" {
  description = "ARN of the orders event bus."
  value       = module.platform.event_bus_arn
}

output "event_archive_name" {
  description = "Name of the bus archive (replays)."
  value       = module.platform.event_archive_name
}

output "events_log_group_name" {
  description = "Audit log group receiving every event on the bus."
  value       = module.platform.events_log_group_name
}

output "payments_queue_url" {
  description = "URL of the payment requests queue."
  value       = module.platform.payments_queue_url
}

output "payments_dlq_url" {
  description = "URL of the payments dead-letter queue."
  value       = module.platform.payments_dlq_url
}

output "restock_queue_url" {
  description = "URL of the restock queue (low-stock alerts)."
  value       = module.platform.restock_queue_url
}

output "cdc_pipe_dlq_url" {
  description = "URL of the CDC pipes' dead-letter queue."
  value       = module.platform.cdc_pipe_dlq_url
}

output "events_dlq_url" {
  description = "URL of the dead-letter queue of the bus rule targets."
  value       = module.platform.events_dlq_url
}

output "inventory_alerts_topic_arn" {
  description = "ARN of the inventory alerts topic."
  value       = module.platform.inventory_alerts_topic_arn
}

output "state_machine_arns" {
  description = "ARN of each state machine by workflow (order-processing, fulfillment, order-compensation)."
  value       = module.platform.state_machine_arns
}

output "order_processing_state_machine_arn" {
  description = "ARN of the order-processing state machine."
  value       = module.platform.order_processing_state_machine_arn
}

output "fulfillment_state_machine_arn" {
  description = "ARN of the fulfillment state machine."
  value       = module.platform.fulfillment_state_machine_arn
}

output "order_compensation_state_machine_arn" {
  description = "ARN of the order-compensation state machine."
  value       = module.platform.order_compensation_state_machine_arn
}

output "workflow_rule_names" {
  description = "Name of the rule starting each workflow."
  value       = module.platform.workflow_rule_names
}

output "common_layer_arn" {
  description = "Version ARN of the common layer."
  value       = module.platform.common_layer_arn
}

output "cdc_function_name" {
  description = "Name of the CDC enrichment function."
  value       = module.platform.cdc_function_name
}

output "payments_function_name" {
  description = "Name of the payments function."
  value       = module.platform.payments_function_name
}

output "cdc_pipe_names" {
  description = "Names of the CDC pipes."
  value       = module.platform.cdc_pipe_names
}

output "provider_secret_arn" {
  description = "ARN of the payment provider secret."
  value       = module.platform.provider_secret_arn
}
