package ailint.rules.gpu_pool_requires_team_label_test

import data.ailint.rules.gpu_pool_requires_team_label as rule
import data.ailint.test_inputs

# pool(config): a Terraform unit with one node pool, azurerm_kubernetes_cluster_node_pool.gpu.
pool(config) := test_inputs.unit("terraform", [test_inputs.tf_res("azurerm_kubernetes_cluster_node_pool", "gpu", config)])

test_gpu_pool_without_team_is_reported if {
	count(rule.deny) == 1 with input as pool({"vm_size": "Standard_NC6s_v3"})
}

test_gpu_pool_with_team_passes if {
	count(rule.deny) == 0 with input as pool({"vm_size": "Standard_NC6s_v3", "node_labels": {"team": "search"}})
}

test_cpu_pool_and_unknown_labels_pass if {
	count(rule.deny) == 0 with input as pool({"vm_size": "Standard_D4s_v5"})
	count(rule.deny) == 0 with input as pool({"vm_size": "Standard_NC6s_v3", "node_labels": {"$unknown": "var.labels", "$refs": ["var.labels"]}})
}
