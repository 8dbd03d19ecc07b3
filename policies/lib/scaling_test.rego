package ailint.lib.scaling_test

import data.ailint.lib

test_iso8601_seconds if {
	lib.iso8601_seconds("PT15M") == 900
	lib.iso8601_seconds("pt5m") == 300
	lib.iso8601_seconds("PT1H") == 3600
	lib.iso8601_seconds("PT1H30M") == 5400
	lib.iso8601_seconds("PT300S") == 300
	lib.iso8601_seconds(" PT90S ") == 90
	lib.iso8601_seconds("PT0.5S") == 0.5
	lib.iso8601_seconds("P1D") == 86400
	lib.iso8601_seconds("P1DT2H") == 93600
	lib.iso8601_seconds("P1W") == 604800
}

test_iso8601_rejects_other_text if {
	not lib.iso8601_seconds("P")
	not lib.iso8601_seconds("PT")
	not lib.iso8601_seconds("P1DT")
	not lib.iso8601_seconds("P1M")
	not lib.iso8601_seconds("15m")
	not lib.iso8601_seconds("00:15:00")
	not lib.iso8601_seconds(900)
	not lib.iso8601_seconds({"$unknown": "var.cooldown", "$refs": ["var.cooldown"]})
}

test_duration_texts if {
	lib.duration_text(900) == "15 minutes"
	lib.duration_text(60) == "1 minute"
	lib.duration_text(3600) == "1 hour"
	lib.duration_text(7200) == "2 hours"
	lib.duration_text(90) == "90 seconds"
	lib.duration_text(0.5) == "0.5 seconds"
	lib.iso8601_text(900) == "PT15M"
	lib.iso8601_text(3600) == "PT1H"
	lib.iso8601_text(90) == "PT90S"
}

test_gpu_vms_and_scale_sets if {
	inp := {"format": "terraform", "config": {}}
	lib.is_gpu_vm({"type": "azurerm_linux_virtual_machine", "config": {"size": "Standard_NC6s_v3"}}) with input as inp
	lib.is_gpu_vm({"type": "azurerm_virtual_machine", "config": {"vm_size": "Standard_ND40rs_v2"}}) with input as inp
	lib.is_gpu_vm({"type": "Microsoft.Compute/virtualMachines", "config": {"properties": {"hardwareProfile": {"vmSize": "Standard_NV36ads_A10_v5"}}}}) with input as inp
	lib.is_gpu_vm({"type": "microsoft.compute/VirtualMachines", "config": {"properties": {"hardwareProfile": {"vmSize": "Standard_NC6s_v3"}}}}) with input as inp
	not lib.is_gpu_vm({"type": "azurerm_linux_virtual_machine", "config": {"size": "Standard_D4s_v5"}}) with input as inp
	not lib.is_gpu_vm({"type": "azurerm_linux_virtual_machine", "config": {"size": {"$unknown": "var.size", "$refs": ["var.size"]}}}) with input as inp
	not lib.is_gpu_vm({"type": "azurerm_linux_virtual_machine_scale_set", "config": {"sku": "Standard_NC6s_v3"}}) with input as inp
	lib.is_gpu_scale_set({"type": "azurerm_linux_virtual_machine_scale_set", "config": {"sku": "Standard_NC6s_v3"}}) with input as inp
	lib.is_gpu_scale_set({"type": "azurerm_orchestrated_virtual_machine_scale_set", "config": {"sku_name": "Standard_NC6s_v3"}}) with input as inp
	lib.is_gpu_scale_set({"type": "azurerm_virtual_machine_scale_set", "config": {"sku": [{"name": "Standard_NC6s_v3", "capacity": 2}]}}) with input as inp
	lib.is_gpu_scale_set({"type": "Microsoft.Compute/virtualMachineScaleSets", "config": {"sku": {"name": "Standard_NC6s_v3"}}}) with input as inp
	not lib.is_gpu_scale_set({"type": "Microsoft.Compute/virtualMachineScaleSets", "config": {"sku": {"name": "Standard_D4s_v5"}}}) with input as inp
}
