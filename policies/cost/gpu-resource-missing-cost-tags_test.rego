package ailint.rules.gpu_resource_missing_cost_tags_test

import data.ailint.rules.gpu_resource_missing_cost_tags as rule
import data.ailint.test_inputs

tf(type, name, config) := {"id": sprintf("%s.%s", [type, name]), "type": type, "name": name, "config": config}

arm_res(id, type, config) := {"id": id, "type": type, "name": object.get(config, "name", id), "config": object.union({"type": type}, config)}

k8s(kind, name, config) := {"id": sprintf("%s/default/%s", [kind, name]), "type": kind, "api_version": "apps/v1", "name": name, "config": object.union({"kind": kind, "metadata": {"name": name}}, config)}

full_tags := {"owner": "ml-platform", "cost-center": "cc-4711", "environment": "prod"}

unknown := {"$unknown": "var.tags", "$refs": ["var.tags"]}

gpu_container := {"name": "train", "image": "nvcr.io/nvidia/pytorch:24.05-py3", "resources": {"limits": {"nvidia.com/gpu": 1}}}

cpu_container := {"name": "api", "image": "nginx:1.27", "resources": {"limits": {"cpu": "1"}}}

# --- Terraform -------------------------------------------------------------------------------

test_tf_gpu_vm_without_tags_fires if {
	findings := rule.deny with input as test_inputs.unit("terraform", [tf("azurerm_linux_virtual_machine", "train", {"size": "Standard_NC24ads_A100_v4"})])
	count(findings) == 1
	some f in findings
	f.path == ["tags"]
	contains(f.message, "`owner`, `cost-center`, `environment`")
	contains(f.message, "GPU VM")
}

test_tf_partial_tags_lists_only_missing if {
	r := tf("azurerm_linux_virtual_machine", "train", {"size": "Standard_NC24ads_A100_v4", "tags": {"owner": "ml"}})
	findings := rule.deny with input as test_inputs.unit("terraform", [r])
	some f in findings
	contains(f.message, "no cost tags `cost-center`, `environment`")
}

test_tf_tags_case_insensitive_pass if {
	r := tf("azurerm_windows_virtual_machine", "viz", {"size": "Standard_NV36ads_A10_v5", "tags": {"Owner": "a", "Cost-Center": "b", "ENVIRONMENT": "c"}})
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [r])
}

test_tf_cpu_vm_passes if {
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [tf("azurerm_linux_virtual_machine", "jump", {"size": "Standard_D4s_v5"})])
}

test_tf_unknown_tags_pass if {
	r := tf("azurerm_linux_virtual_machine", "train", {"size": "Standard_NC24ads_A100_v4", "tags": unknown})
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [r])
}

test_tf_unknown_size_passes if {
	r := tf("azurerm_linux_virtual_machine", "train", {"size": unknown})
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [r])
}

test_tf_legacy_vm_and_vmss if {
	count(rule.deny) == 1 with input as test_inputs.unit("terraform", [tf("azurerm_virtual_machine", "old", {"vm_size": "Standard_NC6s_v3"})])
	count(rule.deny) == 1 with input as test_inputs.unit("terraform", [tf("azurerm_linux_virtual_machine_scale_set", "w", {"sku": "Standard_ND96asr_v4"})])
	count(rule.deny) == 1 with input as test_inputs.unit("terraform", [tf("azurerm_orchestrated_virtual_machine_scale_set", "w", {"sku_name": "Standard_NC4as_T4_v3"})])
	count(rule.deny) == 1 with input as test_inputs.unit("terraform", [tf("azurerm_virtual_machine_scale_set", "w", {"sku": [{"name": "Standard_NC4as_T4_v3", "capacity": 2}]})])
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [tf("azurerm_linux_virtual_machine_scale_set", "w", {"sku": "Standard_F8s_v2"})])
}

