package ailint.facts_test

import data.ailint.facts
import data.ailint.test_inputs

pool(size, taints) := test_inputs.tf_res("azurerm_kubernetes_cluster_node_pool", "gpu", {"vm_size": size, "node_taints": taints})

tf(r) := test_inputs.unit("terraform", [r])

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
	taints := facts.gpu_node_taints with input as test_inputs.unit("arm", [mc])
	taints == {{"key": "sku", "value": "gpu", "effect": "NoSchedule", "pool": "aks/gpu"}}
}
