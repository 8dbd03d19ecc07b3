package ailint.inventory_test

import data.ailint.inventory
import data.ailint.test_inputs

tf(resources) := test_inputs.unit("terraform", resources)

pool(config) := test_inputs.tf_res("azurerm_kubernetes_cluster_node_pool", "gpu", config)

only(items) := x if {
	count(items) == 1
	some x in items
}

test_autoscaled_pool_runs_between_min_and_max if {
	item := only(inventory.items) with input as tf([pool({
		"vm_size": "Standard_NC24ads_A100_v4", "auto_scaling_enabled": true,
		"min_count": 0, "max_count": 4, "node_count": 2,
	})])
	item.min == 0
	item.max == 4
	item.gpu == "A100 80GB"
	item.gpus_per_unit == 1
	item.priority == "regular"
}

test_fixed_pool_runs_node_count if {
	item := only(inventory.items) with input as tf([pool({"vm_size": "Standard_ND96asr_v4", "node_count": 3, "priority": "Spot"})])
	[item.min, item.max, item.gpus_per_unit, item.priority] == [3, 3, 8, "spot"]
}

test_unknown_counts_stay_unknown if {
	unknown := {"$unknown": "var.n", "$refs": ["var.n"]}
	item := only(inventory.items) with input as tf([pool({"vm_size": "Standard_NC6s_v3", "node_count": unknown})])
	item.min == null
	item.max == null
}

test_cpu_and_unknown_sizes if {
	count(inventory.items) == 0 with input as tf([pool({"vm_size": "Standard_D8s_v5", "node_count": 3})])
	count(inventory.items) == 0 with input as tf([pool({"vm_size": {"$unknown": "var.size", "$refs": []}, "node_count": 3})])
	# A GPU family size the table does not know: listed, with an unknown GPU count.
	item := only(inventory.items) with input as tf([pool({"vm_size": "Standard_NC999_v9", "node_count": 1})])
	item.gpus_per_unit == null
}

test_every_item_has_every_key if {
	items := inventory.items with input as tf([
		pool({"vm_size": "Standard_NC6s_v3", "node_count": 1}),
		test_inputs.tf_res("azurerm_cognitive_deployment", "chat", {"model": [{"name": "gpt-4o"}], "sku": [{"name": "Standard", "capacity": 10}]}),
	])
	count(items) == 2
	every item in items {
		object.keys(item) == object.keys(inventory._blank) | {"resource", "kind", "name"}
	}
}

test_openai_deployment_without_version_is_the_default if {
	item := only(inventory.items) with input as tf([test_inputs.tf_res("azurerm_cognitive_deployment", "chat", {
		"model": [{"format": "OpenAI", "name": "gpt-4o-mini"}],
		"scale": [{"type": "ProvisionedManaged", "capacity": 50}],
	})])
	[item.model, item.model_version, item.sku, item.capacity, item.capacity_unit] == ["gpt-4o-mini", "default", "ProvisionedManaged", 50, "PTU"]
}

k8s(resources) := test_inputs.unit("kubernetes", resources)

deployment(spec) := {"id": "Deployment/default/llm", "type": "Deployment", "name": "llm", "config": {
	"kind": "Deployment", "metadata": {"name": "llm"}, "spec": spec,
}}

gpu_template(n) := {"spec": {"containers": [{"name": "c", "resources": {"limits": {"nvidia.com/gpu": n}}}]}}

test_deployment_replicas_default_to_one if {
	item := only(inventory.items) with input as k8s([deployment({"template": gpu_template(2)})])
	[item.gpus_per_unit, item.min, item.max] == [2, 1, 1]
}

test_a_keda_scaled_object_decides_replicas if {
	so := {"id": "ScaledObject/default/llm", "type": "ScaledObject", "name": "llm", "config": {
		"metadata": {"name": "llm"},
		"spec": {"scaleTargetRef": {"name": "llm"}, "maxReplicaCount": 8},
	}}
	item := only(inventory.items) with input as k8s([deployment({"replicas": 2, "template": gpu_template(1)}), so])
	[item.min, item.max] == [0, 8]
}

test_pods_without_gpus_are_not_listed if {
	count(inventory.items) == 0 with input as k8s([deployment({"template": {"spec": {"containers": [{"name": "c"}]}}})])
}

test_knative_scales_between_its_annotations if {
	item := only(inventory.items) with input as k8s([ksvc({"autoscaling.knative.dev/min-scale": "1", "autoscaling.knative.dev/max-scale": "3"})])
	[item.min, item.max] == [1, 3]
	# max-scale 0 means no limit; min-scale defaults to 0.
	unbounded := only(inventory.items) with input as k8s([ksvc({"autoscaling.knative.dev/max-scale": "0"})])
	[unbounded.min, unbounded.max] == [0, null]
}

ksvc(annotations) := {"id": "Service/default/llm", "type": "Service", "name": "llm", "api_version": "serving.knative.dev/v1", "config": {
	"metadata": {"name": "llm"},
	"spec": {"template": {
		"metadata": {"annotations": annotations},
		"spec": {"containers": [{"name": "c", "resources": {"limits": {"nvidia.com/gpu": 1}}}]},
	}},
}}

test_vllm_runtime_replicas_and_autoscaling if {
	fixed := only(inventory.items) with input as k8s([test_inputs.vllm_runtime("llama", object.union(test_inputs.vllm_gpu, {"replicas": 2, "resources": {"gpu": "4"}}), {})])
	[fixed.gpus_per_unit, fixed.min, fixed.max, fixed.role] == [4, 2, 2, "inference"]
	fixed.path == ["spec", "deploymentConfig"]
	one := only(inventory.items) with input as k8s([test_inputs.vllm_runtime("llama", test_inputs.vllm_gpu, {})])
	[one.min, one.max] == [1, 1]
	scaled := only(inventory.items) with input as k8s([test_inputs.vllm_runtime("llama", test_inputs.vllm_gpu, {"autoscalingConfig": {"enabled": true, "minReplicas": 0, "maxReplicas": 4}})])
	[scaled.min, scaled.max] == [0, 4]
	# minReplicas defaults to 1; with autoscaling off it is not used.
	bounded := only(inventory.items) with input as k8s([test_inputs.vllm_runtime("llama", test_inputs.vllm_gpu, {"autoscalingConfig": {"enabled": true, "maxReplicas": 3}})])
	[bounded.min, bounded.max] == [1, 3]
	off := only(inventory.items) with input as k8s([test_inputs.vllm_runtime("llama", test_inputs.vllm_gpu, {"autoscalingConfig": {"minReplicas": 0, "maxReplicas": 3}})])
	[off.min, off.max] == [1, 1]
}
