# METADATA
# title: GPU node pool without a NoSchedule taint
# description: |
#   An AKS node pool of a GPU size with no `NoSchedule` taint accepts every pod: system add-ons, web
#   front ends and batch CPU jobs fill the GPU nodes, the GPU workloads then find no room, and the
#   autoscaler keeps expensive GPU nodes alive for pods that never use a GPU. Taint GPU pools
#   (AKS recommends `sku=gpu:NoSchedule`) and let only GPU workloads tolerate the taint.
# custom:
#   id: AIL603
#   slug: gpu-node-pool-without-taint
#   severity: warning
#   formats: [terraform, arm, bicep]
#   resource_types:
#     - azurerm_kubernetes_cluster_node_pool
#     - azurerm_kubernetes_cluster
#     - Microsoft.ContainerService/managedClusters
#     - Microsoft.ContainerService/managedClusters/agentPools
#   default: on
#   remediation: |
#     Terraform: set `node_taints = ["sku=gpu:NoSchedule"]` on the `azurerm_kubernetes_cluster_node_pool`.
#     A GPU `default_node_pool` cannot take custom taints (AKS rejects them on system pools and azurerm
#     v4 removed the attribute): move the GPUs to a dedicated user node pool, or set
#     `only_critical_addons_enabled = true`.
#     ARM/Bicep: add `"nodeTaints": ["sku=gpu:NoSchedule"]` to the GPU pool (`agentPoolProfiles[]` of
#     `Microsoft.ContainerService/managedClusters`, or `properties` of its `agentPools` child).
#   tags: [scheduling, gpu, cost]
package ailint.rules.gpu_node_pool_without_taint

import data.ailint.lib

# A taint with either effect keeps pods without a toleration off the nodes (NoExecute also evicts
# running ones), so both count; PreferNoSchedule is only a preference and does not.
blocking_effects := {"noschedule", "noexecute"}

recommended := "sku=gpu:NoSchedule"

# ---------------------------------------------------------------------------------------------
# Terraform
# ---------------------------------------------------------------------------------------------

deny contains f if {
	lib.is_terraform
	some r in lib.resources_of("azurerm_kubernetes_cluster_node_pool")
	size := lib.get(r.config, ["vm_size"], null)
	lib.is_gpu_sku(size)
	not maybe_spot(lib.get(r.config, ["priority"], null))
	taints := lib.get(r.config, ["node_taints"], null)
	not maybe_blocking(taints)
	f := lib.finding(r, ["node_taints"], sprintf(
		"Node pool %s (%s) %s, so any pod can be scheduled on its GPU nodes and take the room GPU workloads need; %s",
		[r.id, size, tf_taints_phrase(taints), tf_fix(lib.get(r.config, ["mode"], null))],
	))
}

# AKS rejects custom NoSchedule taints on System pools (SystemPoolHasRestrictedTaint: only
# `CriticalAddonsOnly` or PreferNoSchedule are allowed there).
tf_fix(mode) := sprintf(
	"a System pool takes only `CriticalAddonsOnly=true:NoSchedule`: move the GPUs to a `mode = \"User\"` pool with `node_taints = [\"%s\"]`",
	[recommended],
) if {
	lib.equals_ci(mode, "System")
} else := sprintf("set `node_taints = [\"%s\"]` and tolerate it in the GPU workloads", [recommended])

tf_taints_phrase(taints) := "has no `node_taints`" if {
	taints == null
} else := "has an empty `node_taints`" if {
	count(taints) == 0
} else := sprintf("has `node_taints = %s` but none with effect NoSchedule or NoExecute", [json.marshal(taints)])

# default_node_pool: AKS rejects custom taints on system pools (and azurerm v4 has no
# `default_node_pool.node_taints`); `only_critical_addons_enabled` adds the one it allows,
# `CriticalAddonsOnly=true:NoSchedule`. A v3 `node_taints` that blocks counts too.
deny contains f if {
	lib.is_terraform
	some r in lib.resources_of("azurerm_kubernetes_cluster")
	size := lib.get(r.config, ["default_node_pool", 0, "vm_size"], null)
	lib.is_gpu_sku(size)
	critical := lib.get(r.config, ["default_node_pool", 0, "only_critical_addons_enabled"], null)
	not_enabled(critical)
	not maybe_blocking(lib.get(r.config, ["default_node_pool", 0, "node_taints"], null))
	f := lib.finding(r, ["default_node_pool", 0, "only_critical_addons_enabled"], sprintf(
		"The default (system) node pool of %s uses the GPU size %s without a NoSchedule taint (`only_critical_addons_enabled` is %s), so every pod of the cluster can land on its GPU nodes; move the GPUs to a dedicated `azurerm_kubernetes_cluster_node_pool` with `node_taints = [\"%s\"]`, or set `only_critical_addons_enabled = true`",
		[r.id, size, critical_phrase(critical), recommended],
	))
}

