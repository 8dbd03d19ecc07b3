package ailint.rules.gpu_vm_public_ip_test

import data.ailint.rules.gpu_vm_public_ip as rule
import data.ailint.test_inputs

ref(src, refs) := {"$unknown": src, "$refs": refs}

nic_ref := ref("azurerm_network_interface.gpu.id", ["azurerm_network_interface.gpu"])

pip_ref := ref("azurerm_public_ip.gpu.id", ["azurerm_public_ip.gpu"])

pip := test_inputs.tf_res("azurerm_public_ip", "gpu", {"name": "pip-gpu", "allocation_method": "Static"})

nic(public_ip) := test_inputs.tf_res("azurerm_network_interface", "gpu", {"name": "nic-gpu", "ip_configuration": [{
	"name": "internal",
	"subnet_id": ref("azurerm_subnet.gpu.id", ["azurerm_subnet.gpu"]),
	"private_ip_address_allocation": "Dynamic",
	"public_ip_address_id": public_ip,
}]})

vm(size, nic_ids) := test_inputs.tf_res("azurerm_linux_virtual_machine", "train", {"name": "vm-train", "size": size, "network_interface_ids": nic_ids})

test_tf_gpu_vm_with_public_ip_fires_at_the_nic_reference if {
	findings := rule.deny with input as test_inputs.unit("terraform", [vm("Standard_NC24ads_A100_v4", [nic_ref]), nic(pip_ref), pip])
	count(findings) == 1
	some f in findings
	f.resource == "azurerm_linux_virtual_machine.train"
	f.path == ["network_interface_ids", 0]
	contains(f.message, "NIC azurerm_network_interface.gpu")
	contains(f.message, "azurerm_public_ip.gpu")
	contains(f.message, "`internal`")
}

test_tf_literal_public_ip_fires if {
	findings := rule.deny with input as test_inputs.unit("terraform", [vm("Standard_ND96isr_H100_v5", [nic_ref]), nic("/subscriptions/0/resourceGroups/rg/providers/Microsoft.Network/publicIPAddresses/pip-lit")])
	count(findings) == 1
	some f in findings
	contains(f.message, "`pip-lit`")
}

test_tf_passes if {
	# CPU VM, NIC without public IP, unknown or conditional public IP, NIC not referenced.
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [vm("Standard_D4s_v5", [nic_ref]), nic(pip_ref), pip])
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [vm("Standard_NC6s_v3", [nic_ref]), nic(null)])
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [vm("Standard_NC6s_v3", [nic_ref]), nic(ref("var.pip_id", ["var.pip_id"]))])
	cond := ref("var.public ? azurerm_public_ip.gpu.id : null", ["var.public", "azurerm_public_ip.gpu"])
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [vm("Standard_NC6s_v3", [nic_ref]), nic(cond), pip])
	other := ref("azurerm_network_interface.other.id", ["azurerm_network_interface.other"])
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [vm("Standard_NC6s_v3", [other]), nic(pip_ref), pip])
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [vm(ref("var.size", ["var.size"]), [nic_ref]), nic(pip_ref), pip])
}

test_tf_dynamic_ip_configuration_passes if {
	dyn := test_inputs.tf_res("azurerm_network_interface", "gpu", {"name": "nic-gpu", "ip_configuration": [ref("dynamic", ["var.ips"])]})
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [vm("Standard_NC6s_v3", [nic_ref]), dyn, pip])
}

test_tf_splat_nic_list_and_count_index if {
	splat := ref("azurerm_network_interface.gpu[*].id", ["azurerm_network_interface.gpu"])
	findings := rule.deny with input as test_inputs.unit("terraform", [vm("Standard_NC6s_v3", splat), nic(pip_ref), pip])
	count(findings) == 1
	some f in findings
	f.path == ["network_interface_ids"]
	indexed := ref("azurerm_public_ip.gpu[count.index].id", ["azurerm_public_ip.gpu", "count.index"])
	count(rule.deny) == 1 with input as test_inputs.unit("terraform", [vm("Standard_NC6s_v3", [nic_ref]), nic(indexed), pip])
}

test_tf_literal_nic_id_joins_by_name if {
	id := "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Network/networkInterfaces/nic-gpu"
	count(rule.deny) == 1 with input as test_inputs.unit("terraform", [vm("Standard_NC6s_v3", [id]), nic(pip_ref), pip])
}

test_tf_legacy_vm_and_windows if {
	legacy := test_inputs.tf_res("azurerm_virtual_machine", "old", {"vm_size": "Standard_NV12s_v3", "network_interface_ids": [nic_ref]})
	count(rule.deny) == 1 with input as test_inputs.unit("terraform", [legacy, nic(pip_ref), pip])
	win := test_inputs.tf_res("azurerm_windows_virtual_machine", "viz", {"size": "Standard_NV36ads_A10_v5", "network_interface_ids": [nic_ref]})
	count(rule.deny) == 1 with input as test_inputs.unit("terraform", [win, nic(pip_ref), pip])
}

vmss(type, size_attr, size, pip_block) := test_inputs.tf_res(type, "gpu", object.union({size_attr: size}, {"network_interface": [{
	"name": "nic",
	"primary": true,
	"ip_configuration": [{"name": "internal", "primary": true, "public_ip_address": pip_block}],
}]}))

