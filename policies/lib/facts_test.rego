package ailint.facts_test

import data.ailint.facts

pool(size, taints) := {"id": "azurerm_kubernetes_cluster_node_pool.gpu", "type": "azurerm_kubernetes_cluster_node_pool", "name": "gpu", "config": {"vm_size": size, "node_taints": taints}}

tf(r) := {"format": "terraform", "config": {}, "resources": [r], "resources_by_type": {r.type: [r]}}

test_gpu_pool_taints_are_collected if {
	taints := facts.gpu_node_taints with input as tf(pool("Standard_NC6s_v3", ["team=ml:NoSchedule", "gpu:NoExecute"]))
	taints == {
		{"key": "team", "value": "ml", "effect": "NoSchedule", "pool": "azurerm_kubernetes_cluster_node_pool.gpu"},
		{"key": "gpu", "value": "", "effect": "NoExecute", "pool": "azurerm_kubernetes_cluster_node_pool.gpu"},
	}
}

test_cpu_pools_and_unknown_taints_are_not if {
	count(facts.gpu_node_taints) == 0 with input as tf(pool("Standard_D4s_v5", ["team=ml:NoSchedule"]))
	count(facts.gpu_node_taints) == 0 with input as tf(pool("Standard_NC6s_v3", {"$unknown": "var.taints", "$refs": ["var.taints"]}))
}

test_arm_agent_pool_profiles if {
	mc := {"id": "aks", "type": "Microsoft.ContainerService/managedClusters", "name": "aks", "config": {"properties": {"agentPoolProfiles": [
		{"name": "system", "vmSize": "Standard_D4s_v5", "nodeTaints": ["CriticalAddonsOnly=true:NoSchedule"]},
		{"name": "gpu", "vmSize": "Standard_NC24ads_A100_v4", "nodeTaints": ["sku=gpu:NoSchedule"]},
	]}}}
	taints := facts.gpu_node_taints with input as {"format": "arm", "config": {}, "resources": [mc], "resources_by_type": {mc.type: [mc]}}
	taints == {{"key": "sku", "value": "gpu", "effect": "NoSchedule", "pool": "aks/gpu"}}
}
