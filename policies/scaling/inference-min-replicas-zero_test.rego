package ailint.rules.inference_min_replicas_zero_test

import data.ailint.rules.inference_min_replicas_zero as rule
import data.ailint.test_inputs

arm_res(type, name, config) := {"id": sprintf("%s/%s", [type, name]), "type": type, "name": name, "api_version": "2024-02-01", "config": config}

unknown(src) := {"$unknown": src, "$refs": [src]}

gpu_pool(extra) := object.union(
	{"name": "gpu", "vm_size": "Standard_NC24ads_A100_v4", "auto_scaling_enabled": true, "min_count": 0, "max_count": 4},
	extra,
)

# ---------------------------------------------------------------- Terraform node pools

test_tf_gpu_pool_at_zero_fires if {
	findings := rule.deny with input as test_inputs.unit("terraform", [test_inputs.tf_res("azurerm_kubernetes_cluster_node_pool", "gpu", gpu_pool({}))])
	count(findings) == 1
	some f in findings
	f.path == ["min_count"]
	f.resource == "azurerm_kubernetes_cluster_node_pool.gpu"
	contains(f.message, "Standard_NC24ads_A100_v4")
	contains(f.message, "`workload` tag")
}

test_tf_v3_enable_auto_scaling_fires if {
	pool := object.remove(gpu_pool({"enable_auto_scaling": true}), ["auto_scaling_enabled"])
	count(rule.deny) == 1 with input as test_inputs.unit("terraform", [test_inputs.tf_res("azurerm_kubernetes_cluster_node_pool", "gpu", pool)])
}

test_tf_inference_role_message_has_no_hint if {
	findings := rule.deny with input as test_inputs.unit("terraform", [test_inputs.tf_res("azurerm_kubernetes_cluster_node_pool", "gpu", gpu_pool({"name": "gpuinfer"}))])
	count(findings) == 1
	some f in findings
	not contains(f.message, "`workload` tag")
}

test_tf_training_pool_passes if {
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [test_inputs.tf_res("azurerm_kubernetes_cluster_node_pool", "gpu", gpu_pool({"name": "gputrain"}))])
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [test_inputs.tf_res("azurerm_kubernetes_cluster_node_pool", "gpu", gpu_pool({"tags": {"workload": "training"}}))])
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [test_inputs.tf_res("azurerm_kubernetes_cluster_node_pool", "gpu", gpu_pool({"node_labels": {"workload-type": "batch"}}))])
}

test_tf_cpu_pool_autoscaling_off_and_unknowns_pass if {
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [test_inputs.tf_res("azurerm_kubernetes_cluster_node_pool", "cpu", gpu_pool({"vm_size": "Standard_D8s_v5"}))])
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [test_inputs.tf_res("azurerm_kubernetes_cluster_node_pool", "gpu", gpu_pool({"auto_scaling_enabled": false}))])
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [test_inputs.tf_res("azurerm_kubernetes_cluster_node_pool", "gpu", gpu_pool({"min_count": 1}))])
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [test_inputs.tf_res("azurerm_kubernetes_cluster_node_pool", "gpu", gpu_pool({"min_count": unknown("var.min")}))])
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [test_inputs.tf_res("azurerm_kubernetes_cluster_node_pool", "gpu", gpu_pool({"vm_size": unknown("var.size")}))])
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [test_inputs.tf_res("azurerm_kubernetes_cluster_node_pool", "gpu", gpu_pool({"auto_scaling_enabled": unknown("var.as")}))])
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [test_inputs.tf_res("azurerm_kubernetes_cluster_node_pool", "gpu", object.remove(gpu_pool({}), ["auto_scaling_enabled"]))])
}

test_tf_default_node_pool if {
	cluster := test_inputs.tf_res("azurerm_kubernetes_cluster", "aks", {"default_node_pool": [gpu_pool({"name": "system"})]})
	findings := rule.deny with input as test_inputs.unit("terraform", [cluster])
	count(findings) == 1
	some f in findings
	f.path == ["default_node_pool", 0, "min_count"]
	trained := test_inputs.tf_res("azurerm_kubernetes_cluster", "aks", {"default_node_pool": [gpu_pool({"name": "train"})]})
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [trained])
	dynamic := test_inputs.tf_res("azurerm_kubernetes_cluster", "aks", {"default_node_pool": [unknown("dynamic")]})
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [dynamic])
}

