package ailint.rules.spot_capacity_for_inference_test

import data.ailint.rules.spot_capacity_for_inference as rule
import data.ailint.test_inputs

arm_res(type, name, config) := {"id": sprintf("%s/%s", [type, name]), "type": type, "name": name, "api_version": "2024-02-01", "config": config}

unknown(src) := {"$unknown": src, "$refs": [src]}

node_pool(name, extra) := test_inputs.tf_res("azurerm_kubernetes_cluster_node_pool", name, object.union(
	{"name": name, "vm_size": "Standard_NC24ads_A100_v4", "priority": "Spot", "eviction_policy": "Delete", "spot_max_price": -1},
	extra,
))

# ---------------------------------------------------------------- Terraform

test_tf_spot_pool_unknown_role_fires_with_hint if {
	findings := rule.deny with input as test_inputs.unit("terraform", [node_pool("gpuspot", {})])
	count(findings) == 1
	some f in findings
	f.path == ["priority"]
	contains(f.message, "`workload` tag")
}

test_tf_spot_inference_pool_fires_without_hint if {
	findings := rule.deny with input as test_inputs.unit("terraform", [node_pool("gpu", {"tags": {"workload": "inference"}, "priority": "spot"})])
	count(findings) == 1
	some f in findings
	contains(f.message, "serves inference")
	not contains(f.message, "`workload` tag")
}

test_tf_spot_pool_passes if {
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [node_pool("trainspot", {})])
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [node_pool("gpu", {"tags": {"workload": "training"}})])
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [node_pool("gpu", {"priority": "Regular"})])
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [node_pool("gpu", {"priority": unknown("var.priority")})])
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [object.union(node_pool("gpu", {}), {"config": {"priority": null}})])
}

test_tf_vm_and_vmss if {
	vm := test_inputs.tf_res("azurerm_linux_virtual_machine", "chat", {"size": "Standard_NC4as_T4_v3", "priority": "Spot", "eviction_policy": "Deallocate"})
	count(rule.deny) == 1 with input as test_inputs.unit("terraform", [vm])
	win := test_inputs.tf_res("azurerm_windows_virtual_machine", "render", {"size": "Standard_NV6ads_A10_v5", "priority": "Spot"})
	count(rule.deny) == 1 with input as test_inputs.unit("terraform", [win])
	ss := test_inputs.tf_res("azurerm_linux_virtual_machine_scale_set", "serving", {"sku": "Standard_NC4as_T4_v3", "priority": "Spot"})
	count(rule.deny) == 1 with input as test_inputs.unit("terraform", [ss])
	orch := test_inputs.tf_res("azurerm_orchestrated_virtual_machine_scale_set", "o", {"sku_name": "Standard_NC4as_T4_v3", "priority": "Spot"})
	count(rule.deny) == 1 with input as test_inputs.unit("terraform", [orch])
	train := test_inputs.tf_res("azurerm_linux_virtual_machine_scale_set", "finetune", {"sku": "Standard_ND96asr_v4", "priority": "Spot"})
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [train])
}

test_tf_format_guard if {
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [node_pool("gpuspot", {})])
}

# ---------------------------------------------------------------- ARM

test_arm_agent_pool_profiles if {
	cluster := arm_res("Microsoft.ContainerService/managedClusters", "aks", {"properties": {"agentPoolProfiles": [
		{"name": "system", "mode": "System", "vmSize": "Standard_D4s_v5"},
		{"name": "gpuspot", "mode": "User", "vmSize": "Standard_NC6s_v3", "scaleSetPriority": "Spot"},
		{"name": "trainspot", "mode": "User", "vmSize": "Standard_NC6s_v3", "scaleSetPriority": "Spot"},
		{"name": "gpu", "mode": "User", "vmSize": "Standard_NC6s_v3", "scaleSetPriority": unknown("parameters.priority")},
	]}})
	findings := rule.deny with input as test_inputs.unit("arm", [cluster])
	count(findings) == 1
	some f in findings
	f.path == ["properties", "agentPoolProfiles", 1, "scaleSetPriority"]
	contains(f.message, "gpuspot")
}

test_arm_agent_pool_child if {
	child := arm_res("Microsoft.ContainerService/managedClusters/agentPools", "aks/infer", {"properties": {"vmSize": "Standard_NC6s_v3", "scaleSetPriority": "Spot"}})
	findings := rule.deny with input as test_inputs.unit("arm", [child])
	count(findings) == 1
	some f in findings
	f.path == ["properties", "scaleSetPriority"]
	trained := object.union(child, {"config": {"properties": {"nodeLabels": {"workload": "training"}}}})
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [trained])
	regular := object.union(child, {"config": {"properties": {"scaleSetPriority": "Regular"}}})
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [regular])
}