test_tf_scale_set_public_ip_block_fires if {
	findings := rule.deny with input as test_inputs.unit("terraform", [vmss("azurerm_linux_virtual_machine_scale_set", "sku", "Standard_NC4as_T4_v3", [{"name": "pip"}])])
	count(findings) == 1
	some f in findings
	f.path == ["network_interface", 0, "ip_configuration", 0, "public_ip_address", 0]
	contains(f.message, "every instance a public IP")
	count(rule.deny) == 1 with input as test_inputs.unit("terraform", [vmss("azurerm_orchestrated_virtual_machine_scale_set", "sku_name", "Standard_NC4as_T4_v3", [{"name": "pip"}])])
}

test_tf_scale_set_passes if {
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [vmss("azurerm_linux_virtual_machine_scale_set", "sku", "Standard_NC4as_T4_v3", [])])
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [vmss("azurerm_linux_virtual_machine_scale_set", "sku", "Standard_NC4as_T4_v3", [ref("dynamic", ["var.public"])])])
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [vmss("azurerm_linux_virtual_machine_scale_set", "sku", "Standard_D8s_v5", [{"name": "pip"}])])
}

test_tf_legacy_scale_set if {
	legacy := test_inputs.tf_res("azurerm_virtual_machine_scale_set", "old", {"sku": [{"name": "Standard_NC6s_v3", "capacity": 2}], "network_profile": [{
		"name": "np",
		"ip_configuration": [{"name": "ip", "public_ip_address_configuration": [{"name": "pub", "idle_timeout": 4, "domain_name_label": "x"}]}],
	}]})
	findings := rule.deny with input as test_inputs.unit("terraform", [legacy])
	count(findings) == 1
	some f in findings
	f.path == ["network_profile", 0, "ip_configuration", 0, "public_ip_address_configuration", 0]
}

# --- ARM ---------------------------------------------------------------------------------------

arm_res(id, type, name, config) := {"id": id, "type": type, "name": name, "config": object.union({"type": type, "name": name}, config)}

arm_nic(public_ip) := arm_res("Microsoft.Network/networkInterfaces/nic-gpu", "Microsoft.Network/networkInterfaces", "nic-gpu", {"properties": {"ipConfigurations": [{
	"name": "ipconfig1",
	"properties": object.union({"privateIPAllocationMethod": "Dynamic"}, public_ip),
}]}})

arm_vm(size, nic_id) := arm_res("Microsoft.Compute/virtualMachines/vm-gpu", "Microsoft.Compute/virtualMachines", "vm-gpu", {"properties": {
	"hardwareProfile": {"vmSize": size},
	"networkProfile": {"networkInterfaces": [{"id": nic_id}]},
}})

nic_id := ref("[resourceId('Microsoft.Network/networkInterfaces', 'nic-gpu')]", ["Microsoft.Network/networkInterfaces/nic-gpu"])

with_pip := {"publicIPAddress": {"id": ref("[resourceId(...)]", ["Microsoft.Network/publicIPAddresses/pip-gpu"])}}

test_arm_vm_with_public_ip_fires if {
	findings := rule.deny with input as test_inputs.unit("arm", [arm_nic(with_pip), arm_vm("Standard_NC24ads_A100_v4", nic_id)])
	count(findings) == 1
	some f in findings
	f.path == ["properties", "networkProfile", "networkInterfaces", 0, "id"]
	contains(f.message, "GPU VM `vm-gpu`")
	contains(f.message, "NIC `nic-gpu`")
	contains(f.message, "public IP `pip-gpu`")
}

test_arm_vm_passes if {
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [arm_nic({}), arm_vm("Standard_NC24ads_A100_v4", nic_id)])
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [arm_nic(with_pip), arm_vm("Standard_D4s_v5", nic_id)])
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [arm_nic({"publicIPAddress": ref("[if(...)]", ["parameters.public"])}), arm_vm("Standard_NC6s_v3", nic_id)])
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [arm_nic(with_pip), arm_vm("Standard_NC6s_v3", ref("[parameters('nicId')]", ["parameters.nicId"]))])
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [arm_nic(with_pip), arm_vm(ref("[parameters('size')]", ["parameters.size"]), nic_id)])
}

test_arm_literal_nic_id_joins if {
	id := "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Network/networkInterfaces/nic-gpu"
	count(rule.deny) == 1 with input as test_inputs.unit("arm", [arm_nic(with_pip), arm_vm("Standard_NC6s_v3", id)])
}

test_arm_scale_set_public_ip_configuration if {
	ss := arm_res("vmss", "Microsoft.Compute/virtualMachineScaleSets", "vmss-gpu", {"sku": {"name": "Standard_NC6s_v3", "capacity": 2}, "properties": {"virtualMachineProfile": {"networkProfile": {"networkInterfaceConfigurations": [{
		"name": "nic",
		"properties": {"primary": true, "ipConfigurations": [{"name": "ipconfig", "properties": {"publicIPAddressConfiguration": {"name": "pub"}}}]},
	}]}}}})
	findings := rule.deny with input as test_inputs.unit("arm", [ss])
	count(findings) == 1
	some f in findings
	f.path == ["properties", "virtualMachineProfile", "networkProfile", "networkInterfaceConfigurations", 0, "properties", "ipConfigurations", 0, "properties", "publicIPAddressConfiguration"]
	contains(f.message, "GPU scale set `vmss-gpu`")
	cpu := object.union(ss, {"config": {"sku": {"name": "Standard_D8s_v5"}}})
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [cpu])
}
