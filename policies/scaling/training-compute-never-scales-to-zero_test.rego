package ailint.rules.training_compute_never_scales_to_zero_test

import data.ailint.rules.training_compute_never_scales_to_zero as rule
import data.ailint.test_inputs

arm_res(type, name, config) := {"id": sprintf("%s/%s", [type, name]), "type": type, "name": name, "api_version": "2024-04-01", "config": config}

unknown(src) := {"$unknown": src, "$refs": [src]}

cluster(scale, extra) := test_inputs.tf_res("azurerm_machine_learning_compute_cluster", "gpu", object.union({
	"name": "gpu-cluster", "vm_size": "Standard_NC24ads_A100_v4", "vm_priority": "Dedicated",
	"scale_settings": [object.union({"max_node_count": 8, "scale_down_nodes_after_idle_duration": "PT10M"}, scale)],
}, extra))

# ---------------------------------------------------------------- Terraform ML compute clusters

test_tf_cluster_with_minimum_fires if {
	findings := rule.deny with input as test_inputs.unit("terraform", [cluster({"min_node_count": 2}, {})])
	count(findings) == 1
	some f in findings
	f.resource == "azurerm_machine_learning_compute_cluster.gpu"
	f.path == ["scale_settings", 0, "min_node_count"]
	contains(f.message, "`scale_settings.min_node_count = 2`")
	contains(f.message, "2 nodes of Standard_NC24ads_A100_v4 are billed")
	contains(f.message, "set it to 0")
}

test_tf_cluster_single_node_message if {
	findings := rule.deny with input as test_inputs.unit("terraform", [cluster({"min_node_count": 1}, {})])
	some f in findings
	contains(f.message, "1 node of Standard_NC24ads_A100_v4 is billed")
}

test_tf_cluster_passes if {
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [cluster({"min_node_count": 0}, {})])
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [cluster({"min_node_count": unknown("var.min_nodes")}, {})])
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [test_inputs.tf_res("azurerm_machine_learning_compute_cluster", "gpu", {"scale_settings": [unknown("dynamic")]})])
	# Declared inference (e.g. batch endpoints kept warm on purpose).
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [cluster({"min_node_count": 1}, {"tags": {"workload": "inference"}})])
}

test_tf_cpu_cluster_also_fires if {
	findings := rule.deny with input as test_inputs.unit("terraform", [cluster({"min_node_count": 1}, {"vm_size": "Standard_D4s_v3"})])
	count(findings) == 1
}

# ---------------------------------------------------------------- Terraform AKS node pools

pool(extra) := test_inputs.tf_res("azurerm_kubernetes_cluster_node_pool", "gpu", object.union(
	{"name": "gputrain", "vm_size": "Standard_ND96asr_v4", "auto_scaling_enabled": true, "min_count": 2, "max_count": 8, "mode": "User"},
	extra,
))

test_tf_training_gpu_pool_with_minimum_fires if {
	findings := rule.deny with input as test_inputs.unit("terraform", [pool({})])
	count(findings) == 1
	some f in findings
	f.path == ["min_count"]
	contains(f.message, "Standard_ND96asr_v4")
	contains(f.message, "`min_count = 2`")
}

test_tf_v3_enable_auto_scaling if {
	p := object.union(pool({"enable_auto_scaling": true}), {"config": {"auto_scaling_enabled": null}})
	count(rule.deny) == 1 with input as test_inputs.unit("terraform", [p])
}

test_tf_pool_passes if {
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [pool({"min_count": 0})])
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [pool({"min_count": unknown("var.min")})])
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [pool({"auto_scaling_enabled": false})])
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [pool({"vm_size": "Standard_D16s_v5"})])
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [pool({"mode": "System"})])
	# Inference or unknown role: AIL301 wants a warm node there.
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [pool({"name": "gpuserve"})])
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [test_inputs.tf_res("azurerm_kubernetes_cluster_node_pool", "gpu", {"name": "gpu", "vm_size": "Standard_ND96asr_v4", "auto_scaling_enabled": true, "min_count": 2})])
}