# ---------------------------------------------------------------- Terraform container apps

app(name, extra) := test_inputs.tf_res("azurerm_container_app", name, object.union(
	{"name": name, "revision_mode": "Single", "template": [{"container": [{"name": "llm", "image": "x"}]}]},
	extra,
))

test_tf_gpu_container_app_without_min_replicas_fires if {
	findings := rule.deny with input as test_inputs.unit("terraform", [app("chat", {"workload_profile_name": "gpu-a100"})])
	count(findings) == 1
	some f in findings
	f.path == ["template", 0, "min_replicas"]
	contains(f.message, "defaults to 0")
}

test_tf_inference_container_app_at_zero_fires if {
	a := app("llm-inference", {"template": [{"min_replicas": 0, "max_replicas": 3}]})
	findings := rule.deny with input as test_inputs.unit("terraform", [a])
	count(findings) == 1
	some f in findings
	contains(f.message, "sets `template.min_replicas = 0`")
}

test_tf_container_app_gpu_profile_through_environment if {
	env := test_inputs.tf_res("azurerm_container_app_environment", "env", {"workload_profile": [
		{"name": "Consumption", "workload_profile_type": "Consumption"},
		{"name": "big", "workload_profile_type": "Consumption-GPU-NC8as-T4"},
	]})
	count(rule.deny) == 1 with input as test_inputs.unit("terraform", [env, app("chat", {"workload_profile_name": "big"})])
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [env, app("chat", {"workload_profile_name": "Consumption"})])
}

test_tf_container_app_passes if {
	# CPU app with unknown role: not this rule's business.
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [app("web", {})])
	# GPU app with a warm replica.
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [app("chat", {"workload_profile_name": "gpu", "template": [{"min_replicas": 1}]})])
	# GPU batch app.
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [app("embed-batch", {"workload_profile_name": "gpu"})])
	# Unknown min_replicas, unknown template, unknown profile.
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [app("chat", {"workload_profile_name": "gpu", "template": [{"min_replicas": unknown("var.min")}]})])
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [app("chat", {"workload_profile_name": "gpu", "template": [unknown("dynamic")]})])
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [app("chat", {"workload_profile_name": unknown("var.profile")})])
	# "sync" and "Dedicated-D4" are not GPU profiles.
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [app("chat", {"workload_profile_name": "sync"})])
}

# ---------------------------------------------------------------- Terraform autoscale settings

vmss(name, sku, extra) := test_inputs.tf_res("azurerm_linux_virtual_machine_scale_set", name, object.union({"name": name, "sku": sku}, extra))

autoscale(target, minimum) := test_inputs.tf_res("azurerm_monitor_autoscale_setting", "scale", {
	"name": "scale",
	"target_resource_id": {"$unknown": sprintf("%s.id", [target]), "$refs": [target]},
	"profile": [{"name": "default", "capacity": [{"default": 1, "minimum": minimum, "maximum": 4}]}],
})

test_tf_autoscale_on_gpu_vmss_fires if {
	findings := rule.deny with input as test_inputs.unit("terraform", [
		vmss("infer", "Standard_NC4as_T4_v3", {}),
		autoscale("azurerm_linux_virtual_machine_scale_set.infer", 0),
	])
	count(findings) == 1
	some f in findings
	f.path == ["profile", 0, "capacity", 0, "minimum"]
	f.resource == "azurerm_monitor_autoscale_setting.scale"
}

test_tf_autoscale_orchestrated_sku_name if {
	o := test_inputs.tf_res("azurerm_orchestrated_virtual_machine_scale_set", "o", {"sku_name": "Standard_NV36ads_A10_v5"})
	count(rule.deny) == 1 with input as test_inputs.unit("terraform", [o, autoscale("azurerm_orchestrated_virtual_machine_scale_set.o", 0)])
}

