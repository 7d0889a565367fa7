output "state_machine_arns" {
  description = "ARN of each state machine, by workflow (order-processing, fulfillment, order-compensation)."
  value       = { for name, machine in aws_sfn_state_machine.this : name => machine.arn }
}

output "state_machine_names" {
  description = "Name of each state machine, by workflow."
  value       = { for name, machine in aws_sfn_state_machine.this : name => machine.name }
}

output "order_processing_state_machine_arn" {
  description = "ARN of the order-processing (EXPRESS) state machine."
  value       = aws_sfn_state_machine.this["order-processing"].arn
}

output "fulfillment_state_machine_arn" {
  description = "ARN of the fulfillment (STANDARD) state machine."
  value       = aws_sfn_state_machine.this["fulfillment"].arn
}

output "order_compensation_state_machine_arn" {
  description = "ARN of the order-compensation (EXPRESS) state machine."
  value       = aws_sfn_state_machine.this["order-compensation"].arn
}

output "rule_names" {
  description = "Name of the rule that starts each workflow, by workflow."
  value       = { for name, rule in aws_cloudwatch_event_rule.this : name => rule.name }
}

output "log_group_names" {
  description = "Execution log group of each workflow, by workflow."
  value       = { for name, group in aws_cloudwatch_log_group.this : name => group.name }
}
