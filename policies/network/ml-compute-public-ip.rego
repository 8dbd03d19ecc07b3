# METADATA
# title: ML compute nodes get public IP addresses
# description: |
#   Azure ML compute clusters and compute instances give every node a public IP address unless node
#   public IPs are turned off, and that is the default of both the provider and the API. Outside a
#   managed network each node is then a host on the internet: the service keeps inbound ports open on
#   it for its control plane (and SSH when that is enabled), and the nodes, which hold training data,
#   model weights and the workspace's credentials, can send data to any address. Put the nodes in
#   your virtual network without public IPs, or give the workspace a managed network. The rule judges
#   a compute only when its workspace is in the same files: with a managed network
#   (`AllowInternetOutbound` or `AllowOnlyApprovedOutbound`) Azure isolates the nodes, AIL107 stays
#   silent and AIL108 judges the workspace's outbound instead. A workspace without a managed network
#   (`Disabled`, the default) is reported by AIL108 too; `AllowOnlyApprovedOutbound` settles both.
# custom:
#   id: AIL107
#   slug: ml-compute-public-ip
#   severity: warning
#   formats: [terraform, arm, bicep]
#   resource_types:
#     - azurerm_machine_learning_compute_cluster
#     - azurerm_machine_learning_compute_instance
#     - azurerm_machine_learning_workspace
#     - azurerm_ai_foundry
#     - azurerm_ai_foundry_project
#     - Microsoft.MachineLearningServices/workspaces
#     - Microsoft.MachineLearningServices/workspaces/computes
#   default: on
#   remediation: |
#     Terraform: set `node_public_ip_enabled = false` on `azurerm_machine_learning_compute_cluster` and
#     `azurerm_machine_learning_compute_instance`. Without a managed network the nodes then need
#     `subnet_resource_id`, a subnet of your VNet whose outbound you control (NAT gateway or firewall);
#     azurerm refuses the instance without one at apply (and the cluster too before v4.18). Or give the
#     workspace a managed network, `managed_network { isolation_mode = "AllowOnlyApprovedOutbound" }`:
#     the compute then needs no subnet (a compute instance must not have one).
#     ARM/Bicep: set `properties.properties.enableNodePublicIp` to false with
#     `properties.properties.subnet.id` on `Microsoft.MachineLearningServices/workspaces/computes` of
#     type `AmlCompute` or `ComputeInstance`, or set the workspace's
#     `properties.managedNetwork.isolationMode` to `AllowOnlyApprovedOutbound`.
#   tags: [security, network]
#   references:
#     - azure_policy: 7804b5c7-01dc-4723-969b-ae300cc07ff1
#       title: Azure Machine Learning Computes should be in a virtual network
#     - url: https://learn.microsoft.com/azure/machine-learning/how-to-secure-training-vnet
#       title: Secure an Azure Machine Learning training environment with virtual networks
#     - url: https://learn.microsoft.com/azure/machine-learning/how-to-managed-network
#       title: Workspace managed virtual network isolation
package ailint.rules.ml_compute_public_ip

import data.ailint.lib

# subject(kind, r): lib.subject, but an ARM resource named by an expression keeps the kind's
# capitals ("This ML compute cluster", where lib.subject lower-cases it).
subject(kind, r) := s if {
	s := lib.subject(kind, r)
	not startswith(s, "This ")
} else := sprintf("This %s", [kind])

tf_computes := {
	"azurerm_machine_learning_compute_cluster": "ML compute cluster",
	"azurerm_machine_learning_compute_instance": "ML compute instance",
}

arm_compute_kinds := {"amlcompute": "ML compute cluster", "computeinstance": "ML compute instance"}

arm_workspace_type := "microsoft.machinelearningservices/workspaces"

tf_workspace_types := {"azurerm_machine_learning_workspace", "azurerm_ai_foundry", "azurerm_ai_foundry_project"}

# Every workspace of the unit: azurerm workspaces, hubs and projects, and ARM-shaped ones (ARM,
# Bicep, `azapi_resource` in Terraform). `existing` ARM resources are not in the unit.
workspaces contains w if {
	some t in tf_workspace_types
	some w in lib.resources_of(t)
}

workspaces contains w if {
	lib.is_arm
	some w in input.resources
	lower(w.type) == arm_workspace_type
}

# ---------------------------------------------------------------------------------------------
# The workspace whose network a compute uses, and that network
# ---------------------------------------------------------------------------------------------

# isolation_mode(w): the managed network's isolation mode as written (null when absent).
isolation_mode(w) := lib.get(w.config, ["managed_network", 0, "isolation_mode"], null) if {
	not lib.arm_shaped(w)
} else := lib.get(w.config, ["properties", "managedNetwork", "isolationMode"], null)

# A workspace without a managed network: the mode is absent (the API's default is `Disabled`) or
# `Disabled`. An unknown mode, or one of the two managed modes, is not.
unmanaged(w) if isolation_mode(w) == null

unmanaged(w) if lib.equals_ci(isolation_mode(w), "Disabled")

mode_text(w) := "has no managed network (the isolation mode is not set, which defaults to `Disabled`)" if {
	isolation_mode(w) == null
} else := "has no managed network (isolation mode `Disabled`)"

# A hub-based project has no network of its own: it uses its hub's. The hub must be in the unit.
project(w) if w.type == "azurerm_ai_foundry_project"

