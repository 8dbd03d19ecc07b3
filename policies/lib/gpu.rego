# GPU helpers for Azure VM sizes: the NC, ND, NG and NV families (not NP, which is FPGA), plus the
# extra patterns a team declares in `gpu_sku_patterns`.
package ailint.lib

default_gpu_sku_patterns := [`(?i)^standard_n(c|d|g|v)`]

gpu_sku_patterns := array.concat(default_gpu_sku_patterns, setting("gpu_sku_patterns", []))

# is_gpu_sku(size): size is a known VM size string of a GPU family.
is_gpu_sku(size) if {
	is_string(size)
	some pattern in gpu_sku_patterns
	regex.match(pattern, size)
}

# ---------------------------------------------------------------------------------------------
# AKS clusters with GPU node pools (AIL202, AIL702).
# ---------------------------------------------------------------------------------------------

# aks_tf_gpu_pools(r): "<pool>: <size>" for each GPU node pool of the Terraform cluster r (its
# `default_node_pool` or an `azurerm_kubernetes_cluster_node_pool` referring to it), sorted.
aks_tf_gpu_pools(r) := sort(array.concat(
	[sprintf("default_node_pool: %s", [size]) |
		size := get(r.config, ["default_node_pool", 0, "vm_size"], null)
		is_gpu_sku(size)
	],
	[sprintf("%s: %s", [pool.id, size]) |
		some pool in resources_of("azurerm_kubernetes_cluster_node_pool")
		refers_to_resource(get(pool.config, ["kubernetes_cluster_id"], null), r)
		size := get(pool.config, ["vm_size"], null)
		is_gpu_sku(size)
	],
))

# aks_tf_has_gpu_pool(r): the Terraform cluster r has a GPU node pool.
aks_tf_has_gpu_pool(r) if count(aks_tf_gpu_pools(r)) > 0

# aks_arm_gpu_pools(r): "`<pool>`: <size>" for each GPU agent pool of the ARM cluster r (in
# `agentPoolProfiles` or an `agentPools` child resource of it), sorted.
aks_arm_gpu_pools(r) := sort(array.concat(
	[sprintf("`%v`: %s", [object.get(pool, "name", i), size]) |
		profiles := get(r.config, ["properties", "agentPoolProfiles"], [])
		is_array(profiles)
		some i, pool in profiles
		is_object(pool)
		size := get(pool, ["vmSize"], null)
		is_gpu_sku(size)
	],
	[sprintf("%s: %s", [aks_arm_child_pool_name(pool), size]) |
		some pool in arm_resources("Microsoft.ContainerService/managedClusters/agentPools")
		aks_arm_pool_of(pool, r)
		size := get(pool.config, ["properties", "vmSize"], null)
		is_gpu_sku(size)
	],
))

# aks_arm_has_gpu_pool(r): the ARM cluster r has a GPU agent pool.
aks_arm_has_gpu_pool(r) if count(aks_arm_gpu_pools(r)) > 0

# aks_arm_child_pool_name(pool): the pool's own name: the last segment of a literal name, or the
# literal that ends a name expression (`[format('{0}/{1}', parameters('c'), 'h100')]`).
aks_arm_child_pool_name(pool) := sprintf("`%s`", [parts[count(parts) - 1]]) if {
	not startswith(pool.name, "[")
	parts := split(pool.name, "/")
} else := sprintf("`%s`", [m[0][1]]) if {
	m := regex.find_all_string_submatch_n(`'/?([^'/]+)'\)\]$`, pool.name, 1)
	count(m) == 1
} else := "an `agentPools` resource"

# aks_arm_pool_of(pool, r): the agent pool belongs to the cluster: its name starts with the
# cluster's (`aks-ml/gpu`, or the nested form `[parameters('clusterName')]/gpu`), its name
# expression is built from the cluster's name expression (`[concat(parameters('clusterName'),
# '/gpu')]`, `[format('{0}/{1}', parameters('clusterName'), 'gpu')]`), or it depends on the cluster.
aks_arm_pool_of(pool, r) if startswith(lower(pool.name), lower(sprintf("%s/", [r.name])))

aks_arm_pool_of(pool, r) if {
	startswith(r.name, "[")
	startswith(pool.name, "[")
	contains(lower(pool.name), lower(substring(r.name, 1, count(r.name) - 2)))
}

aks_arm_pool_of(pool, r) if {
	deps := object.get(pool.config, "dependsOn", [])
	is_array(deps)
	some d in deps
	_aks_arm_dep_is(d, r)
}

_aks_arm_dep_is(d, r) if refers_to_resource(d, r)

_aks_arm_dep_is(d, r) if {
	is_string(d)
	lower(d) in {lower(r.id), lower(sprintf("%s/%s", [r.type, r.name]))}
}
