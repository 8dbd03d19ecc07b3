package ailint.rules.gpu_node_pool_without_taint_test

import data.ailint.rules.gpu_node_pool_without_taint as rule
import data.ailint.test_inputs

arm_res(type, name, config) := {"id": sprintf("%s/%s", [type, name]), "type": type, "name": name, "api_version": "2024-05-01", "config": config}

unknown(src) := {"$unknown": src, "$refs": [src]}

pool(extra) := test_inputs.tf_res("azurerm_kubernetes_cluster_node_pool", "gpu", object.union(
	{"name": "gpua100", "kubernetes_cluster_id": unknown("azurerm_kubernetes_cluster.aks.id"), "vm_size": "Standard_NC24ads_A100_v4", "node_count": 1},
	extra,
))

tf_pool(extra) := test_inputs.unit("terraform", [pool(extra)])

# ---------------------------------------------------------------- Terraform node pools

test_tf_pool_without_taints_fires if {
	findings := rule.deny with input as tf_pool({})
	count(findings) == 1
	some f in findings
	f.path == ["node_taints"]
	f.resource == "azurerm_kubernetes_cluster_node_pool.gpu"
	contains(f.message, "has no `node_taints`")
	contains(f.message, "Standard_NC24ads_A100_v4")
	contains(f.message, "sku=gpu:NoSchedule")
}

test_tf_empty_or_soft_taints_fire if {
	count(rule.deny) == 1 with input as tf_pool({"node_taints": []})
	findings := rule.deny with input as tf_pool({"node_taints": ["sku=gpu:PreferNoSchedule"]})
	count(findings) == 1
	some f in findings
	contains(f.message, "none with effect NoSchedule or NoExecute")
}

test_tf_blocking_taints_pass if {
	count(rule.deny) == 0 with input as tf_pool({"node_taints": ["sku=gpu:NoSchedule"]})
	count(rule.deny) == 0 with input as tf_pool({"node_taints": ["team=ml:PreferNoSchedule", "nvidia.com/gpu:NoExecute"]})
	count(rule.deny) == 0 with input as tf_pool({"node_taints": ["dedicated=gpu:noschedule"]})
}

test_tf_unknown_taints_or_size_pass if {
	count(rule.deny) == 0 with input as tf_pool({"node_taints": unknown("var.gpu_taints")})
	count(rule.deny) == 0 with input as tf_pool({"node_taints": [unknown("local.gpu_taint")]})
	count(rule.deny) == 0 with input as tf_pool({"vm_size": unknown("var.gpu_size")})
}

test_tf_cpu_pool_passes if {
	count(rule.deny) == 0 with input as tf_pool({"vm_size": "Standard_D16s_v5"})
	count(rule.deny) == 0 with input as tf_pool({"vm_size": "Standard_NP10s"})
}

test_tf_spot_pool_is_tainted_by_aks if {
	count(rule.deny) == 0 with input as tf_pool({"priority": "Spot", "eviction_policy": "Delete"})
	count(rule.deny) == 0 with input as tf_pool({"priority": unknown("var.priority")})
	count(rule.deny) == 1 with input as tf_pool({"priority": "Regular"})
}

test_tf_system_mode_pool_message if {
	findings := rule.deny with input as tf_pool({"mode": "System"})
	some f in findings
	contains(f.message, "CriticalAddonsOnly")
}

aks(dnp) := test_inputs.unit("terraform", [test_inputs.tf_res("azurerm_kubernetes_cluster", "aks", {"name": "aks", "default_node_pool": [dnp]})])

test_tf_default_node_pool if {
	findings := rule.deny with input as aks({"name": "system", "vm_size": "Standard_NC6s_v3"})
	count(findings) == 1
	some f in findings
	f.path == ["default_node_pool", 0, "only_critical_addons_enabled"]
	contains(f.message, "not set, which defaults to false")
	count(rule.deny) == 1 with input as aks({"name": "system", "vm_size": "Standard_NC6s_v3", "only_critical_addons_enabled": false})
	count(rule.deny) == 0 with input as aks({"name": "system", "vm_size": "Standard_NC6s_v3", "only_critical_addons_enabled": true})
	count(rule.deny) == 0 with input as aks({"name": "system", "vm_size": "Standard_NC6s_v3", "only_critical_addons_enabled": unknown("var.critical")})
	count(rule.deny) == 0 with input as aks({"name": "system", "vm_size": "Standard_NC6s_v3", "node_taints": ["CriticalAddonsOnly=true:NoSchedule"]})
	count(rule.deny) == 0 with input as aks({"name": "system", "vm_size": "Standard_D4s_v5"})
}

# ---------------------------------------------------------------- ARM

cluster(profiles) := test_inputs.unit("arm", [arm_res("Microsoft.ContainerService/managedClusters", "aks", {"name": "aks", "properties": {"agentPoolProfiles": profiles}})])

system := {"name": "system", "mode": "System", "vmSize": "Standard_D4s_v5", "count": 3}

test_arm_profile_without_taints_fires if {
	findings := rule.deny with input as cluster([system, {"name": "gpu", "mode": "User", "vmSize": "Standard_NC24ads_A100_v4"}])
	count(findings) == 1
	some f in findings
	f.path == ["properties", "agentPoolProfiles", 1, "nodeTaints"]
	contains(f.message, "Agent pool `gpu`")
	contains(f.message, "has no `nodeTaints`")
}

test_arm_profile_taints if {
	count(rule.deny) == 0 with input as cluster([system, {"name": "gpu", "vmSize": "Standard_NC24ads_A100_v4", "nodeTaints": ["sku=gpu:NoSchedule"]}])
	count(rule.deny) == 1 with input as cluster([system, {"name": "gpu", "vmSize": "Standard_NC24ads_A100_v4", "nodeTaints": ["sku=gpu:PreferNoSchedule"]}])
	count(rule.deny) == 0 with input as cluster([system, {"name": "gpu", "vmSize": "Standard_NC24ads_A100_v4", "nodeTaints": unknown("[parameters('gpuTaints')]")}])
	count(rule.deny) == 0 with input as cluster([system, {"name": "gpu", "vmSize": "Standard_NC24ads_A100_v4", "scaleSetPriority": "Spot"}])
	count(rule.deny) == 0 with input as cluster([system, {"name": "gpu", "vmSize": unknown("[parameters('gpuSize')]")}])
}

test_arm_system_gpu_profile_message if {
	findings := rule.deny with input as cluster([{"name": "system", "mode": "System", "vmSize": "Standard_NC6s_v3"}])
	some f in findings
	contains(f.message, "User pool")
}

child(props) := test_inputs.unit("arm", [arm_res("Microsoft.ContainerService/managedClusters/agentPools", "aks/gput4", {"name": "aks/gput4", "properties": props})])

test_arm_agent_pool_child if {
	findings := rule.deny with input as child({"mode": "User", "vmSize": "Standard_NC8as_T4_v3", "count": 1})
	count(findings) == 1
	some f in findings
	f.path == ["properties", "nodeTaints"]
	contains(f.message, "Agent pool `aks/gput4`")
	count(rule.deny) == 0 with input as child({"mode": "User", "vmSize": "Standard_NC8as_T4_v3", "nodeTaints": ["sku=gpu:NoSchedule"]})
	count(rule.deny) == 0 with input as child({"mode": "User", "vmSize": "Standard_D8s_v5"})
}

test_formats_are_guarded if {
	inp := object.union(tf_pool({}), {"format": "kubernetes"})
	count(rule.deny) == 0 with input as inp
}