test_arm_vm_and_vmss_low_priority if {
	vm := arm_res("Microsoft.Compute/virtualMachines", "chat", {"properties": {"priority": "Low", "hardwareProfile": {"vmSize": "Standard_NC4as_T4_v3"}}})
	findings := rule.deny with input as test_inputs.unit("arm", [vm])
	count(findings) == 1
	some f in findings
	f.path == ["properties", "priority"]
	ss := arm_res("Microsoft.Compute/virtualMachineScaleSets", "serving", {"sku": {"name": "Standard_NC4as_T4_v3"}, "properties": {"virtualMachineProfile": {"priority": "Spot"}}})
	some g in rule.deny with input as test_inputs.unit("arm", [ss])
	g.path == ["properties", "virtualMachineProfile", "priority"]
	tagged := object.union(ss, {"config": {"tags": {"workload": "batch"}}})
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [tagged])
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [arm_res("Microsoft.Compute/virtualMachines", "x", {"properties": {"priority": unknown("parameters.p")}})])
}

# ---------------------------------------------------------------- Kubernetes

workload(kind, name, labels, gpu, pod) := test_inputs.k8s_res(kind, "apps/v1", name, {
	"metadata": {"name": name, "namespace": "ml", "labels": labels},
	"spec": {"template": {"metadata": {"labels": {"app": name}}, "spec": object.union(
		{"containers": [{"name": "main", "image": "img:1", "resources": {"limits": {"nvidia.com/gpu": gpu}}}]},
		pod,
	)}},
})

spot_toleration := {"key": "kubernetes.azure.com/scalesetpriority", "operator": "Equal", "value": "spot", "effect": "NoSchedule"}

gpu_toleration := {"key": "nvidia.com/gpu", "operator": "Exists", "effect": "NoSchedule"}

test_k8s_gpu_unknown_tolerating_spot_fires_at_toleration if {
	d := workload("Deployment", "llm", {}, 1, {"tolerations": [gpu_toleration, spot_toleration]})
	findings := rule.deny with input as test_inputs.unit("kubernetes", [d])
	count(findings) == 1
	some f in findings
	f.path == ["spec", "template", "spec", "tolerations", 1]
	contains(f.message, "`workload` tag")
}

test_k8s_exists_operator_counts if {
	d := workload("Deployment", "llm", {}, 1, {"tolerations": [{"key": "kubernetes.azure.com/scalesetpriority", "operator": "Exists"}]})
	count(rule.deny) == 1 with input as test_inputs.unit("kubernetes", [d])
}

test_k8s_wildcard_toleration_does_not_count if {
	d := workload("Deployment", "llm", {}, 1, {"tolerations": [{"operator": "Exists"}]})
	count(rule.deny) == 0 with input as test_inputs.unit("kubernetes", [d])
}

test_k8s_selector_preferred_over_toleration if {
	d := workload("Deployment", "chat-serving", {}, 0, {
		"nodeSelector": {"kubernetes.azure.com/scalesetpriority": "spot"},
		"tolerations": [spot_toleration],
	})
	findings := rule.deny with input as test_inputs.unit("kubernetes", [d])
	count(findings) == 1
	some f in findings
	f.path == ["spec", "template", "spec", "nodeSelector", "kubernetes.azure.com/scalesetpriority"]
	contains(f.message, "serves inference")
}

test_k8s_required_affinity if {
	aff := {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [{"matchExpressions": [
		{"key": "agentpool", "operator": "In", "values": ["gpu"]},
		{"key": "kubernetes.azure.com/scalesetpriority", "operator": "In", "values": ["spot"]},
	]}]}}}
	d := workload("StatefulSet", "llm", {"workload": "inference"}, 0, {"affinity": aff})
	findings := rule.deny with input as test_inputs.unit("kubernetes", [d])
	count(findings) == 1
	some f in findings
	f.path == ["spec", "template", "spec", "affinity", "nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution", "nodeSelectorTerms", 0, "matchExpressions", 1]
	notin := {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [{"matchExpressions": [
		{"key": "kubernetes.azure.com/scalesetpriority", "operator": "NotIn", "values": ["spot"]},
	]}]}}}
	count(rule.deny) == 0 with input as test_inputs.unit("kubernetes", [workload("StatefulSet", "llm", {"workload": "inference"}, 0, {"affinity": notin})])
}