project(w) if {
	lib.arm_shaped(w)
	lib.equals_ci(lib.get(w.config, ["kind"], null), "Project")
}

hub_ref(w) := lib.get(w.config, ["ai_services_hub_id"], null) if {
	not lib.arm_shaped(w)
} else := lib.get(w.config, ["properties", "hubResourceId"], null)

# network_owner(w): the workspace whose managed network w's computes run in.
network_owner(w) := w if {
	not project(w)
} else := h if {
	hubs := [h |
		some h in workspaces
		not project(h)
		points_to(hub_ref(w), h)
	]
	count(hubs) == 1
	h := hubs[0]
}

# points_to(v, w): v is a reference to w or its literal resource id (by w's literal name).
points_to(v, w) if lib.points_to_resource(v, w, "Microsoft.MachineLearningServices/workspaces")

# joined(c): the workspaces of the unit that c belongs to.
joined(c) := tf_joined(c) if {
	not lib.arm_shaped(c)
} else := arm_joined(c)

# Terraform computes name their workspace in `machine_learning_workspace_id`.
tf_joined(c) := [w |
	some w in workspaces
	points_to(lib.get(c.config, ["machine_learning_workspace_id"], null), w)
]

# An ARM compute is the child of its workspace: by its name (`ws/compute`, which nested and
# Bicep `parent:` children get too) or, failing that, by `dependsOn` (how `azapi_resource`
# children carry their `parent_id`).
arm_joined(c) := by_name if {
	by_name := [w | some w in workspaces; lib.arm_shaped(w); child_by_name(c, w)]
	count(by_name) > 0
} else := [w |
	some w in workspaces
	some d in lib.items(lib.get(c.config, ["dependsOn"], []))
	lib.depends_on_resource(d, w)
]

child_by_name(c, w) if startswith(lower(c.name), lower(sprintf("%s/", [w.name])))

# Classic templates build the child's name from the parent's expression:
# `[concat(parameters('ws'), '/cpu')]` belongs to the workspace named `[parameters('ws')]`.
child_by_name(c, w) if {
	startswith(w.name, "[")
	startswith(c.name, "[")
	contains(lower(c.name), lower(trim_suffix(trim_prefix(w.name, "["), "]")))
}

# The workspaces whose networks the compute runs in, when every one of them is known (a project
# whose hub is not in the unit makes it unknown).
owners(c) := owned if {
	ws := joined(c)
	count(ws) > 0
	owned := [o | some w in ws; o := network_owner(w)]
	count(owned) == count(ws)
}

# exposed_in(c): the workspace (text for the message) when c runs outside any managed network.
exposed_in(c) := sprintf("%s %s", [owner_text(joined(c)[0], o), mode_text(o)]) if {
	os := owners(c)
	every o in os {
		unmanaged(o)
	}
	o := os[0]
}

owner_text(w, o) := sprintf("its workspace %s", [workspace_label(o)]) if {
	w == o
} else := sprintf("the hub %s of its project %s", [workspace_label(o), workspace_label(w)])

workspace_label(w) := w.id if {
	lib.is_terraform
} else := sprintf("`%s`", [w.id]) if {
	input.format == "bicep"
} else := sprintf("`%s`", [w.name]) if {
	not startswith(w.name, "[")
} else := "in this template"

consequence := "every node is a host with a public IP address on the internet, and the nodes can send data to any address"

# ---------------------------------------------------------------------------------------------
# Terraform
# ---------------------------------------------------------------------------------------------

tf_setting(v) := "has no `node_public_ip_enabled`, which defaults to true" if {
	v == null
} else := "sets `node_public_ip_enabled = true`" if {
	lib.is_true(v)
}

deny contains f if {
	lib.is_terraform
	some t, kind in tf_computes
	some c in lib.resources_of(t)
	setting := tf_setting(lib.get(c.config, ["node_public_ip_enabled"], null))
	where := exposed_in(c)
	f := lib.finding(c, ["node_public_ip_enabled"], sprintf(
		"%s %s %s, and %s: %s; set `node_public_ip_enabled = false` with a `subnet_resource_id` in your VNet, or give the workspace `managed_network { isolation_mode = \"AllowOnlyApprovedOutbound\" }`",
		[kind, c.id, setting, where, consequence],
	))
}

# ---------------------------------------------------------------------------------------------
# ARM and Bicep (and azapi_resource computes in Terraform)
# ---------------------------------------------------------------------------------------------

arm_path := ["properties", "properties", "enableNodePublicIp"]

arm_setting(v) := "has no `properties.properties.enableNodePublicIp`, which defaults to true" if {
	v == null
} else := "sets `enableNodePublicIp` to true" if {
	lib.is_true(v)
}

deny contains f if {
	lib.is_arm
	some c in lib.arm_resources("Microsoft.MachineLearningServices/workspaces/computes")
	compute_type := lib.get(c.config, ["properties", "computeType"], null)
	is_string(compute_type)
	kind := arm_compute_kinds[lower(compute_type)]
	setting := arm_setting(lib.get(c.config, arm_path, null))
	where := exposed_in(c)
	f := lib.finding(c, arm_path, sprintf(
		"%s %s, and %s: %s; set `enableNodePublicIp` to false with `subnet.id` in your VNet, or set the workspace's `managedNetwork.isolationMode` to `AllowOnlyApprovedOutbound`",
		[subject(kind, c), setting, where, consequence],
	))
}