test_tf_gpu_pool_and_its_cluster if {
	cluster := tf("azurerm_kubernetes_cluster", "aks", {"default_node_pool": [{"name": "system", "vm_size": "Standard_D4s_v5"}]})
	pool := tf("azurerm_kubernetes_cluster_node_pool", "gpu", {
		"vm_size": "Standard_NC24ads_A100_v4",
		"kubernetes_cluster_id": {"$unknown": "azurerm_kubernetes_cluster.aks.id", "$refs": ["azurerm_kubernetes_cluster.aks"]},
		"tags": full_tags,
	})
	findings := rule.deny with input as test_inputs.unit("terraform", [cluster, pool])
	count(findings) == 1
	some f in findings
	f.resource == "azurerm_kubernetes_cluster.aks"
	contains(f.message, "AKS cluster with GPU nodes")
}

test_tf_cpu_cluster_passes if {
	cluster := tf("azurerm_kubernetes_cluster", "aks", {"default_node_pool": [{"name": "system", "vm_size": "Standard_D4s_v5"}]})
	pool := tf("azurerm_kubernetes_cluster_node_pool", "cpu", {
		"vm_size": "Standard_D16s_v5",
		"kubernetes_cluster_id": {"$unknown": "azurerm_kubernetes_cluster.aks.id", "$refs": ["azurerm_kubernetes_cluster.aks"]},
	})
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [cluster, pool])
}

test_tf_cluster_with_gpu_default_pool if {
	cluster := tf("azurerm_kubernetes_cluster", "aks", {"default_node_pool": [{"name": "gpu", "vm_size": "Standard_NC6s_v3"}], "tags": {"owner": "x"}})
	findings := rule.deny with input as test_inputs.unit("terraform", [cluster])
	count(findings) == 1
}

test_tf_ml_compute_and_ai_accounts_always_count if {
	count(rule.deny) == 1 with input as test_inputs.unit("terraform", [tf("azurerm_machine_learning_compute_cluster", "c", {"vm_size": "STANDARD_DS3_V2"})])
	count(rule.deny) == 1 with input as test_inputs.unit("terraform", [tf("azurerm_machine_learning_compute_instance", "i", {"virtual_machine_size": "STANDARD_DS3_V2"})])
	count(rule.deny) == 1 with input as test_inputs.unit("terraform", [tf("azurerm_cognitive_account", "oai", {"kind": "OpenAI"})])
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [tf("azurerm_ai_services", "ai", {"tags": full_tags})])
}

test_tf_option_overrides_required_keys if {
	r := tf("azurerm_linux_virtual_machine", "train", {"size": "Standard_NC24ads_A100_v4", "tags": {"team": "ml"}})
	inp := object.union(test_inputs.unit("terraform", [r]), {"config": {"rules": {"gpu-resource-missing-cost-tags": {"required_tags": ["Team"]}}}})
	count(rule.deny) == 0 with input as inp
	inp2 := object.union(test_inputs.unit("terraform", [r]), {"config": {"required_tags": ["team", "project"]}})
	findings := rule.deny with input as inp2
	some f in findings
	contains(f.message, "no cost tag `project`")
}

# --- ARM -------------------------------------------------------------------------------------

test_arm_gpu_vm_fires if {
	vm := arm_res("vm", "Microsoft.Compute/virtualMachines", {"properties": {"hardwareProfile": {"vmSize": "Standard_NC24ads_A100_v4"}}, "tags": {"owner": "x"}})
	findings := rule.deny with input as test_inputs.unit("arm", [vm])
	count(findings) == 1
	some f in findings
	f.path == ["tags"]
}

test_arm_cpu_vm_and_unknown_tags_pass if {
	cpu := arm_res("vm", "Microsoft.Compute/virtualMachines", {"properties": {"hardwareProfile": {"vmSize": "Standard_D4s_v5"}}})
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [cpu])
	gpu := arm_res("vm", "Microsoft.Compute/virtualMachines", {"properties": {"hardwareProfile": {"vmSize": "Standard_NC24ads_A100_v4"}}, "tags": {"$unknown": "[parameters('tags')]", "$refs": []}})
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [gpu])
}

