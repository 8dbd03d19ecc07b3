# METADATA
# title: GPU VM or scale set with a public IP
# description: |
#   A GPU VM or scale set instance with a public IP address is reachable from the internet: SSH and
#   RDP are brute-forced within minutes, and Jupyter, TensorBoard, Ray dashboards and model servers
#   that listen on all interfaces are published without authentication. Hijacked GPU capacity is the
#   favourite target of crypto-mining attacks, billed to you by the hour. Reach GPU hosts through
#   Azure Bastion, a VPN or a private load balancer, and give them outbound access through a NAT gateway.
# custom:
#   id: AIL105
#   slug: gpu-vm-public-ip
#   severity: error
#   formats: [terraform, arm, bicep]
#   resource_types:
#     - azurerm_linux_virtual_machine
#     - azurerm_windows_virtual_machine
#     - azurerm_virtual_machine
#     - azurerm_linux_virtual_machine_scale_set
#     - azurerm_windows_virtual_machine_scale_set
#     - azurerm_orchestrated_virtual_machine_scale_set
#     - azurerm_virtual_machine_scale_set
#     - Microsoft.Compute/virtualMachines
#     - Microsoft.Compute/virtualMachineScaleSets
#   default: on
#   remediation: |
#     Terraform: remove `public_ip_address_id` from the `ip_configuration` of the GPU VM's
#     `azurerm_network_interface` (and the `azurerm_public_ip`), and remove the `public_ip_address`
#     block (`public_ip_address_configuration` on the legacy `azurerm_virtual_machine_scale_set`)
#     from GPU scale sets; use `azurerm_bastion_host` for administration and a NAT gateway for egress.
#     ARM/Bicep: remove `properties.ipConfigurations[].properties.publicIPAddress` from the GPU VM's
#     network interface, and `publicIPAddressConfiguration` from the scale set's (or VM's)
#     `networkInterfaceConfigurations`; use Azure Bastion and a NAT gateway instead.
#   tags: [security, network, gpu]
package ailint.rules.gpu_vm_public_ip

import data.ailint.lib

exposure := "the GPU host is reachable from the internet (SSH/RDP brute force, unauthenticated notebooks and model ports, GPU crypto-mining)"

exposure_many := "every GPU instance is reachable from the internet (SSH/RDP brute force, unauthenticated notebooks and model ports, GPU crypto-mining)"

# known_blocks(obj, path): [index, block] for each known object in the list at path (dynamic
# blocks and unknown elements are skipped: they may hold nothing).
known_blocks(obj, path) := [[i, b] |
	list := lib.get(obj, path, [])
	is_array(list)
	some i, b in list
	is_object(b)
	lib.is_known(b)
]

# label(block, i): how a message names a nested block: its `name`, else its index.
label(block, i) := sprintf("`%s`", [block.name]) if {
	is_string(block.name)
} else := sprintf("#%d", [i])

# ---------------------------------------------------------------------------------------------
# Terraform VMs: follow `network_interface_ids` to an `azurerm_network_interface` of the unit.
# ---------------------------------------------------------------------------------------------

tf_vm_sizes := {
	"azurerm_linux_virtual_machine": "size",
	"azurerm_windows_virtual_machine": "size",
	"azurerm_virtual_machine": "vm_size",
}

deny contains f if {
	lib.is_terraform
	some t, size_attr in tf_vm_sizes
	some r in lib.resources_of(t)
	size := lib.get(r.config, [size_attr], null)
	lib.is_gpu_sku(size)
	some nic_ref in tf_nic_refs(r)
	some nic in lib.resources_of("azurerm_network_interface")
	tf_points_to_nic(nic_ref.value, nic)
	some [j, ipc] in known_blocks(nic.config, ["ip_configuration"])
	pip := lib.get(ipc, ["public_ip_address_id"], null)
	pip_name := tf_public_ip(pip)
	f := lib.finding(r, nic_ref.path, sprintf(
		"GPU VM %s (%s) uses NIC %s, whose `ip_configuration` %s sets `public_ip_address_id` to %s: %s; remove the public IP and reach the VM through Azure Bastion or a private load balancer",
		[r.id, size, nic.id, label(ipc, j), pip_name, exposure],
	))
}

