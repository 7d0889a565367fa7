output "layer_arn" {
  description = "ARN of the layer (without version)."
  value       = aws_lambda_layer_version.this.layer_arn
}

output "layer_version_arn" {
  description = "ARN of this layer version (what functions attach)."
  value       = aws_lambda_layer_version.this.arn
}

output "layer_version" {
  description = "Version number of the layer."
  value       = aws_lambda_layer_version.this.version
}
