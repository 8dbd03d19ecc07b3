# METADATA
# title: Facts one unit tells the others
# description: |
#   Units are evaluated independently, except for what they declare for each other. Before any rule
#   runs, ailint evaluates this package on every unit that has one of the resource types below;
#   each public rule is a set of facts, gathered from all those units, sorted and given to
#   `package ailint.context` (context.rego), which shapes them into every unit's `input.context`.
#   Today: the taints of GPU node pools, so that a GPU pod can be checked against the taints it
#   must tolerate.
# custom:
#   resource_types:
#     - azurerm_kubernetes_cluster_node_pool
#     - azurerm_kubernetes_cluster
#     - Microsoft.ContainerService/managedClusters
#     - Microsoft.ContainerService/managedClusters/agentPools
package ailint.facts

import data.ailint.lib

# gpu_node_taints: {"key", "value", "effect", "pool"} for each known taint of a GPU node pool.
gpu_node_taints contains t if {
	some pool in _gpu_pools
	some raw in pool.taints
	t := object.union(parse_taint(raw), {"pool": pool.id})
}

_gpu_pools contains {"id": r.id, "taints": taints} if {
	lib.is_terraform
	some r in lib.resources_of("azurerm_kubernetes_cluster_node_pool")
	lib.is_gpu_sku(lib.get(r.config, ["vm_size"], null))
	taints := _known_strings(lib.get(r.config, ["node_taints"], []))
}

_gpu_pools contains {"id": sprintf("%s.default_node_pool", [r.id]), "taints": taints} if {
	lib.is_terraform
	some r in lib.resources_of("azurerm_kubernetes_cluster")
	pool := lib.get(r.config, ["default_node_pool", 0], {})
	lib.is_gpu_sku(lib.get(pool, ["vm_size"], null))
	taints := _known_strings(lib.get(pool, ["node_taints"], []))
}

_gpu_pools contains {"id": sprintf("%s/%s", [r.id, name]), "taints": taints} if {
	lib.is_arm
	some r in lib.arm_resources("Microsoft.ContainerService/managedClusters")
	some i, pool in lib.items(lib.get(r.config, ["properties", "agentPoolProfiles"], []))
	is_object(pool)
	lib.is_gpu_sku(lib.get(pool, ["vmSize"], null))
	name := object.get(pool, "name", sprintf("%d", [i]))
	taints := _known_strings(lib.get(pool, ["nodeTaints"], []))
}

_gpu_pools contains {"id": r.id, "taints": taints} if {
	lib.is_arm
	some r in lib.arm_resources("Microsoft.ContainerService/managedClusters/agentPools")
	lib.is_gpu_sku(lib.get(r.config, ["properties", "vmSize"], null))
	taints := _known_strings(lib.get(r.config, ["properties", "nodeTaints"], []))
}

_known_strings(v) := [s | some s in v; is_string(s)] if {
	is_array(v)
} else := []

# parse_taint("key=value:Effect") and "key:Effect" as Kubernetes writes them.
parse_taint(raw) := {"key": key, "value": value, "effect": effect} if {
	[kv, effect] := split(raw, ":")
	[key, value] := _key_value(kv)
}

_key_value(kv) := [k, v] if {
	[k, v] := split(kv, "=")
} else := [kv, ""]
