package ailint.rules.gpu_driver_installed_twice_test

import data.ailint.rules.gpu_driver_installed_twice as rule
import data.ailint.test_inputs

operator := {"gpu_operator_drivers": [{"source": "ClusterPolicy `cluster-policy`", "file": "k8s/gpu-operator.yaml", "resource": "ClusterPolicy/default/cluster-policy"}]}

run(format, resources, context) := object.union(test_inputs.unit(format, resources), {"context": context})

pool(name, config) := test_inputs.tf_res("azurerm_kubernetes_cluster_node_pool", name, object.union({"vm_size": "Standard_NC24ads_A100_v4"}, config))

arm_res(type, name, config) := {"id": sprintf("%s/%s", [type, name]), "type": type, "name": name, "config": object.union({"name": name}, config)}

test_tf_gpu_pools_that_install_the_driver_fire if {
	findings := rule.deny with input as run("terraform", [
		pool("infer", {}),
		pool("train", {"gpu_driver": "install"}),
		test_inputs.tf_res("azurerm_kubernetes_cluster", "aks", {"default_node_pool": [{"name": "gpu", "vm_size": "Standard_NC4as_T4_v3"}]}),
	], operator)
	count(findings) == 3
	some f in findings
	f.resource == "azurerm_kubernetes_cluster_node_pool.infer"
	f.path == ["gpu_driver"]
	contains(f.message, "defaults to Install")
	contains(f.message, "ClusterPolicy `cluster-policy` (k8s/gpu-operator.yaml)")
	f.fix == {"set": "None"}
	some d in findings
	d.path == ["default_node_pool", 0, "gpu_driver"]
}

test_tf_pools_without_a_driver_cpu_or_unknown_pass if {
	count(rule.deny) == 0 with input as run("terraform", [
		pool("infer", {"gpu_driver": "None"}),
		pool("cpu", {"vm_size": "Standard_D8s_v5"}),
		pool("var", {"gpu_driver": {"$unknown": "var.driver", "$refs": ["var.driver"]}}),
	], operator)
}

test_no_operator_installing_a_driver_is_silent if {
	count(rule.deny) == 0 with input as run("terraform", [pool("infer", {})], {"gpu_operator_drivers": []})
	count(rule.deny) == 0 with input as run("terraform", [pool("infer", {})], {})
}

test_arm_profiles_and_agent_pools if {
	mc := arm_res("Microsoft.ContainerService/managedClusters", "aks", {"properties": {"agentPoolProfiles": [
		{"name": "system", "vmSize": "Standard_D4s_v5"},
		{"name": "gpu", "vmSize": "Standard_NC24ads_A100_v4"},
		{"name": "gpunone", "vmSize": "Standard_NC24ads_A100_v4", "gpuProfile": {"driver": "None"}},
	]}})
	ap := arm_res("Microsoft.ContainerService/managedClusters/agentPools", "aks/h100", {"properties": {"vmSize": "Standard_ND96isr_H100_v5", "gpuProfile": {"driver": "Install"}}})
	findings := rule.deny with input as run("arm", [mc, ap], operator)
	count(findings) == 2
	some f in findings
	f.path == ["properties", "agentPoolProfiles", 1, "gpuProfile", "driver"]
	contains(f.message, "Agent pool `gpu`")
	some g in findings
	g.path == ["properties", "gpuProfile", "driver"]
	contains(g.message, "sets `gpuProfile.driver` to Install")
}