test_arm_vmss_and_accounts if {
	count(rule.deny) == 1 with input as test_inputs.unit("arm", [arm_res("ss", "Microsoft.Compute/virtualMachineScaleSets", {"sku": {"name": "Standard_ND96isr_H100_v5"}})])
	count(rule.deny) == 1 with input as test_inputs.unit("arm", [arm_res("oai", "Microsoft.CognitiveServices/accounts", {"kind": "OpenAI"})])
	count(rule.deny) == 1 with input as test_inputs.unit("arm", [arm_res("c", "Microsoft.MachineLearningServices/workspaces/computes", {"properties": {"computeType": "AmlCompute"}})])
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [arm_res("oai", "Microsoft.CognitiveServices/accounts", {"tags": {"Owner": "a", "cost-center": "b", "Environment": "c"}})])
}

test_arm_cluster_with_gpu_profile if {
	aks := arm_res("aks", "Microsoft.ContainerService/managedClusters", {"properties": {"agentPoolProfiles": [
		{"name": "system", "vmSize": "Standard_D4s_v5"},
		{"name": "gpu", "vmSize": "Standard_NC24ads_A100_v4"},
	]}})
	count(rule.deny) == 1 with input as test_inputs.unit("arm", [aks])
	cpu := arm_res("aks", "Microsoft.ContainerService/managedClusters", {"properties": {"agentPoolProfiles": [{"name": "system", "vmSize": "Standard_D4s_v5"}]}})
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [cpu])
}

test_arm_agent_pool_child_and_its_cluster if {
	aks := arm_res("aks", "Microsoft.ContainerService/managedClusters", {"name": "aks-prod", "tags": full_tags, "properties": {"agentPoolProfiles": [{"name": "system", "vmSize": "Standard_D4s_v5"}]}})
	pool := arm_res("gpu", "Microsoft.ContainerService/managedClusters/agentPools", {"name": "aks-prod/gpu", "properties": {"vmSize": "Standard_NC24ads_A100_v4", "tags": {"owner": "x"}}})
	findings := rule.deny with input as test_inputs.unit("arm", [aks, pool])
	count(findings) == 1
	some f in findings
	f.resource == "gpu"
	f.path == ["properties", "tags"]
	untagged := arm_res("aks", "Microsoft.ContainerService/managedClusters", {"name": "aks-prod", "properties": {"agentPoolProfiles": [{"name": "system", "vmSize": "Standard_D4s_v5"}]}})
	count(rule.deny) == 2 with input as test_inputs.unit("arm", [untagged, pool])
}

test_arm_agent_pool_joined_by_depends_on if {
	aks := arm_res("aks", "Microsoft.ContainerService/managedClusters", {"name": "[parameters('clusterName')]", "properties": {"agentPoolProfiles": [{"name": "system", "vmSize": "Standard_D4s_v5"}]}})
	dep := {"$unknown": "[resourceId('Microsoft.ContainerService/managedClusters', parameters('clusterName'))]", "$refs": ["aks"]}
	pool := arm_res("gpu", "Microsoft.ContainerService/managedClusters/agentPools", {"name": "[format('{0}/{1}', parameters('clusterName'), 'gpu')]", "dependsOn": [dep], "properties": {"vmSize": "Standard_NC4as_T4_v3", "tags": full_tags}})
	findings := rule.deny with input as test_inputs.unit("arm", [aks, pool])
	{f.resource | some f in findings} == {"aks"}
	symbolic := arm_res("gpu", "Microsoft.ContainerService/managedClusters/agentPools", {"name": "x/gpu", "dependsOn": ["AKS"], "properties": {"vmSize": "Standard_NC4as_T4_v3", "tags": full_tags}})
	count(rule.deny) == 1 with input as test_inputs.unit("arm", [aks, symbolic])
	unrelated := arm_res("gpu", "Microsoft.ContainerService/managedClusters/agentPools", {"name": "other/gpu", "properties": {"vmSize": "Standard_NC4as_T4_v3", "tags": full_tags}})
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [aks, unrelated])
}

