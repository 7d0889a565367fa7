locals {
  tags = merge({ Project = "order-platform", Environment = var.name_prefix }, var.tags)
}

module "common_layer" {
  source = "../lambda_layer"

  name_prefix = var.name_prefix
  name        = "common"
  description = "order_common and the pinned runtime dependencies shared by every function."
  filename    = "${var.artifacts_dir}/layer-common.zip"
}

module "bus" {
  source = "../bus"

  name_prefix            = var.name_prefix
  archive_retention_days = var.archive_retention_days
  log_retention_days     = var.log_retention_days
  kms_key_arn            = var.kms_key_arn

  tags = local.tags
}

module "orders" {
  source = "../orders"

  name_prefix               = var.name_prefix
  manage_apigateway_account = var.manage_apigateway_account
  deletion_protection       = var.deletion_protection
  log_retention_days        = var.log_retention_days
  kms_key_arn               = var.kms_key_arn

  tags = local.tags
}

module "inventory" {
  source = "../inventory"

  name_prefix         = var.name_prefix
  event_bus_name      = module.bus.event_bus_name
  events_dlq_arn      = module.bus.events_dlq_arn
  low_stock_threshold = var.low_stock_threshold
  deletion_protection = var.deletion_protection
  alert_email         = var.alert_email
  kms_key_arn         = var.kms_key_arn

  tags = local.tags
}

module "cdc" {
  source = "../cdc"

  name_prefix      = var.name_prefix
  artifacts_dir    = var.artifacts_dir
  common_layer_arn = module.common_layer.layer_version_arn
  event_bus_arn    = module.bus.event_bus_arn
  sources = {
    orders = {
      stream_arn  = module.orders.orders_table_stream_arn
      source      = "${var.name_prefix}.orders.cdc"
      detail_type = "OrderChanged"
    }
    inventory = {
      stream_arn  = module.inventory.inventory_table_stream_arn
      source      = "${var.name_prefix}.inventory.cdc"
      detail_type = "InventoryChanged"
    }
  }
  log_retention_days = var.log_retention_days
  kms_key_arn        = var.kms_key_arn

  tags = local.tags
}

module "payments" {
  source = "../payments"

  name_prefix      = var.name_prefix
  artifacts_dir    = var.artifacts_dir
  common_layer_arn = module.common_layer.layer_version_arn
  orders_table = {
    name = module.orders.orders_table_name
    arn  = module.orders.orders_table_arn
  }
  inventory_table = {
    name = module.inventory.inventory_table_name
    arn  = module.inventory.inventory_table_arn
  }
  provider_url                = var.provider_url
  provider_api_key            = var.provider_api_key
  max_concurrency             = var.payments_max_concurrency
  secret_recovery_window_days = var.secret_recovery_window_days
  log_retention_days          = var.log_retention_days
  kms_key_arn                 = var.kms_key_arn

  tags = local.tags
}

module "workflows" {
  source = "../workflows"

  name_prefix = var.name_prefix
  orders_table = {
    name = module.orders.orders_table_name
    arn  = module.orders.orders_table_arn
  }
  inventory_table = {
    name = module.inventory.inventory_table_name
    arn  = module.inventory.inventory_table_arn
  }
  payments_queue = {
    url = module.payments.payments_queue_url
    arn = module.payments.payments_queue_arn
  }
  event_bus = {
    name = module.bus.event_bus_name
    arn  = module.bus.event_bus_arn
  }
  events_dlq_arn     = module.bus.events_dlq_arn
  log_retention_days = var.log_retention_days
  kms_key_arn        = var.kms_key_arn

  tags = local.tags
}
