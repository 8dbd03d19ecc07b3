# METADATA
# title: AKS installs the NVIDIA driver that a GPU Operator also installs
# description: |
#   AKS installs the NVIDIA driver on GPU node pools unless told not to, and the NVIDIA GPU
#   Operator installs its own driver unless its ClusterPolicy says `driver.enabled: false`. With
#   both, the operator's driver container finds a driver already loaded and fails, or replaces the
#   AKS driver with another branch, so which driver (and so which CUDA) a node runs depends on
#   timing, and node image upgrades bring the AKS one back. Microsoft and NVIDIA both say to pick
#   one: skip the AKS driver (`gpu_driver = "None"`, `gpuProfile.driver: None`) when the operator
#   manages drivers. This rule joins the node pools with the GPU Operators found anywhere in the
#   checked files (a ClusterPolicy, or a Terraform `helm_release` of the gpu-operator chart).
# custom:
#   id: AIL507
#   slug: gpu-driver-installed-twice
#   severity: warning
#   formats: [terraform, arm, bicep]
#   resource_types:
#     - azurerm_kubernetes_cluster_node_pool
#     - azurerm_kubernetes_cluster
#     - Microsoft.ContainerService/managedClusters
#     - Microsoft.ContainerService/managedClusters/agentPools
#   default: on
#   fix: unsafe
#   remediation: |
#     Terraform: set `gpu_driver = "None"` on the GPU node pool (or in `default_node_pool`); the
#     change recreates the pool. Or keep the AKS driver and set `driver.enabled: false` in the
#     operator's ClusterPolicy (Helm: `--set driver.enabled=false`).
#     ARM/Bicep: set `gpuProfile: { driver: 'None' }` on the agent pool (API 2025-01-01 or newer),
#     or turn the operator's driver off.
#   tags: [gpu, drivers, reliability]
#   references:
#     - url: https://learn.microsoft.com/azure/aks/gpu-cluster
#       title: Use GPUs on AKS (skip GPU driver installation when using the NVIDIA GPU Operator)
#     - url: https://docs.nvidia.com/datacenter/cloud-native/gpu-operator/latest/microsoft-aks.html
#       title: NVIDIA GPU Operator with Azure Kubernetes Service
package ailint.rules.gpu_driver_installed_twice

import data.ailint.lib

operator := input.context.gpu_operator_drivers[0]

# Terraform: node pools and the cluster's default pool.
deny contains f if {
	lib.is_terraform
	some r in lib.resources_of("azurerm_kubernetes_cluster_node_pool")
	size := lib.get(r.config, ["vm_size"], null)
	lib.is_gpu_sku(size)
	v := lib.get(r.config, ["gpu_driver"], null)
	text := tf_text(v)
	f := finding(r, ["gpu_driver"], lib.subject("GPU node pool", r), size, text, "set `gpu_driver = \"None\"`", "None")
}

deny contains f if {
	lib.is_terraform
	some r in lib.resources_of("azurerm_kubernetes_cluster")
	size := lib.get(r.config, ["default_node_pool", 0, "vm_size"], null)
	lib.is_gpu_sku(size)
	v := lib.get(r.config, ["default_node_pool", 0, "gpu_driver"], null)
	text := tf_text(v)
	f := finding(r, ["default_node_pool", 0, "gpu_driver"], sprintf("The default node pool of %s", [r.id]), size, text, "set `gpu_driver = \"None\"` in `default_node_pool`", "None")
}

# ARM: agent pool profiles of a cluster and agentPools resources.
deny contains f if {
	lib.is_arm
	some r in lib.arm_resources("Microsoft.ContainerService/managedClusters")
	profiles := lib.get(r.config, ["properties", "agentPoolProfiles"], [])
	is_array(profiles)
	some i, pool in profiles
	is_object(pool)
	size := lib.get(pool, ["vmSize"], null)
	lib.is_gpu_sku(size)
	v := lib.get(pool, ["gpuProfile", "driver"], null)
	text := arm_text(v)
	f := finding(r, ["properties", "agentPoolProfiles", i, "gpuProfile", "driver"], sprintf("Agent pool %s of %s", [pool_name(pool, i), cluster_phrase(r)]), size, text, "set `gpuProfile.driver` to `None`", "None")
}

deny contains f if {
	lib.is_arm
	some r in lib.arm_resources("Microsoft.ContainerService/managedClusters/agentPools")
	size := lib.get(r.config, ["properties", "vmSize"], null)
	lib.is_gpu_sku(size)
	v := lib.get(r.config, ["properties", "gpuProfile", "driver"], null)
	text := arm_text(v)
	f := finding(r, ["properties", "gpuProfile", "driver"], lib.subject("GPU agent pool", r), size, text, "set `gpuProfile.driver` to `None`", "None")
}

finding(r, path, subject, size, text, advice, value) := lib.finding_fix(r, path, sprintf(
	"%s (%s) %s, and %s (%s) installs the NVIDIA driver too: the two drivers race on every node (the operator's driver pod fails against the loaded module or replaces it with another branch), so the CUDA a node runs depends on timing; %s (the pool is recreated) or turn the operator's driver off",
	[subject, size, text, operator.source, operator.file, advice],
), {"set": value})

tf_text(v) := "installs the NVIDIA driver (no `gpu_driver`, which defaults to Install)" if {
	v == null
} else := "sets `gpu_driver = \"Install\"`" if {
	lib.equals_ci(v, "Install")
}

arm_text(v) := "installs the NVIDIA driver (no `gpuProfile.driver`, which defaults to Install)" if {
	v == null
} else := "sets `gpuProfile.driver` to Install" if {
	lib.equals_ci(v, "Install")
}

cluster_phrase(r) := s if {
	s := lib.subject("AKS cluster", r)
	not startswith(s, "This ")
} else := "this AKS cluster"

pool_name(pool, _) := sprintf("`%s`", [pool.name]) if {
	is_string(object.get(pool, "name", null))
} else := "(unnamed)"
