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

# ---------------------------------------------------------------- drivers, operators, capacity, alerts

k8s(resources) := test_inputs.unit("kubernetes", resources)

cluster_policy(driver) := object.union(test_inputs.k8s_res("ClusterPolicy", "nvidia.com/v1", "cluster-policy", {"metadata": {"name": "cluster-policy"}, "spec": {"operator": {}, "toolkit": {}, "driver": driver}}), {"file": "gpu-operator.yaml"})

test_cluster_policy_and_nvidiadriver_pin_drivers if {
	drivers := facts.gpu_drivers with input as k8s([cluster_policy({"version": "535.104.05"})])
	drivers == {{"version": "535.104.05", "cuda": [12, 2], "source": "ClusterPolicy `cluster-policy`", "file": "gpu-operator.yaml", "resource": "ClusterPolicy/default/cluster-policy"}}
	nd := test_inputs.k8s_res("NVIDIADriver", "nvidia.com/v1alpha1", "default", {"metadata": {"name": "default"}, "spec": {"version": "550.54.15"}})
	some d in facts.gpu_drivers with input as k8s([nd])
	d.cuda == [12, 4]
}

test_disabled_crd_managed_or_unknown_cluster_policy_versions_are_not_pins if {
	count(facts.gpu_drivers) == 0 with input as k8s([cluster_policy({"enabled": false, "version": "535.104.05"})])
	count(facts.gpu_drivers) == 0 with input as k8s([cluster_policy({"useNvidiaDriverCRD": true, "version": "535.104.05"})])
	count(facts.gpu_drivers) == 0 with input as k8s([cluster_policy({"version": "${DRIVER_VERSION}"})])
}

test_vm_extension_driver_versions if {
	ext := test_inputs.tf_res("azurerm_virtual_machine_extension", "nvidia", {"publisher": "Microsoft.HpcCompute", "type": "NvidiaGpuDriverLinux", "settings": "{\"driverVersion\":\"12.2.2\"}"})
	some d in facts.gpu_drivers with input as test_inputs.unit("terraform", [ext])
	d.cuda == [12, 2]
}

helm(set) := test_inputs.tf_res("helm_release", "gpu_operator", {"chart": "nvidia/gpu-operator", "set": set})

test_operators_that_install_a_driver if {
	count(facts.gpu_operator_drivers) == 1 with input as k8s([cluster_policy({})])
	count(facts.gpu_operator_drivers) == 0 with input as k8s([cluster_policy({"enabled": false})])
	count(facts.gpu_operator_drivers) == 1 with input as test_inputs.unit("terraform", [helm([])])
	count(facts.gpu_operator_drivers) == 0 with input as test_inputs.unit("terraform", [helm([{"name": "driver.enabled", "value": "false"}])])
	count(facts.gpu_operator_drivers) == 0 with input as test_inputs.unit("terraform", [helm({"$unknown": "var.set", "$refs": []})])
}

test_alert_signals if {
	group := test_inputs.tf_res("azurerm_monitor_alert_prometheus_rule_group", "gpu", {"rule": [
		{"alert": "GpuMemoryHigh", "expression": "DCGM_FI_DEV_FB_USED / (DCGM_FI_DEV_FB_USED + DCGM_FI_DEV_FB_FREE) > 0.95"},
		{"record": "gpu:util", "expression": "avg(DCGM_FI_DEV_GPU_UTIL)"},
		{"alert": "GpuHot", "enabled": false, "expression": "DCGM_FI_DEV_GPU_TEMP > 85"},
	]})
	facts.gpu_alert_signals == {"memory"} with input as test_inputs.unit("terraform", [group])
	rule := test_inputs.k8s_res("PrometheusRule", "monitoring.coreos.com/v1", "gpu", {"spec": {"groups": [{"rules": [{"alert": "GpuHot", "expr": "DCGM_FI_DEV_GPU_TEMP > 85"}, {"alert": "X", "expr": {"$unknown": "x", "$refs": []}}]}]}})
	facts.gpu_alert_signals == {"temperature", "unknown"} with input as k8s([rule])
}

values(text) := test_inputs.tf_res("helm_release", "gpu_operator", {"chart": "oci://nvcr.io/nvidia/gpu-operator", "values": [text]})

test_helm_values_that_mention_the_driver_are_not_judged if {
	count(facts.gpu_operator_drivers) == 0 with input as test_inputs.unit("terraform", [values("driver:\n  enabled: false\n")])
	count(facts.gpu_operator_drivers) == 1 with input as test_inputs.unit("terraform", [values("toolkit:\n  enabled: true\n")])
}