test_tf_autoscale_passes if {
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [vmss("infer", "Standard_D4s_v5", {}), autoscale("azurerm_linux_virtual_machine_scale_set.infer", 0)])
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [vmss("infer", "Standard_NC4as_T4_v3", {}), autoscale("azurerm_linux_virtual_machine_scale_set.infer", 1)])
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [vmss("trainer", "Standard_NC4as_T4_v3", {}), autoscale("azurerm_linux_virtual_machine_scale_set.trainer", 0)])
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [vmss("infer", "Standard_NC4as_T4_v3", {}), autoscale("azurerm_linux_virtual_machine_scale_set.other", 0)])
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [vmss("infer", "Standard_NC4as_T4_v3", {}), autoscale("azurerm_linux_virtual_machine_scale_set.infer", unknown("var.min"))])
}

# ---------------------------------------------------------------- ARM

managed_cluster(pools) := arm_res("Microsoft.ContainerService/managedClusters", "aks", {"properties": {"agentPoolProfiles": pools}})

arm_pool(extra) := object.union({"name": "gpu", "vmSize": "Standard_NC24ads_A100_v4", "enableAutoScaling": true, "minCount": 0, "maxCount": 3}, extra)

test_arm_agent_pool_profile_fires if {
	findings := rule.deny with input as test_inputs.unit("arm", [managed_cluster([{"name": "system", "vmSize": "Standard_D4s_v5", "minCount": 1}, arm_pool({})])])
	count(findings) == 1
	some f in findings
	f.path == ["properties", "agentPoolProfiles", 1, "minCount"]
}

test_arm_agent_pool_profile_passes if {
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [managed_cluster([arm_pool({"name": "gputrain"})])])
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [managed_cluster([arm_pool({"enableAutoScaling": false})])])
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [managed_cluster([arm_pool({"minCount": unknown("parameters.min")})])])
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [managed_cluster([arm_pool({"nodeLabels": {"workload": "training"}})])])
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [managed_cluster(unknown("parameters.pools"))])
}

test_arm_agent_pools_child if {
	child := arm_res("Microsoft.ContainerService/managedClusters/agentPools", "aks/gpu", {"properties": {
		"vmSize": "Standard_ND96isr_H100_v5", "enableAutoScaling": "true", "minCount": 0, "maxCount": 2,
	}})
	findings := rule.deny with input as test_inputs.unit("arm", [child])
	count(findings) == 1
	some f in findings
	f.path == ["properties", "minCount"]
	trained := object.union(child, {"config": {"properties": {"nodeLabels": {"workload": "finetune"}}}})
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [trained])
}

test_arm_case_insensitive_type if {
	child := arm_res("Microsoft.ContainerService/managedclusters/agentpools", "aks/gpu", {"properties": {
		"vmSize": "Standard_NC6s_v3", "enableAutoScaling": true, "minCount": 0,
	}})
	count(rule.deny) == 1 with input as test_inputs.unit("arm", [child])
}

test_arm_online_deployment if {
	dep := arm_res("Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments", "ws/ep/blue", {"properties": {
		"scaleSettings": {"scaleType": "TargetUtilization", "minInstances": 0, "maxInstances": 3},
	}})
	findings := rule.deny with input as test_inputs.unit("arm", [dep])
	count(findings) == 1
	some f in findings
	f.path == ["properties", "scaleSettings", "minInstances"]
	one := object.union(dep, {"config": {"properties": {"scaleSettings": {"minInstances": 1}}}})
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [one])
	missing := object.union(dep, {"config": {"properties": {"scaleSettings": {"minInstances": null}}}})
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [missing])
}

arm_app(name, props) := arm_res("Microsoft.App/containerApps", name, {"name": name, "properties": props})

test_arm_container_app if {
	gpu := arm_app("chat", {"workloadProfileName": "NC24-A100", "template": {"containers": [{"name": "llm"}]}})
	findings := rule.deny with input as test_inputs.unit("arm", [gpu])
	count(findings) == 1
	some f in findings
	f.path == ["properties", "template", "scale", "minReplicas"]
	zero := arm_app("llm-serving", {"template": {"scale": {"minReplicas": 0, "maxReplicas": 2}}})
	count(rule.deny) == 1 with input as test_inputs.unit("arm", [zero])
	warm := arm_app("llm-serving", {"template": {"scale": {"minReplicas": 1}}})
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [warm])
	cpu := arm_app("web", {"template": {}})
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [cpu])
}