test_k8s_passes if {
	# CPU workload with unknown role.
	count(rule.deny) == 0 with input as test_inputs.unit("kubernetes", [workload("Deployment", "tools", {}, 0, {"tolerations": [spot_toleration]})])
	# Labelled training.
	count(rule.deny) == 0 with input as test_inputs.unit("kubernetes", [workload("Deployment", "llm", {"workload": "training"}, 1, {"tolerations": [spot_toleration]})])
	# DaemonSets run everywhere.
	count(rule.deny) == 0 with input as test_inputs.unit("kubernetes", [workload("DaemonSet", "dcgm-exporter", {}, 1, {"tolerations": [spot_toleration]})])
	# GPU inference without spot.
	count(rule.deny) == 0 with input as test_inputs.unit("kubernetes", [workload("Deployment", "llm", {}, 1, {"tolerations": [gpu_toleration]})])
	# A different value.
	count(rule.deny) == 0 with input as test_inputs.unit("kubernetes", [workload("Deployment", "llm", {}, 1, {"nodeSelector": {"kubernetes.azure.com/scalesetpriority": "regular"}})])
}

test_k8s_training_job_tolerating_spot_passes if {
	job := test_inputs.k8s_res("Job", "batch/v1", "finetune", {"metadata": {"name": "finetune"}, "spec": {"template": {"spec": {
		"restartPolicy": "Never",
		"tolerations": [spot_toleration],
		"containers": [{"name": "train", "image": "trainer:1", "resources": {"limits": {"nvidia.com/gpu": 8}}}],
	}}}})
	count(rule.deny) == 0 with input as test_inputs.unit("kubernetes", [job])
}

test_k8s_kserve_predictor if {
	isvc := test_inputs.k8s_res("InferenceService", "serving.kserve.io/v1beta1", "llama", {"metadata": {"name": "llama"}, "spec": {"predictor": {
		"tolerations": [spot_toleration],
		"model": {"modelFormat": {"name": "huggingface"}, "resources": {"limits": {"nvidia.com/gpu": "1"}}},
	}}})
	findings := rule.deny with input as test_inputs.unit("kubernetes", [isvc])
	count(findings) == 1
	some f in findings
	f.path == ["spec", "predictor", "tolerations", 0]
}

test_k8s_format_guard if {
	d := workload("Deployment", "llm", {}, 1, {"tolerations": [spot_toleration]})
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [d])
}

# A CPU spot pool of unknown role is batch or overflow capacity; declared inference still fires.
test_cpu_spot_of_unknown_role_passes if {
	cpu_pool := node_pool("spot", {"vm_size": "Standard_DS2_v2"})
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [cpu_pool])
	cpu_vm := test_inputs.tf_res("azurerm_linux_virtual_machine", "agent", {"size": "Standard_D2s_v5", "priority": "Spot"})
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [cpu_vm])
	unknown_size := node_pool("spot", {"vm_size": unknown("var.size")})
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [unknown_size])
	serving := node_pool("api", {"vm_size": "Standard_D4s_v5", "tags": {"workload": "inference"}})
	count(rule.deny) == 1 with input as test_inputs.unit("terraform", [serving])
	arm_cpu := arm_res("Microsoft.ContainerService/managedClusters/agentPools", "aks/spot", {"properties": {"vmSize": "Standard_DS2_v2", "scaleSetPriority": "Spot"}})
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [arm_cpu])
}

# A VLLMRuntime reaches spot nodes through `spec.deploymentConfig.toleration` or `nodeSelectorTerms`.
vllm(deployment_config) := test_inputs.unit("kubernetes", [test_inputs.vllm_runtime("llama", object.union(test_inputs.vllm_gpu, deployment_config), {})])

test_vllm_runtime_on_spot_fires_on_its_fields if {
	findings := rule.deny with input as vllm({"toleration": [{"key": "sku", "operator": "Equal", "value": "gpu", "effect": "NoSchedule"}, spot_toleration]})
	count(findings) == 1
	some f in findings
	f.resource == "VLLMRuntime/llm/llama"
	f.path == ["spec", "deploymentConfig", "toleration", 1]
	contains(f.message, "tolerates the spot taint")
	terms := [{"matchExpressions": [{"key": "kubernetes.azure.com/scalesetpriority", "operator": "In", "values": ["spot"]}]}]
	some g in rule.deny with input as vllm({"nodeSelectorTerms": terms, "toleration": [spot_toleration]})
	g.path == ["spec", "deploymentConfig", "nodeSelectorTerms", 0, "matchExpressions", 0]
}

test_vllm_runtime_off_spot_passes if {
	count(rule.deny) == 0 with input as vllm({"toleration": [{"key": "sku", "operator": "Equal", "value": "gpu", "effect": "NoSchedule"}]})
	count(rule.deny) == 0 with input as vllm({"toleration": unknown("${TOLERATIONS}")})
	batch := object.union(test_inputs.vllm_runtime("llama", object.union(test_inputs.vllm_gpu, {"toleration": [spot_toleration]}), {}), {"config": {"metadata": {"labels": {"workload": "batch"}}}})
	count(rule.deny) == 0 with input as test_inputs.unit("kubernetes", [batch])
}