# not_enabled(v): absent (defaults to false) or a known false.
not_enabled(v) if v == null

not_enabled(v) if lib.is_false(v)

critical_phrase(v) := "not set, which defaults to false" if v == null

else := sprintf("%v", [v])

# ---------------------------------------------------------------------------------------------
# ARM
# ---------------------------------------------------------------------------------------------

deny contains f if {
	lib.is_arm
	some r in lib.arm_resources("Microsoft.ContainerService/managedClusters")
	profiles := lib.get(r.config, ["properties", "agentPoolProfiles"], [])
	is_array(profiles)
	some i, pool in profiles
	is_object(pool)
	size := lib.get(pool, ["vmSize"], null)
	lib.is_gpu_sku(size)
	not maybe_spot(lib.get(pool, ["scaleSetPriority"], null))
	taints := lib.get(pool, ["nodeTaints"], null)
	not maybe_blocking(taints)
	what := sprintf("Agent pool `%v`", [object.get(pool, "name", i)])
	f := lib.finding(r, ["properties", "agentPoolProfiles", i, "nodeTaints"], arm_message(what, size, taints, lib.get(pool, ["mode"], null)))
}

deny contains f if {
	lib.is_arm
	some r in lib.arm_resources("Microsoft.ContainerService/managedClusters/agentPools")
	size := lib.get(r.config, ["properties", "vmSize"], null)
	lib.is_gpu_sku(size)
	not maybe_spot(lib.get(r.config, ["properties", "scaleSetPriority"], null))
	taints := lib.get(r.config, ["properties", "nodeTaints"], null)
	not maybe_blocking(taints)
	what := lib.subject("Agent pool", r)
	f := lib.finding(r, ["properties", "nodeTaints"], arm_message(what, size, taints, lib.get(r.config, ["properties", "mode"], null)))
}

arm_message(what, size, taints, mode) := sprintf(
	"%s (%s) %s, so any pod can be scheduled on its GPU nodes and take the room GPU workloads need; %s",
	[what, size, arm_taints_phrase(taints), arm_fix(mode)],
)

arm_taints_phrase(taints) := "has no `nodeTaints`" if {
	taints == null
} else := "has an empty `nodeTaints`" if {
	count(taints) == 0
} else := sprintf("has `nodeTaints` %s but none with effect NoSchedule or NoExecute", [json.marshal(taints)])

arm_fix(mode) := sprintf(
	"a System pool takes only `CriticalAddonsOnly=true:NoSchedule`: move the GPUs to a User pool with `\"nodeTaints\": [\"%s\"]`",
	[recommended],
) if {
	lib.equals_ci(mode, "System")
} else := sprintf("add `\"nodeTaints\": [\"%s\"]` and tolerate it in the GPU workloads", [recommended])

# ---------------------------------------------------------------------------------------------
# Shared
# ---------------------------------------------------------------------------------------------

# maybe_spot(v): Spot priority (AKS taints spot pools `kubernetes.azure.com/scalesetpriority=spot:NoSchedule`
# itself), or a priority ailint cannot read.
maybe_spot(v) if lib.equals_ci(v, "Spot")

maybe_spot(v) if lib.is_unknown(v)

# maybe_blocking(taints): a NoSchedule/NoExecute taint, or taints ailint cannot read (an unknown
# list or element): never fire on those.
maybe_blocking(taints) if lib.is_unknown(taints)

maybe_blocking(taints) if {
	taints != null
	not is_array(taints)
}

maybe_blocking(taints) if {
	is_array(taints)
	some x in taints
	not is_string(x)
}

maybe_blocking(taints) if {
	is_array(taints)
	some x in taints
	blocking(x)
}

# blocking(raw): a "key[=value]:Effect" taint whose effect keeps pods off.
blocking(raw) if {
	is_string(raw)
	parts := split(raw, ":")
	lower(trim_space(parts[count(parts) - 1])) in blocking_effects
}