test_arm_container_app_profile_from_environment if {
	env := arm_res("Microsoft.App/managedEnvironments", "env", {"properties": {"workloadProfiles": [
		{"name": "Consumption", "workloadProfileType": "Consumption"},
		{"name": "big", "workloadProfileType": "Consumption-GPU-NC24-A100"},
	]}})
	count(rule.deny) == 1 with input as test_inputs.unit("arm", [env, arm_app("chat", {"workloadProfileName": "big", "template": {}})])
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [env, arm_app("chat", {"workloadProfileName": "Consumption", "template": {}})])
}

test_arm_autoscale_setting if {
	ss := arm_res("Microsoft.Compute/virtualMachineScaleSets", "infer", {"sku": {"name": "Standard_NC8as_T4_v3", "capacity": 1}})
	setting := arm_res("Microsoft.Insights/autoscalesettings", "scale", {"properties": {
		"targetResourceUri": {"$unknown": "[resourceId(...)]", "$refs": ["Microsoft.Compute/virtualMachineScaleSets/infer"]},
		"profiles": [{"name": "default", "capacity": {"minimum": "0", "maximum": "4", "default": "1"}}],
	}})
	findings := rule.deny with input as test_inputs.unit("arm", [ss, setting])
	count(findings) == 1
	some f in findings
	f.path == ["properties", "profiles", 0, "capacity", "minimum"]
	cpu := object.union(ss, {"config": {"sku": {"name": "Standard_D4s_v5"}}})
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [cpu, setting])
}

# ---------------------------------------------------------------- Kubernetes

gpu_deployment(name, labels) := test_inputs.k8s_res("Deployment", "apps/v1", name, {
	"metadata": {"name": name, "namespace": "ml", "labels": labels},
	"spec": {"template": {"metadata": {"labels": {"app": name}}, "spec": {"containers": [
		{"name": "server", "image": "vllm/vllm-openai:v0.6.3", "resources": {"limits": {"nvidia.com/gpu": 1}}},
	]}}},
})

cpu_deployment(name) := test_inputs.k8s_res("Deployment", "apps/v1", name, {
	"metadata": {"name": name, "namespace": "ml"},
	"spec": {"template": {"metadata": {"labels": {"app": name}}, "spec": {"containers": [{"name": "c", "image": "nginx:1.27"}]}}},
})

hpa(target, minimum) := test_inputs.k8s_res("HorizontalPodAutoscaler", "autoscaling/v2", "hpa", {
	"metadata": {"name": "hpa", "namespace": "ml"},
	"spec": object.union(
		{"scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": target}, "maxReplicas": 4},
		{k: v | some k, v in {"minReplicas": minimum}; v != null},
	),
})

scaled_object(name, target, spec) := test_inputs.k8s_res("ScaledObject", "keda.sh/v1alpha1", name, {
	"metadata": {"name": name, "namespace": "ml"},
	"spec": object.union({"scaleTargetRef": {"name": target}, "triggers": [{"type": "prometheus"}]}, spec),
})

test_k8s_hpa_zero_on_gpu_target_fires if {
	findings := rule.deny with input as test_inputs.unit("kubernetes", [gpu_deployment("llm", {}), hpa("llm", 0)])
	count(findings) == 1
	some f in findings
	f.path == ["spec", "minReplicas"]
	f.resource == "HorizontalPodAutoscaler/ml/hpa"
	contains(f.message, "Deployment/ml/llm")
	contains(f.message, "`workload` tag")
}

test_k8s_hpa_passes if {
	count(rule.deny) == 0 with input as test_inputs.unit("kubernetes", [gpu_deployment("llm", {}), hpa("llm", 1)])
	count(rule.deny) == 0 with input as test_inputs.unit("kubernetes", [gpu_deployment("llm", {}), hpa("llm", null)])
	count(rule.deny) == 0 with input as test_inputs.unit("kubernetes", [cpu_deployment("web"), hpa("web", 0)])
	count(rule.deny) == 0 with input as test_inputs.unit("kubernetes", [gpu_deployment("llm", {"workload": "training"}), hpa("llm", 0)])
	# Target elsewhere, the HPA's own role unknown.
	count(rule.deny) == 0 with input as test_inputs.unit("kubernetes", [hpa("llm", 0)])
}

test_k8s_hpa_cpu_inference_target_fires if {
	count(rule.deny) == 1 with input as test_inputs.unit("kubernetes", [cpu_deployment("embeddings-api"), hpa("embeddings-api", 0)])
}

