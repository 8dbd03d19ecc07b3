package ailint.rules.nvidia_driver_extension_unpinned_test

import data.ailint.rules.nvidia_driver_extension_unpinned as rule
import data.ailint.test_inputs

tf(type, config) := test_inputs.unit("terraform", [test_inputs.tf_res(type, "gpu", config)])

arm(type, config) := test_inputs.unit("arm", [{"id": "nvidia", "type": type, "name": "nvidia", "config": config}])

unknown := {"$unknown": "var.settings", "$refs": ["var.settings"]}

linux := {"publisher": "Microsoft.HpcCompute", "type": "NvidiaGpuDriverLinux", "type_handler_version": "1.9"}

windows := {"publisher": "Microsoft.HpcCompute", "type": "NvidiaGpuDriverWindows", "type_handler_version": "1.6"}

pinned := "{\"driverVersion\":\"535.154.05\"}"

paths(findings) := {f.path | some f in findings}

# --- Terraform VM extension ----------------------------------------------------------------------

test_tf_vm_extension_pinned_passes if {
	count(rule.deny) == 0 with input as tf("azurerm_virtual_machine_extension", object.union(linux, {"settings": pinned}))
}

test_tf_vm_extension_auto_upgrade_default_is_false if {
	# No auto_upgrade_minor_version: the VM extension default is false, so only pinned settings matter.
	count(rule.deny) == 0 with input as tf("azurerm_virtual_machine_extension", object.union(linux, {"settings": pinned, "auto_upgrade_minor_version": false}))
}

test_tf_vm_extension_auto_upgrade_true_fires if {
	findings := rule.deny with input as tf("azurerm_virtual_machine_extension", object.union(linux, {"settings": pinned, "auto_upgrade_minor_version": true}))
	count(findings) == 1
	some f in findings
	f.path == ["auto_upgrade_minor_version"]
	contains(f.message, "auto_upgrade_minor_version = true")
}

test_tf_automatic_upgrade_enabled_fires if {
	findings := rule.deny with input as tf("azurerm_virtual_machine_extension", object.union(linux, {"settings": pinned, "automatic_upgrade_enabled": true}))
	paths(findings) == {["automatic_upgrade_enabled"]}
}

test_tf_missing_settings_fires if {
	findings := rule.deny with input as tf("azurerm_virtual_machine_extension", linux)
	count(findings) == 1
	some f in findings
	f.path == ["settings"]
	contains(f.message, "no `settings`")
	contains(f.message, "driverVersion")
}

test_tf_settings_without_driver_version_fires if {
	findings := rule.deny with input as tf("azurerm_virtual_machine_extension", object.union(linux, {"settings": "{\"updateOS\":false,\"installCUDA\":true}"}))
	count(findings) == 1
	some f in findings
	f.path == ["settings"]
	contains(f.message, "no driver version")
}

test_tf_latest_driver_version_fires if {
	findings := rule.deny with input as tf("azurerm_virtual_machine_extension", object.union(linux, {"settings": "{\"driverVersion\":\"latest\"}"}))
	count(findings) == 1
	some f in findings
	contains(f.message, "\"latest\"")
}

test_tf_unknown_settings_pass if {
	count(rule.deny) == 0 with input as tf("azurerm_virtual_machine_extension", object.union(linux, {"settings": unknown}))
	count(rule.deny) == 0 with input as tf("azurerm_virtual_machine_extension", object.union(linux, {"settings": unknown, "auto_upgrade_minor_version": unknown}))
}

test_tf_other_publisher_passes if {
	count(rule.deny) == 0 with input as tf("azurerm_virtual_machine_extension", {
		"publisher": "Microsoft.Azure.Extensions", "type": "CustomScript", "type_handler_version": "2.1",
		"auto_upgrade_minor_version": true,
	})
}

test_tf_publisher_case_insensitive if {
	count(rule.deny) == 1 with input as tf("azurerm_virtual_machine_extension", object.union(linux, {"publisher": "microsoft.hpccompute"}))
}

test_tf_unknown_publisher_passes if {
	count(rule.deny) == 0 with input as tf("azurerm_virtual_machine_extension", object.union(linux, {"publisher": unknown}))
}

