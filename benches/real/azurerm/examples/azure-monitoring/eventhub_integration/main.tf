# Copyright IBM Corp. 2014, 2025
# SPDX-License-Identifier: MPL-2.0

resource "azurerm_resource_group" "example" {
  name     = "example_rg_eventhub"
  location = "West Europe"
}

resource "azurerm_eventhub_namespace" "example" {
  name                = "exampleEventhubns"
  location            = azurerm_resource_group.example.location
  resource_group_name = azurerm_resource_group.example.name

  sku = "Standard"
}

resource "azurerm_eventhub" "example" {
  name         = "example_eventhub"
  namespace_id = azurerm_eventhub_namespace.example.id

  partition_count   = 2
  message_retention = 1
}

resource "azurerm_eventhub_namespace_authorization_rule" "example" {
  name                = "example_eventhubns_auth_rule"
  namespace_name      = azurerm_eventhub_namespace.example.name
  resource_group_name = azurerm_resource_group.example.name

  listen = true
  send   = true
  manage = true
}

data "azurerm_kusto_cluster" "example" {
  name                = "examplekustocluster"
  resource_group_name = "example_rg_kusto_cluster"
}

data "azurerm_monitor_diagnostic_categories" "example" {
  resource_id = data.azurerm_kusto_cluster.example.id
}

resource "azurerm_monitor_diagnostic_setting" "example" {
  name                           = "example_monitor_diag_setting"
  target_resource_id             = data.azurerm_kusto_cluster.example.id
  eventhub_name                  = azurerm_eventhub.example.name
  eventhub_authorization_rule_id = azurerm_eventhub_namespace_authorization_rule.example.id

  dynamic "enabled_log" {
    for_each = data.azurerm_monitor_diagnostic_categories.example.log_category_types
    content {
      category = enabled_log.key
    }
  }
}