test_k8s_hpa_target_elsewhere_inference_role_fires if {
	h := object.union(hpa("llm", 0), {"config": {"metadata": {"labels": {"workload": "inference"}}}})
	count(rule.deny) == 1 with input as test_inputs.unit("kubernetes", [h])
}

test_k8s_keda_missing_min_fires if {
	findings := rule.deny with input as test_inputs.unit("kubernetes", [gpu_deployment("llm", {}), scaled_object("llm", "llm", {})])
	count(findings) == 1
	some f in findings
	f.path == ["spec", "minReplicaCount"]
	contains(f.message, "defaults to 0")
}

test_k8s_keda_zero_fires_and_one_passes if {
	count(rule.deny) == 1 with input as test_inputs.unit("kubernetes", [gpu_deployment("llm", {}), scaled_object("llm", "llm", {"minReplicaCount": 0})])
	count(rule.deny) == 0 with input as test_inputs.unit("kubernetes", [gpu_deployment("llm", {}), scaled_object("llm", "llm", {"minReplicaCount": 1})])
}

test_k8s_keda_idle_replica_count_fires if {
	findings := rule.deny with input as test_inputs.unit("kubernetes", [gpu_deployment("llm", {}), scaled_object("llm", "llm", {"minReplicaCount": 1, "idleReplicaCount": 0})])
	count(findings) == 1
	some f in findings
	f.path == ["spec", "idleReplicaCount"]
}

test_k8s_keda_queue_scaled_batch_worker_passes if {
	so := scaled_object("worker", "worker", {"triggers": [{"type": "azure-servicebus", "metadata": {"queueName": "jobs"}}]})
	count(rule.deny) == 0 with input as test_inputs.unit("kubernetes", [gpu_deployment("worker", {}), so])
	# Target elsewhere: the ScaledObject itself is batch.
	count(rule.deny) == 0 with input as test_inputs.unit("kubernetes", [so])
}

test_k8s_keda_not_keda_api_passes if {
	so := object.union(scaled_object("llm", "llm", {}), {"api_version": "example.com/v1"})
	count(rule.deny) == 0 with input as test_inputs.unit("kubernetes", [gpu_deployment("llm", {}), so])
}

isvc(minimum) := test_inputs.k8s_res("InferenceService", "serving.kserve.io/v1beta1", "llama", {
	"metadata": {"name": "llama"},
	"spec": {"predictor": object.union(
		{"model": {"modelFormat": {"name": "huggingface"}, "resources": {"limits": {"nvidia.com/gpu": "1"}}}},
		{k: v | some k, v in {"minReplicas": minimum}; v != null},
	)},
})

test_k8s_kserve if {
	findings := rule.deny with input as test_inputs.unit("kubernetes", [isvc(0)])
	count(findings) == 1
	some f in findings
	f.path == ["spec", "predictor", "minReplicas"]
	not contains(f.message, "`workload` tag")
	count(rule.deny) == 0 with input as test_inputs.unit("kubernetes", [isvc(null)])
	count(rule.deny) == 0 with input as test_inputs.unit("kubernetes", [isvc(1)])
}

knative(annotations, gpu) := test_inputs.k8s_res("Service", "serving.knative.dev/v1", "chat", {
	"metadata": {"name": "chat"},
	"spec": {"template": {
		"metadata": {"annotations": annotations},
		"spec": {"containers": [{"image": "ghcr.io/x/chat:1.0", "resources": {"limits": {"nvidia.com/gpu": gpu}}}]},
	}},
})

test_k8s_knative_missing_min_scale_fires if {
	findings := rule.deny with input as test_inputs.unit("kubernetes", [knative({"autoscaling.knative.dev/max-scale": "3"}, 1)])
	count(findings) == 1
	some f in findings
	f.path == ["spec", "template", "metadata", "annotations", "autoscaling.knative.dev/min-scale"]
}

test_k8s_knative_zero_fires if {
	findings := rule.deny with input as test_inputs.unit("kubernetes", [knative({"autoscaling.knative.dev/minScale": "0"}, 1)])
	count(findings) == 1
	some f in findings
	f.path == ["spec", "template", "metadata", "annotations", "autoscaling.knative.dev/minScale"]
}

