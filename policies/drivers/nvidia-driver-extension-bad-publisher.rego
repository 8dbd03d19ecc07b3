# METADATA
# title: GPU driver extension has the wrong publisher
# description: |
#   The NVIDIA GPU Driver Extension (`NvidiaGpuDriverLinux`, `NvidiaGpuDriverWindows`) and the AMD GPU
#   Driver Extension (`AmdGpuDriverWindows`) are published by `Microsoft.HpcCompute`. A misspelled
#   publisher such as `Microsoft.HCPCompute` (a common copy-paste slip) or `Microsoft.Azure.HpcCompute`
#   names an extension that does not exist: the deployment fails with "extension not found", and a
#   scale set or node that is recreated outside the pipeline comes up without a GPU driver, so training
#   and inference pods see no GPUs.
# custom:
#   id: AIL502
#   slug: nvidia-driver-extension-bad-publisher
#   severity: error
#   formats: [terraform, arm, bicep]
#   resource_types:
#     - azurerm_virtual_machine_extension
#     - azurerm_virtual_machine_scale_set_extension
#     - azurerm_linux_virtual_machine_scale_set
#     - azurerm_windows_virtual_machine_scale_set
#     - azurerm_orchestrated_virtual_machine_scale_set
#     - azurerm_virtual_machine_scale_set
#     - Microsoft.Compute/virtualMachines/extensions
#     - Microsoft.Compute/virtualMachineScaleSets/extensions
#     - Microsoft.Compute/virtualMachineScaleSets/virtualMachines/extensions
#     - Microsoft.Compute/virtualMachineScaleSets
#   default: on
#   fix: safe
#   remediation: |
#     Terraform: set `publisher = "Microsoft.HpcCompute"` on the `azurerm_virtual_machine_extension`,
#     `azurerm_virtual_machine_scale_set_extension` or scale set `extension` block of the GPU driver.
#     ARM/Bicep: set `properties.publisher` of the extension to `Microsoft.HpcCompute`.
#   tags: [drivers, reliability, gpu]
package ailint.rules.nvidia_driver_extension_bad_publisher

import data.ailint.lib

expected_publisher := "Microsoft.HpcCompute"

# The GPU driver extension types of Microsoft.HpcCompute, lower-cased, with their spelling in
# messages. AmdGpuDriverWindows is the AMD GPU Driver Extension of the same publisher; there is no
# AMD extension for Linux.
driver_types := {
	"nvidiagpudriverlinux": "NvidiaGpuDriverLinux",
	"nvidiagpudriverwindows": "NvidiaGpuDriverWindows",
	"amdgpudriverwindows": "AmdGpuDriverWindows",
}

# extensions: every GPU driver extension of the unit whose publisher is a known string:
# {"r": resource, "path": path of the publisher attribute, "publisher": value, "type": display type,
#  "name": the extension's name inside a scale set ("" when it has none), null for a standalone one}.
extensions contains e if {
	some x in lib.vm_extensions
	raw_type := lib.get(x.ext, x.type_path, null)
	is_string(raw_type)
	display := driver_types[lower(raw_type)]
	publisher := lib.get(x.ext, x.publisher_path, null)
	is_string(publisher)
	e := {"r": x.r, "path": array.concat(x.path, x.publisher_path), "publisher": publisher, "type": display, "name": x.name}
}

deny contains f if {
	some e in extensions
	not lib.equals_ci(e.publisher, expected_publisher)
	f := lib.finding_fix(e.r, e.path, sprintf(
		"%s has publisher \"%s\", but the %s extension is published by \"%s\": the deployment fails with an unknown extension and the VMs get no GPU driver; set the publisher to \"%s\"",
		[subject(e), e.publisher, e.type, expected_publisher, expected_publisher],
	), {"set": expected_publisher})
}

# subject(e): how the message names the extension.
subject(e) := sprintf("%s (extension `%s`)", [lib.subject("Scale set", e.r), e.name]) if {
	is_string(e.name)
	e.name != ""
} else := sprintf("%s (an inline extension)", [lib.subject("Scale set", e.r)]) if {
	e.name != null
} else := lib.subject("Extension", e.r)