# --- Terraform scale set extension (auto_upgrade_minor_version defaults to true) -----------------

test_tf_vmss_extension_default_auto_upgrade_fires if {
	findings := rule.deny with input as tf("azurerm_virtual_machine_scale_set_extension", object.union(linux, {"settings": pinned}))
	count(findings) == 1
	some f in findings
	f.path == ["auto_upgrade_minor_version"]
	contains(f.message, "defaults to true")
}

test_tf_vmss_extension_explicit_false_passes if {
	count(rule.deny) == 0 with input as tf("azurerm_virtual_machine_scale_set_extension", object.union(linux, {"settings": pinned, "auto_upgrade_minor_version": false}))
}

test_tf_vmss_extension_both_problems if {
	findings := rule.deny with input as tf("azurerm_virtual_machine_scale_set_extension", linux)
	paths(findings) == {["auto_upgrade_minor_version"], ["settings"]}
}

# --- Terraform inline extension blocks ---------------------------------------------------------

test_tf_inline_linux_vmss if {
	cfg := {"sku": "Standard_NC24ads_A100_v4", "extension": [
		{"name": "custom", "publisher": "Microsoft.Azure.Extensions", "type": "CustomScript", "type_handler_version": "2.1"},
		object.union(linux, {"name": "nvidia", "settings": pinned}),
	]}
	findings := rule.deny with input as tf("azurerm_linux_virtual_machine_scale_set", cfg)
	paths(findings) == {["extension", 1, "auto_upgrade_minor_version"]}
	some f in findings
	contains(f.message, "extension `nvidia`")
}

test_tf_inline_pinned_and_off_passes if {
	cfg := {"extension": [object.union(linux, {"name": "nvidia", "settings": pinned, "auto_upgrade_minor_version": false})]}
	count(rule.deny) == 0 with input as tf("azurerm_linux_virtual_machine_scale_set", cfg)
}

test_tf_inline_orchestrated_uses_its_own_attribute if {
	cfg := {"extension": [object.union(linux, {"name": "nvidia", "settings": pinned})]}
	findings := rule.deny with input as tf("azurerm_orchestrated_virtual_machine_scale_set", cfg)
	paths(findings) == {["extension", 0, "auto_upgrade_minor_version_enabled"]}
	ok := object.union(cfg, {"extension": [object.union(linux, {"name": "nvidia", "settings": pinned, "auto_upgrade_minor_version_enabled": false})]})
	count(rule.deny) == 0 with input as tf("azurerm_orchestrated_virtual_machine_scale_set", ok)
}

test_tf_inline_legacy_vmss_defaults_off if {
	cfg := {"extension": [object.union(linux, {"name": "nvidia", "settings": pinned})]}
	count(rule.deny) == 0 with input as tf("azurerm_virtual_machine_scale_set", cfg)
}

test_tf_dynamic_extension_block_passes if {
	count(rule.deny) == 0 with input as tf("azurerm_linux_virtual_machine_scale_set", {"extension": [unknown]})
	count(rule.deny) == 0 with input as tf("azurerm_linux_virtual_machine_scale_set", {"extension": unknown})
}

# --- Windows -----------------------------------------------------------------------------------

test_tf_windows_driver_url_pins if {
	count(rule.deny) == 0 with input as tf("azurerm_virtual_machine_extension", object.union(windows, {"settings": "{\"DriverURL\":\"https://example.com/553.62_grid.exe\"}"}))
	count(rule.deny) == 0 with input as tf("azurerm_virtual_machine_extension", object.union(windows, {"settings": pinned}))
}

test_tf_windows_without_pin_fires_with_driver_url_advice if {
	findings := rule.deny with input as tf("azurerm_virtual_machine_extension", object.union(windows, {"settings": "{}"}))
	count(findings) == 1
	some f in findings
	contains(f.message, "DriverURL")
}

test_linux_driver_url_does_not_pin if {
	count(rule.deny) == 1 with input as tf("azurerm_virtual_machine_extension", object.union(linux, {"settings": "{\"DriverURL\":\"https://example.com/x.run\"}"}))
}

# --- ARM ---------------------------------------------------------------------------------------