test_k8s_knative_passes if {
	count(rule.deny) == 0 with input as test_inputs.unit("kubernetes", [knative({"autoscaling.knative.dev/min-scale": "1"}, 1)])
	count(rule.deny) == 0 with input as test_inputs.unit("kubernetes", [knative({}, 0)])
	core := object.union(knative({}, 1), {"api_version": "v1"})
	count(rule.deny) == 0 with input as test_inputs.unit("kubernetes", [core])
}

test_formats_are_guarded if {
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [test_inputs.tf_res("azurerm_kubernetes_cluster_node_pool", "gpu", gpu_pool({}))])
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [gpu_deployment("llm", {}), hpa("llm", 0)])
}

# A VLLMRuntime scales only with `autoscalingConfig.enabled`: its operator then creates a KEDA
# ScaledObject with `minReplicaCount` = `minReplicas` (default 1).
vllm(autoscaling, labels) := test_inputs.unit("kubernetes", [object.union(
	test_inputs.vllm_runtime("llama", test_inputs.vllm_gpu, {"autoscalingConfig": autoscaling}),
	{"config": {"metadata": {"labels": labels}}},
)])

test_vllm_runtime_scaling_to_zero_fires if {
	findings := rule.deny with input as vllm({"enabled": true, "minReplicas": 0, "maxReplicas": 2}, {})
	count(findings) == 1
	some f in findings
	f.resource == "VLLMRuntime/llm/llama"
	f.path == ["spec", "autoscalingConfig", "minReplicas"]
	f.fix == {"set": 1}
	startswith(f.message, "VLLMRuntime/llm/llama enables autoscaling with `autoscalingConfig.minReplicas: 0`, so the KEDA ScaledObject its operator creates scales it to zero when idle: the first request after an idle period waits 2-5 minutes")
	# Without GPUs the cold start is shorter, but it is one.
	cpu := test_inputs.unit("kubernetes", [test_inputs.vllm_runtime("llama", {"resources": {"cpu": "8"}, "image": {"registry": "docker.io", "name": "vllm/vllm-openai:v0.8.5"}}, {"autoscalingConfig": {"enabled": true, "minReplicas": 0, "maxReplicas": 2}})])
	some g in rule.deny with input as cpu
	contains(g.message, "waits for a replica to start and load its model")
}

test_vllm_runtime_that_keeps_a_replica_passes if {
	# Autoscaling off: no ScaledObject, nothing scales it.
	count(rule.deny) == 0 with input as vllm({"minReplicas": 0, "maxReplicas": 2}, {})
	count(rule.deny) == 0 with input as vllm({"enabled": false, "minReplicas": 0, "maxReplicas": 2}, {})
	# minReplicas defaults to 1.
	count(rule.deny) == 0 with input as vllm({"enabled": true, "maxReplicas": 2}, {})
	count(rule.deny) == 0 with input as vllm({"enabled": true, "minReplicas": 1, "maxReplicas": 2}, {})
	count(rule.deny) == 0 with input as vllm({"enabled": true, "minReplicas": unknown("${MIN}"), "maxReplicas": 2}, {})
	count(rule.deny) == 0 with input as vllm({"enabled": unknown("${ON}"), "minReplicas": 0, "maxReplicas": 2}, {})
	# Batch work declared as such may idle at zero.
	count(rule.deny) == 0 with input as vllm({"enabled": true, "minReplicas": 0, "maxReplicas": 2}, {"workload": "batch"})
}

test_scaled_object_targeting_a_vllm_runtime_fires if {
	so := test_inputs.k8s_res("ScaledObject", "keda.sh/v1alpha1", "llama", {"metadata": {"name": "llama", "namespace": "llm"}, "spec": {"scaleTargetRef": {"apiVersion": "production-stack.vllm.ai/v1alpha1", "kind": "VLLMRuntime", "name": "llama"}}})
	findings := rule.deny with input as test_inputs.unit("kubernetes", [test_inputs.vllm_runtime("llama", test_inputs.vllm_gpu, {}), so])
	count(findings) == 1
	some f in findings
	f.resource == "ScaledObject/llm/llama"
	contains(f.message, "for VLLMRuntime/llm/llama, which serves inference")
}