# tf_nic_refs(r): each element of `network_interface_ids`, or the whole list when it is one
# unknown expression (`azurerm_network_interface.gpu[*].id`).
tf_nic_refs(r) := [{"path": ["network_interface_ids", i], "value": v} |
	ids := lib.get(r.config, ["network_interface_ids"], [])
	is_array(ids)
	some i, v in ids
] if {
	not lib.is_unknown(lib.get(r.config, ["network_interface_ids"], []))
} else := [{"path": ["network_interface_ids"], "value": lib.get(r.config, ["network_interface_ids"], [])}]

tf_points_to_nic(v, nic) if lib.refers_to_resource(v, nic)

tf_points_to_nic(v, nic) if {
	is_string(v)
	name := object.get(nic.config, "name", null)
	is_string(name)
	lib.net_id_names(v, "Microsoft.Network/networkInterfaces", name)
}

# tf_public_ip(v): how a message names the public IP when v surely attaches one: a literal id, or a
# reference to an `azurerm_public_ip` (resource or data source) with nothing in it that might
# make it null (`var.with_ip ? azurerm_public_ip.x.id : null` stays silent).
tf_public_ip(v) := sprintf("`%s`", [last_segment(v)]) if {
	is_string(v)
	trim_space(v) != ""
} else := concat(", ", pips) if {
	lib.is_unknown(v)
	pips := [sprintf("`%s`", [ref]) |
		some ref in v["$refs"]
		tf_public_ip_ref(ref)
	]
	count(pips) > 0
	every ref in v["$refs"] {
		tf_plain_ref(ref)
	}
}

tf_public_ip_ref(ref) if {
	some r in lib.resources_of("azurerm_public_ip")
	ref == r.id
}

tf_public_ip_ref(ref) if startswith(ref, "data.azurerm_public_ip.")

tf_plain_ref(ref) if tf_public_ip_ref(ref)

tf_plain_ref(ref) if ref in {"count.index", "each.key", "each.value"}

last_segment(id) := parts[count(parts) - 1] if {
	parts := split(trim_right(id, "/"), "/")
}

# ---------------------------------------------------------------------------------------------
# Terraform scale sets: a `public_ip_address` block gives every instance a public IP.
# ---------------------------------------------------------------------------------------------

# type -> [VM size path, NIC block, public IP block].
tf_vmss := {
	"azurerm_linux_virtual_machine_scale_set": [["sku"], "network_interface", "public_ip_address"],
	"azurerm_windows_virtual_machine_scale_set": [["sku"], "network_interface", "public_ip_address"],
	"azurerm_orchestrated_virtual_machine_scale_set": [["sku_name"], "network_interface", "public_ip_address"],
	"azurerm_virtual_machine_scale_set": [["sku", 0, "name"], "network_profile", "public_ip_address_configuration"],
}

deny contains f if {
	lib.is_terraform
	some t, [size_path, nic_block, pip_block] in tf_vmss
	some r in lib.resources_of(t)
	size := lib.get(r.config, size_path, null)
	lib.is_gpu_sku(size)
	some [i, nic] in known_blocks(r.config, [nic_block])
	some [j, ipc] in known_blocks(nic, ["ip_configuration"])
	some [k, _] in known_blocks(ipc, [pip_block])
	f := lib.finding(r, [nic_block, i, "ip_configuration", j, pip_block, k], sprintf(
		"GPU scale set %s (%s) gives every instance a public IP through the `%s` block of `%s` %s, `ip_configuration` %s: %s; remove the block and reach instances through Azure Bastion or a private load balancer",
		[r.id, size, pip_block, nic_block, label(nic, i), label(ipc, j), exposure_many],
	))
}

