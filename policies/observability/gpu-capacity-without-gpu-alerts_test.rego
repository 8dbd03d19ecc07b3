package ailint.rules.gpu_capacity_without_gpu_alerts_test

import data.ailint.rules.gpu_capacity_without_gpu_alerts as rule
import data.ailint.test_inputs

pool := object.union(test_inputs.tf_res("azurerm_kubernetes_cluster_node_pool", "gpu", {"vm_size": "Standard_NC24ads_A100_v4"}), {"file": "aks.tf"})

first := {"file": "aks.tf", "resource": "azurerm_kubernetes_cluster_node_pool.gpu", "path": [], "kind": "aks-node-pool", "sku": "Standard_NC24ads_A100_v4"}

run(context) := object.union(test_inputs.unit("terraform", [pool]), {"context": context})

test_missing_signals_are_listed_on_the_first_capacity if {
	findings := rule.deny with input as run({"gpu_capacity_first": first, "gpu_capacity_count": 3, "gpu_alert_signals": ["memory"]})
	count(findings) == 1
	some f in findings
	f.resource == "azurerm_kubernetes_cluster_node_pool.gpu"
	f.path == []
	contains(f.message, "watches GPU utilization or temperature")
	not contains(f.message, "GPU memory")
	contains(f.message, "the first of 3 GPU capacity resources")
	contains(f.message, "`DCGM_FI_DEV_GPU_TEMP`")
}

test_all_signals_or_an_unreadable_alert_pass if {
	count(rule.deny) == 0 with input as run({"gpu_capacity_first": first, "gpu_capacity_count": 1, "gpu_alert_signals": ["memory", "temperature", "utilization"]})
	count(rule.deny) == 0 with input as run({"gpu_capacity_first": first, "gpu_capacity_count": 1, "gpu_alert_signals": ["unknown"]})
}

test_only_the_unit_with_the_first_capacity_reports if {
	other := object.union(first, {"file": "other/aks.tf"})
	count(rule.deny) == 0 with input as run({"gpu_capacity_first": other, "gpu_capacity_count": 2, "gpu_alert_signals": []})
	count(rule.deny) == 0 with input as run({})
}
