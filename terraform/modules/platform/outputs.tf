# --- API -----------------------------------------------------------------------------------------------------------
output "api_id" {
  description = "Id of the orders REST API."
  value       = module.orders.api_id
}

output "api_stage_name" {
  description = "Stage of the orders REST API."
  value       = module.orders.api_stage_name
}

output "api_invoke_url" {
  description = "Invoke URL of the orders API stage (POST {url}/orders, GET {url}/orders/{id})."
  value       = module.orders.api_invoke_url
}

# --- Tables --------------------------------------------------------------------------------------------------------
output "orders_table_name" {
  description = "Name of the orders table."
  value       = module.orders.orders_table_name
}

output "inventory_table_name" {
  description = "Name of the inventory table."
  value       = module.inventory.inventory_table_name
}

output "idempotency_table_name" {
  description = "Name of the payments idempotency table."
  value       = module.payments.idempotency_table_name
}

# --- Bus -----------------------------------------------------------------------------------------------------------
output "event_bus_name" {
  description = "Name of the orders event bus."
  value       = module.bus.event_bus_name
}

output "event_bus_arn" {
  description = "ARN of the orders event bus."
  value       = module.bus.event_bus_arn
}

output "event_archive_name" {
  description = "Name of the bus archive (replays)."
  value       = module.bus.archive_name
}

output "events_log_group_name" {
  description = "Audit log group receiving every event on the bus."
  value       = module.bus.events_log_group_name
}

# --- Queues and topics ---------------------------------------------------------------------------------------------
output "payments_queue_url" {
  description = "URL of the payment requests queue."
  value       = module.payments.payments_queue_url
}

output "payments_dlq_url" {
  description = "URL of the payments dead-letter queue."
  value       = module.payments.payments_dlq_url
}

output "restock_queue_url" {
  description = "URL of the restock queue (low-stock alerts)."
  value       = module.inventory.restock_queue_url
}

output "cdc_pipe_dlq_url" {
  description = "URL of the CDC pipes' dead-letter queue."
  value       = module.cdc.pipe_dlq_url
}

output "events_dlq_url" {
  description = "URL of the dead-letter queue of the bus rule targets."
  value       = module.bus.events_dlq_url
}

output "inventory_alerts_topic_arn" {
  description = "ARN of the inventory alerts topic."
  value       = module.inventory.alerts_topic_arn
}

# --- Workflows -----------------------------------------------------------------------------------------------------
output "state_machine_arns" {
  description = "ARN of each state machine by workflow (order-processing, fulfillment, order-compensation)."
  value       = module.workflows.state_machine_arns
}

output "order_processing_state_machine_arn" {
  description = "ARN of the order-processing state machine."
  value       = module.workflows.order_processing_state_machine_arn
}

output "fulfillment_state_machine_arn" {
  description = "ARN of the fulfillment state machine."
  value       = module.workflows.fulfillment_state_machine_arn
}

output "order_compensation_state_machine_arn" {
  description = "ARN of the order-compensation state machine."
  value       = module.workflows.order_compensation_state_machine_arn
}

output "workflow_rule_names" {
  description = "Name of the rule starting each workflow."
  value       = module.workflows.rule_names
}

# --- Functions and pipes -------------------------------------------------------------------------------------------
output "common_layer_arn" {
  description = "Version ARN of the common layer."
  value       = module.common_layer.layer_version_arn
}

output "cdc_function_name" {
  description = "Name of the CDC enrichment function."
  value       = module.cdc.function_name
}

output "payments_function_name" {
  description = "Name of the payments function."
  value       = module.payments.function_name
}

output "cdc_pipe_names" {
  description = "Names of the CDC pipes."
  value       = [module.cdc.orders_pipe_name, module.cdc.inventory_pipe_name]
}

output "provider_secret_arn" {
  description = "ARN of the payment provider secret."
  value       = module.payments.provider_secret_arn
}

output "operations_policy_arn" {
  description = "ARN of the IAM policy operators attach to redrive the dead-letter queues and replay the archive."
  value       = aws_iam_policy.operations.arn
}
