resource "aws_lambda_layer_version" "this" {
  layer_name               = "${var.name_prefix}-${var.name}"
  description              = var.description
  filename                 = var.filename
  source_code_hash         = filebase64sha256(var.filename)
  compatible_runtimes      = var.compatible_runtimes
  compatible_architectures = var.compatible_architectures
}