test_tf_training_by_label if {
	p := test_inputs.tf_res("azurerm_kubernetes_cluster_node_pool", "gpu", {"name": "gpu", "vm_size": "Standard_NC6s_v3", "auto_scaling_enabled": true, "min_count": 1, "node_labels": {"workload": "batch"}})
	count(rule.deny) == 1 with input as test_inputs.unit("terraform", [p])
}

# ---------------------------------------------------------------- ARM

aml(props, extra) := arm_res("Microsoft.MachineLearningServices/workspaces/computes", "mlw/gpu-cluster", object.union({
	"name": "mlw/gpu-cluster",
	"properties": {"computeType": "AmlCompute", "properties": object.union({"vmSize": "Standard_NC24ads_A100_v4", "vmPriority": "Dedicated"}, props)},
}, extra))

test_arm_aml_compute_with_minimum_fires if {
	findings := rule.deny with input as test_inputs.unit("arm", [aml({"scaleSettings": {"minNodeCount": 1, "maxNodeCount": 4}}, {})])
	count(findings) == 1
	some f in findings
	f.path == ["properties", "properties", "scaleSettings", "minNodeCount"]
	contains(f.message, "ML compute cluster `mlw/gpu-cluster`")
	contains(f.message, "`scaleSettings.minNodeCount: 1`")
}

test_arm_aml_compute_passes if {
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [aml({"scaleSettings": {"minNodeCount": 0, "maxNodeCount": 4}}, {})])
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [aml({"scaleSettings": {"minNodeCount": unknown("[parameters('minNodes')]"), "maxNodeCount": 4}}, {})])
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [aml({}, {})])
	# A compute instance is not a cluster (AIL403 covers its idle shutdown).
	ci := arm_res("Microsoft.MachineLearningServices/workspaces/computes", "mlw/ci", {"properties": {"computeType": "ComputeInstance", "properties": {"scaleSettings": {"minNodeCount": 1}}}})
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [ci])
}

gpu_profile(extra) := object.union({"name": "gputrain", "vmSize": "Standard_ND96asr_v4", "mode": "User", "enableAutoScaling": true, "minCount": 1, "maxCount": 4}, extra)

test_arm_agent_pool_profiles if {
	mc := arm_res("Microsoft.ContainerService/managedClusters", "aks", {"properties": {"agentPoolProfiles": [
		{"name": "system", "vmSize": "Standard_D4s_v5", "mode": "System", "enableAutoScaling": true, "minCount": 1},
		gpu_profile({}),
		gpu_profile({"name": "gpuserve"}),
		gpu_profile({"name": "trainsys", "mode": "System"}),
		gpu_profile({"name": "train0", "minCount": 0}),
	]}})
	findings := rule.deny with input as test_inputs.unit("arm", [mc])
	count(findings) == 1
	some f in findings
	f.path == ["properties", "agentPoolProfiles", 1, "minCount"]
	contains(f.message, "Agent pool `gputrain`")
	contains(f.message, "`minCount: 1`")
}

test_arm_agent_pools_child if {
	child := arm_res("Microsoft.ContainerService/managedClusters/agentPools", "aks/gputrain", {"name": "aks/gputrain", "properties": {"vmSize": "Standard_NC24ads_A100_v4", "mode": "User", "enableAutoScaling": true, "minCount": 2, "maxCount": 4}})
	findings := rule.deny with input as test_inputs.unit("arm", [child])
	count(findings) == 1
	some f in findings
	f.path == ["properties", "minCount"]
	off := arm_res("Microsoft.ContainerService/managedClusters/agentPools", "aks/gputrain", {"properties": {"vmSize": "Standard_NC24ads_A100_v4", "enableAutoScaling": false, "minCount": 2}})
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [off])
}

test_formats_are_guarded if {
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [cluster({"min_node_count": 2}, {})])
	count(rule.deny) == 0 with input as test_inputs.unit("kubernetes", [pool({})])
}