arm_ext(props) := {"type": "Microsoft.Compute/virtualMachines/extensions", "name": "vm/nvidia", "properties": object.union(
	{"publisher": "Microsoft.HpcCompute", "type": "NvidiaGpuDriverLinux", "typeHandlerVersion": "1.9"},
	props,
)}

test_arm_pinned_passes if {
	count(rule.deny) == 0 with input as arm("Microsoft.Compute/virtualMachines/extensions", arm_ext({"autoUpgradeMinorVersion": false, "settings": {"driverVersion": "535.154.05"}}))
	# autoUpgradeMinorVersion absent is off
	count(rule.deny) == 0 with input as arm("Microsoft.Compute/virtualMachines/extensions", arm_ext({"settings": {"driverVersion": "535.154.05"}}))
}

test_arm_auto_upgrade_fires if {
	findings := rule.deny with input as arm("Microsoft.Compute/virtualMachines/extensions", arm_ext({"autoUpgradeMinorVersion": true, "enableAutomaticUpgrade": "true", "settings": {"driverVersion": "535.154.05"}}))
	paths(findings) == {["properties", "autoUpgradeMinorVersion"], ["properties", "enableAutomaticUpgrade"]}
}

test_arm_missing_settings_fires if {
	findings := rule.deny with input as arm("Microsoft.Compute/virtualMachines/extensions", arm_ext({}))
	paths(findings) == {["properties", "settings", "driverVersion"]}
}

test_arm_settings_without_version_fires if {
	findings := rule.deny with input as arm("Microsoft.Compute/virtualMachineScaleSets/extensions", arm_ext({"settings": {"updateOS": true}}))
	paths(findings) == {["properties", "settings", "driverVersion"]}
}

test_arm_latest_points_at_the_value if {
	findings := rule.deny with input as arm("Microsoft.Compute/virtualMachines/extensions", arm_ext({"settings": {"DriverVersion": "Latest"}}))
	paths(findings) == {["properties", "settings", "DriverVersion"]}
}

test_arm_unknown_settings_pass if {
	u := {"$unknown": "[parameters('settings')]", "$refs": []}
	count(rule.deny) == 0 with input as arm("Microsoft.Compute/virtualMachines/extensions", arm_ext({"settings": u}))
	count(rule.deny) == 0 with input as arm("Microsoft.Compute/virtualMachines/extensions", arm_ext({"settings": {"driverVersion": u}}))
	count(rule.deny) == 0 with input as arm("Microsoft.Compute/virtualMachines/extensions", arm_ext({"settings": {"driverVersion": "535.154.05"}, "autoUpgradeMinorVersion": u}))
}

test_arm_other_publisher_passes if {
	ext := {"type": "Microsoft.Compute/virtualMachines/extensions", "properties": {
		"publisher": "Microsoft.Azure.Extensions", "type": "CustomScript", "typeHandlerVersion": "2.1",
		"autoUpgradeMinorVersion": true, "settings": {},
	}}
	count(rule.deny) == 0 with input as arm("Microsoft.Compute/virtualMachines/extensions", ext)
}

test_arm_inline_vmss_extension if {
	vmss := {"type": "Microsoft.Compute/virtualMachineScaleSets", "sku": {"name": "Standard_NC24ads_A100_v4"}, "properties": {"virtualMachineProfile": {"extensionProfile": {"extensions": [
		{"name": "health", "properties": {"publisher": "Microsoft.ManagedServices", "type": "ApplicationHealthLinux", "autoUpgradeMinorVersion": true}},
		{"name": "nvidia", "properties": {"publisher": "Microsoft.HpcCompute", "type": "NvidiaGpuDriverLinux", "autoUpgradeMinorVersion": true}},
	]}}}}
	findings := rule.deny with input as arm("Microsoft.Compute/virtualMachineScaleSets", vmss)
	prefix := ["properties", "virtualMachineProfile", "extensionProfile", "extensions", 1, "properties"]
	paths(findings) == {
		array.concat(prefix, ["autoUpgradeMinorVersion"]),
		array.concat(prefix, ["settings", "driverVersion"]),
	}
}

test_formats_are_guarded if {
	inp := object.union(tf("azurerm_virtual_machine_extension", linux), {"format": "kubernetes"})
	count(rule.deny) == 0 with input as inp
}