# ---------------------------------------------------------------------------------------------
# ARM VMs: follow `networkProfile.networkInterfaces[].id` to a `Microsoft.Network/networkInterfaces`
# of the template; VMs and scale sets that declare their NICs inline
# (`networkInterfaceConfigurations`) get a public IP from `publicIPAddressConfiguration`.
# ---------------------------------------------------------------------------------------------

deny contains f if {
	lib.is_arm
	some r in lib.arm_resources("Microsoft.Compute/virtualMachines")
	size := lib.get(r.config, ["properties", "hardwareProfile", "vmSize"], null)
	lib.is_gpu_sku(size)
	some [i, ref] in known_blocks(r.config, ["properties", "networkProfile", "networkInterfaces"])
	nic_id := lib.get(ref, ["id"], null)
	some nic in lib.arm_resources("Microsoft.Network/networkInterfaces")
	arm_points_to_nic(nic_id, nic)
	some [j, ipc] in known_blocks(nic.config, ["properties", "ipConfigurations"])
	pip := lib.get(ipc, ["properties", "publicIPAddress"], null)
	is_object(pip)
	lib.is_known(pip)
	f := lib.finding(r, ["properties", "networkProfile", "networkInterfaces", i, "id"], sprintf(
		"%s (%s) uses %s, whose IP configuration %s attaches %s: %s; remove `publicIPAddress` and reach the VM through Azure Bastion or a private load balancer",
		[lib.subject("GPU VM", r), size, arm_nic_name(nic), label(ipc, j), arm_public_ip(pip), exposure],
	))
}

arm_points_to_nic(v, nic) if lib.refers_to_resource(v, nic)

arm_points_to_nic(v, nic) if {
	is_string(v)
	name := lib.net_literal_name(nic)
	lib.net_id_names(v, "Microsoft.Network/networkInterfaces", name)
}

arm_nic_name(nic) := sprintf("NIC `%s`", [name]) if {
	name := lib.net_literal_name(nic)
} else := sprintf("NIC %s", [nic.id])

# arm_public_ip(pip): the public IP by the name its id gives, when it can be read.
arm_public_ip(pip) := sprintf("public IP `%s`", [last_segment(pip.id)]) if {
	is_string(pip.id)
} else := sprintf("public IP `%s`", [name]) if {
	some ref in pip.id["$refs"]
	startswith(lower(ref), "microsoft.network/publicipaddresses/")
	name := substring(ref, count("microsoft.network/publicipaddresses/"), -1)
} else := "a public IP"

arm_inline := {
	"microsoft.compute/virtualmachines": {"size": ["properties", "hardwareProfile", "vmSize"], "profile": ["properties", "networkProfile"], "kind": "GPU VM", "instances": "the VM", "exposure": exposure},
	"microsoft.compute/virtualmachinescalesets": {"size": ["sku", "name"], "profile": ["properties", "virtualMachineProfile", "networkProfile"], "kind": "GPU scale set", "instances": "every instance", "exposure": exposure_many},
}

deny contains f if {
	lib.is_arm
	some r in input.resources
	spec := arm_inline[lower(r.type)]
	size := lib.get(r.config, spec.size, null)
	lib.is_gpu_sku(size)
	some [i, nic] in known_blocks(r.config, array.concat(spec.profile, ["networkInterfaceConfigurations"]))
	some [j, ipc] in known_blocks(nic, ["properties", "ipConfigurations"])
	pip := lib.get(ipc, ["properties", "publicIPAddressConfiguration"], null)
	is_object(pip)
	lib.is_known(pip)
	path := array.concat(spec.profile, ["networkInterfaceConfigurations", i, "properties", "ipConfigurations", j, "properties", "publicIPAddressConfiguration"])
	f := lib.finding(r, path, sprintf(
		"%s (%s) gives %s a public IP through `publicIPAddressConfiguration` in NIC configuration %s, IP configuration %s: %s; remove it and reach the hosts through Azure Bastion or a private load balancer",
		[lib.subject(spec.kind, r), size, spec.instances, label(nic, i), label(ipc, j), spec.exposure],
	))
}
