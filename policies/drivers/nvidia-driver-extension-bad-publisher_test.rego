package ailint.rules.nvidia_driver_extension_bad_publisher_test

import data.ailint.rules.nvidia_driver_extension_bad_publisher as rule
import data.ailint.test_inputs

tf(type, config) := test_inputs.unit("terraform", [test_inputs.tf_res(type, "gpu", config)])

arm(type, config) := test_inputs.unit("arm", [{"id": "nvidia", "type": type, "name": "nvidia", "config": config}])

unknown := {"$unknown": "var.publisher", "$refs": ["var.publisher"]}

ext(publisher, type) := {"publisher": publisher, "type": type, "type_handler_version": "1.9"}

arm_ext(publisher, type) := {"properties": {"publisher": publisher, "type": type, "typeHandlerVersion": "1.9"}}

# --- Terraform ---------------------------------------------------------------------------------

test_tf_misspelled_publisher_fires if {
	findings := rule.deny with input as tf("azurerm_virtual_machine_extension", ext("Microsoft.HCPCompute", "NvidiaGpuDriverLinux"))
	count(findings) == 1
	some f in findings
	f.path == ["publisher"]
	contains(f.message, "\"Microsoft.HCPCompute\"")
	contains(f.message, "\"Microsoft.HpcCompute\"")
	contains(f.message, "NvidiaGpuDriverLinux")
}

test_tf_other_wrong_publishers_fire if {
	count(rule.deny) == 1 with input as tf("azurerm_virtual_machine_extension", ext("Microsoft.HpcCompute.Extensions", "NvidiaGpuDriverLinux"))
	count(rule.deny) == 1 with input as tf("azurerm_virtual_machine_scale_set_extension", ext("Microsoft.Azure.HpcCompute", "NvidiaGpuDriverWindows"))
	count(rule.deny) == 1 with input as tf("azurerm_virtual_machine_extension", ext("NVIDIA", "NvidiaGpuDriverLinux"))
	count(rule.deny) == 1 with input as tf("azurerm_virtual_machine_extension", ext("Microsoft.HpcCompute ", "NvidiaGpuDriverLinux"))
}

test_tf_correct_publisher_any_case_passes if {
	count(rule.deny) == 0 with input as tf("azurerm_virtual_machine_extension", ext("Microsoft.HpcCompute", "NvidiaGpuDriverLinux"))
	count(rule.deny) == 0 with input as tf("azurerm_virtual_machine_extension", ext("microsoft.hpccompute", "nvidiagpudriverlinux"))
	count(rule.deny) == 0 with input as tf("azurerm_virtual_machine_extension", ext("MICROSOFT.HPCCOMPUTE", "AmdGpuDriverWindows"))
}

test_tf_amd_extension_is_checked if {
	findings := rule.deny with input as tf("azurerm_virtual_machine_extension", ext("Microsoft.HCPCompute", "AmdGpuDriverWindows"))
	count(findings) == 1
	some f in findings
	contains(f.message, "AmdGpuDriverWindows")
}

test_tf_unknown_publisher_or_type_is_silent if {
	count(rule.deny) == 0 with input as tf("azurerm_virtual_machine_extension", ext(unknown, "NvidiaGpuDriverLinux"))
	count(rule.deny) == 0 with input as tf("azurerm_virtual_machine_extension", ext("Microsoft.HCPCompute", unknown))
}

test_tf_other_extensions_pass if {
	count(rule.deny) == 0 with input as tf("azurerm_virtual_machine_extension", ext("Microsoft.Azure.Extensions", "CustomScript"))
	# A typo in the type is not this rule's business (and no GPU driver type is recognised).
	count(rule.deny) == 0 with input as tf("azurerm_virtual_machine_extension", ext("Microsoft.HCPCompute", "NvidiaGpuDriverLinx"))
}

test_tf_inline_scale_set_extension_points_at_block if {
	vmss := {"sku": "Standard_NC24ads_A100_v4", "extension": [
		{"name": "health", "publisher": "Microsoft.ManagedServices", "type": "ApplicationHealthLinux"},
		{"name": "gpu-driver", "publisher": "Microsoft.HCPCompute", "type": "NvidiaGpuDriverLinux"},
	]}
	findings := rule.deny with input as tf("azurerm_linux_virtual_machine_scale_set", vmss)
	count(findings) == 1
	some f in findings
	f.path == ["extension", 1, "publisher"]
	contains(f.message, "`gpu-driver`")
}

test_tf_inline_unknown_and_dynamic_blocks_are_silent if {
	count(rule.deny) == 0 with input as tf("azurerm_orchestrated_virtual_machine_scale_set", {"extension": [{"$unknown": "var.extensions", "$refs": ["var.extensions"]}]})
	count(rule.deny) == 0 with input as tf("azurerm_windows_virtual_machine_scale_set", {"extension": unknown})
}

test_tf_arm_types_ignored_in_terraform if {
	count(rule.deny) == 0 with input as arm("azurerm_virtual_machine_extension", ext("Microsoft.HCPCompute", "NvidiaGpuDriverLinux"))
}

# --- ARM ---------------------------------------------------------------------------------------

test_arm_vm_extension_fires if {
	findings := rule.deny with input as arm("Microsoft.Compute/virtualMachines/extensions", arm_ext("Microsoft.HCPCompute", "NvidiaGpuDriverLinux"))
	count(findings) == 1
	some f in findings
	f.path == ["properties", "publisher"]
}

test_arm_type_compared_case_insensitively if {
	count(rule.deny) == 1 with input as arm("microsoft.compute/virtualmachinescalesets/extensions", arm_ext("Nvidia", "NvidiaGpuDriverWindows"))
}

test_arm_correct_and_unknown_pass if {
	count(rule.deny) == 0 with input as arm("Microsoft.Compute/virtualMachines/extensions", arm_ext("Microsoft.HpcCompute", "NvidiaGpuDriverLinux"))
	count(rule.deny) == 0 with input as arm("Microsoft.Compute/virtualMachines/extensions", arm_ext({"$unknown": "[parameters('publisher')]", "$refs": ["parameters.publisher"]}, "NvidiaGpuDriverLinux"))
	count(rule.deny) == 0 with input as arm("Microsoft.Compute/virtualMachines/extensions", {"properties": {"$unknown": "[variables('ext')]", "$refs": ["variables.ext"]}})
}

test_arm_inline_scale_set_extension if {
	vmss := {"name": "vmss-gpu", "properties": {"virtualMachineProfile": {"extensionProfile": {"extensions": [
		{"name": "NvidiaGpuDriverLinux", "properties": {"publisher": "Microsoft.HpcCompute.Extensions", "type": "NvidiaGpuDriverLinux"}},
		{"name": "ok", "properties": {"publisher": "Microsoft.HpcCompute", "type": "NvidiaGpuDriverLinux"}},
	]}}}}
	findings := rule.deny with input as arm("Microsoft.Compute/virtualMachineScaleSets", vmss)
	count(findings) == 1
	some f in findings
	f.path == ["properties", "virtualMachineProfile", "extensionProfile", "extensions", 0, "properties", "publisher"]
	contains(f.message, "Scale set `vmss-gpu` (extension `NvidiaGpuDriverLinux`)")
}

# An ARM-shaped resource in a Terraform unit is an `azapi_resource` lowered by ailint: ARM rules
# read it as they read a template.
test_arm_shaped_resource_in_terraform_input_is_checked if {
	count(rule.deny) == 1 with input as tf("Microsoft.Compute/virtualMachines/extensions", arm_ext("Microsoft.HCPCompute", "NvidiaGpuDriverLinux"))
}
