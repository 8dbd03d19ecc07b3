# METADATA
# title: Training compute never scales to zero
# description: |
#   Training and batch capacity is idle most of the time: between experiments, overnight, at
#   weekends. An Azure ML compute cluster or an AKS GPU node pool for training whose autoscaler
#   keeps a minimum of one or more nodes bills those nodes around the clock, which for GPU sizes
#   is often the largest waste on an AI platform bill. Jobs tolerate the few minutes it takes to
#   provision a node; let training capacity scale to zero.
# custom:
#   id: AIL304
#   slug: training-compute-never-scales-to-zero
#   severity: warning
#   formats: [terraform, arm, bicep]
#   resource_types:
#     - azurerm_machine_learning_compute_cluster
#     - azurerm_kubernetes_cluster_node_pool
#     - Microsoft.MachineLearningServices/workspaces/computes
#     - Microsoft.ContainerService/managedClusters
#     - Microsoft.ContainerService/managedClusters/agentPools
#   default: on
#   remediation: |
#     Terraform: set `scale_settings.min_node_count = 0` on `azurerm_machine_learning_compute_cluster`
#     (with a short `scale_down_nodes_after_idle_duration`, e.g. `PT10M`), and `min_count = 0` on
#     autoscaled AKS GPU node pools that run training (user pools only; system pools need a node).
#     ARM/Bicep: set `properties.properties.scaleSettings.minNodeCount` to 0 on AmlCompute clusters
#     and `minCount` to 0 on autoscaled GPU agent pools that run training. If the pool or cluster
#     serves inference instead, declare it with a `workload = "inference"` tag.
#   tags: [cost, scaling, gpu, training]
package ailint.rules.training_compute_never_scales_to_zero

import data.ailint.lib

# subject(kind, r): lib.subject, but an ARM resource named by an expression keeps the kind's
# capitals ("This ML compute cluster", where lib.subject lower-cases it).
subject(kind, r) := s if {
	s := lib.subject(kind, r)
	not startswith(s, "This ")
} else := sprintf("This %s", [kind])

positive(v) := n if {
	n := lib.number_of(v)
	n > 0
}

plural_nodes(n) := "node" if n == 1

else := "nodes"

# size_phrase(size): " (Standard_NC24ads_A100_v4)" for a known size, else "".
size_phrase(size) := sprintf(" of %s", [size]) if is_string(size)

else := ""

idle := "billed around the clock even when no job is queued; training jobs can wait the few minutes a node takes to start"

# AKS system pools cannot scale to zero (they host kube-system), so only user pools are checked.
system_pool(mode) if lib.equals_ci(mode, "System")

# ---------------------------------------------------------------------------------------------
# Azure ML compute clusters (training by kind unless a `workload` tag says otherwise)
# ---------------------------------------------------------------------------------------------

# setting(attr, n): the attribute as each format writes it: `min_count = 2`, `minCount: 2`.
setting(attr, n) := sprintf("`%s: %v`", [attr, n]) if {
	lib.is_arm
} else := sprintf("`%s = %v`", [attr, n])

cluster_message(what, attr, n, size) := sprintf(
	"%s keeps %s, so %v %s%s %s %s; set it to 0",
	[what, setting(attr, n), n, plural_nodes(n), size_phrase(size), is_are(n), idle],
)

is_are(n) := "is" if n == 1

else := "are"

deny contains f if {
	lib.is_terraform
	some r in lib.resources_of("azurerm_machine_learning_compute_cluster")
	lib.role(r) == "training"
	n := positive(lib.get(r.config, ["scale_settings", 0, "min_node_count"], null))
	size := lib.get(r.config, ["vm_size"], null)
	f := lib.finding(r, ["scale_settings", 0, "min_node_count"], cluster_message(
		sprintf("ML compute cluster %s", [r.id]), "scale_settings.min_node_count", n, size,
	))
}

deny contains f if {
	lib.is_arm
	some r in lib.arm_resources("Microsoft.MachineLearningServices/workspaces/computes")
	lib.equals_ci(lib.get(r.config, ["properties", "computeType"], null), "AmlCompute")
	lib.role(r) == "training"
	path := ["properties", "properties", "scaleSettings", "minNodeCount"]
	n := positive(lib.get(r.config, path, null))
	size := lib.get(r.config, ["properties", "properties", "vmSize"], null)
	f := lib.finding(r, path, cluster_message(subject("ML compute cluster", r), "scaleSettings.minNodeCount", n, size))
}

# ---------------------------------------------------------------------------------------------
# AKS GPU node pools with the training role
# ---------------------------------------------------------------------------------------------

pool_message(what, attr, n, size) := sprintf(
	"%s runs training on the GPU size %s and autoscales down to %s only, so %v GPU %s %s %s; set it to 0",
	[what, size, setting(attr, n), n, plural_nodes(n), is_are(n), idle],
)

# azurerm v3 `enable_auto_scaling`, v4 `auto_scaling_enabled`.
tf_autoscaling_on(pool) if lib.is_true(lib.get(pool, ["enable_auto_scaling"], null))

tf_autoscaling_on(pool) if lib.is_true(lib.get(pool, ["auto_scaling_enabled"], null))

deny contains f if {
	lib.is_terraform
	some r in lib.resources_of("azurerm_kubernetes_cluster_node_pool")
	size := lib.get(r.config, ["vm_size"], null)
	lib.is_gpu_sku(size)
	tf_autoscaling_on(r.config)
	not system_pool(lib.get(r.config, ["mode"], null))
	lib.role(r) == "training"
	n := positive(lib.get(r.config, ["min_count"], null))
	f := lib.finding(r, ["min_count"], pool_message(sprintf("Node pool %s", [r.id]), "min_count", n, size))
}

deny contains f if {
	lib.is_arm
	some r in lib.arm_resources("Microsoft.ContainerService/managedClusters")
	profiles := lib.get(r.config, ["properties", "agentPoolProfiles"], [])
	is_array(profiles)
	some i, pool in profiles
	is_object(pool)
	size := lib.get(pool, ["vmSize"], null)
	lib.is_gpu_sku(size)
	lib.is_true(lib.get(pool, ["enableAutoScaling"], null))
	not system_pool(lib.get(pool, ["mode"], null))
	lib.pool_role(pool) == "training"
	n := positive(lib.get(pool, ["minCount"], null))
	what := sprintf("Agent pool `%v`", [object.get(pool, "name", i)])
	f := lib.finding(r, ["properties", "agentPoolProfiles", i, "minCount"], pool_message(what, "minCount", n, size))
}

deny contains f if {
	lib.is_arm
	some r in lib.arm_resources("Microsoft.ContainerService/managedClusters/agentPools")
	size := lib.get(r.config, ["properties", "vmSize"], null)
	lib.is_gpu_sku(size)
	lib.is_true(lib.get(r.config, ["properties", "enableAutoScaling"], null))
	not system_pool(lib.get(r.config, ["properties", "mode"], null))
	lib.role(r) == "training"
	n := positive(lib.get(r.config, ["properties", "minCount"], null))
	f := lib.finding(r, ["properties", "minCount"], pool_message(subject("Agent pool", r), "minCount", n, size))
}