# --- Kubernetes ------------------------------------------------------------------------------

deployment(labels, template_labels, container) := k8s("Deployment", "trainer", {
	"metadata": {"name": "trainer", "labels": labels},
	"spec": {"template": {"metadata": {"labels": template_labels}, "spec": {"containers": [container]}}},
})

test_k8s_gpu_workload_without_labels_fires if {
	findings := rule.deny with input as test_inputs.unit("kubernetes", [deployment({"app": "trainer"}, {"app": "trainer"}, gpu_container)])
	count(findings) == 1
	some f in findings
	f.path == ["spec", "template", "metadata", "labels"]
	contains(f.message, "`owner`, `cost-center`, `environment`")
}

test_k8s_union_of_workload_and_template_labels_passes if {
	d := deployment({"owner": "ml", "Cost-Center": "cc"}, {"environment": "prod"}, gpu_container)
	count(rule.deny) == 0 with input as test_inputs.unit("kubernetes", [d])
}

test_k8s_cpu_workload_passes if {
	count(rule.deny) == 0 with input as test_inputs.unit("kubernetes", [deployment({}, {}, cpu_container)])
}

test_k8s_pod_points_at_metadata_labels if {
	pod := {"id": "Pod/default/p", "type": "Pod", "api_version": "v1", "name": "p", "config": {"kind": "Pod", "metadata": {"name": "p", "labels": {"owner": "x"}}, "spec": {"containers": [gpu_container]}}}
	findings := rule.deny with input as test_inputs.unit("kubernetes", [pod])
	some f in findings
	f.path == ["metadata", "labels"]
	contains(f.message, "`cost-center`, `environment`")
}

test_k8s_pytorchjob_points_at_first_lacking_template if {
	job := {"id": "PyTorchJob/default/ft", "type": "PyTorchJob", "api_version": "kubeflow.org/v1", "name": "ft", "config": {"metadata": {"name": "ft", "labels": {"owner": "x", "cost-center": "y"}}, "spec": {"pytorchReplicaSpecs": {
		"Master": {"template": {"metadata": {"labels": {"environment": "prod"}}, "spec": {"containers": [gpu_container]}}},
		"Worker": {"template": {"spec": {"containers": [gpu_container]}}},
	}}}}
	findings := rule.deny with input as test_inputs.unit("kubernetes", [job])
	count(findings) == 1
	some f in findings
	f.path == ["spec", "pytorchReplicaSpecs", "Worker", "template", "metadata", "labels"]
	contains(f.message, "no cost tag `environment`")
}

test_formats_are_guarded if {
	count(rule.deny) == 0 with input as test_inputs.unit("kubernetes", [tf("azurerm_linux_virtual_machine", "train", {"size": "Standard_NC24ads_A100_v4"})])
}

# A VLLMRuntime's pods carry its own labels (and `app: <name>`).
vllm(labels) := test_inputs.unit("kubernetes", [object.union(test_inputs.vllm_runtime("llama", test_inputs.vllm_gpu, {}), {"config": {"metadata": {"labels": labels}}})])

test_vllm_runtime_without_cost_labels_fires if {
	findings := rule.deny with input as vllm({"app.kubernetes.io/name": "production-stack"})
	count(findings) == 1
	some f in findings
	f.resource == "VLLMRuntime/llm/llama"
	f.path == ["metadata", "labels"]
	contains(f.message, "`owner`, `cost-center`, `environment`")
}

test_vllm_runtime_with_cost_labels_passes if {
	count(rule.deny) == 0 with input as vllm(full_tags)
	# Without GPUs it is not GPU spend.
	count(rule.deny) == 0 with input as test_inputs.unit("kubernetes", [test_inputs.vllm_runtime("llama", {"resources": {"cpu": "8"}}, {})])
}
