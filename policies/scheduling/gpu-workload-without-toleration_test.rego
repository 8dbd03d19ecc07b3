package ailint.rules.gpu_workload_without_toleration_test

import data.ailint.rules.gpu_workload_without_toleration as rule
import data.ailint.test_inputs

k8s(kind, api, config, taints) := object.union(test_inputs.unit("kubernetes", [r]), {"context": {"gpu_node_taints": taints}}) if {
	r := {"id": sprintf("%s/ml/x", [kind]), "type": kind, "api_version": api, "name": "x", "config": object.union({"kind": kind, "apiVersion": api, "metadata": {"name": "x", "namespace": "ml"}}, config)}
}

gpu := {"name": "vllm", "image": "vllm/vllm-openai:v0.6.3", "resources": {"limits": {"nvidia.com/gpu": 1}}}

cpu := {"name": "web", "image": "nginx:1.27"}

deployment(pod_spec, taints) := k8s("Deployment", "apps/v1", {"spec": {"template": {"spec": pod_spec}}}, taints)

sku_gpu := {"key": "sku", "operator": "Equal", "value": "gpu", "effect": "NoSchedule"}

team_ml := {"key": "team", "operator": "Equal", "value": "ml", "effect": "NoSchedule"}

pool_a := "azurerm_kubernetes_cluster_node_pool.a100"

pool_b := "azurerm_kubernetes_cluster_node_pool.t4"

taint(key, value, effect, pool) := {"key": key, "value": value, "effect": effect, "pool": pool}

# ---------------------------------------------------------------- no GPU pools in the run

test_no_toleration_fires if {
	findings := rule.deny with input as deployment({"containers": [gpu]}, [])
	count(findings) == 1
	some f in findings
	f.path == ["spec", "template", "spec", "tolerations"]
	f.resource == "Deployment/ml/x"
	contains(f.message, "sku=gpu:NoSchedule")
	contains(f.message, "its pod template")
}

test_null_tolerations_fire if {
	count(rule.deny) == 1 with input as deployment({"containers": [gpu], "tolerations": null}, [])
}

test_malformed_tolerations_do_not_break if {
	count(rule.deny) == 1 with input as deployment({"containers": [gpu], "tolerations": [{"key": 1, "operator": "Exists"}]}, [])
	count(rule.deny) == 0 with input as deployment({"containers": [gpu], "tolerations": ["sku=gpu"]}, [])
}

test_missing_context_is_empty if {
	inp := json.remove(deployment({"containers": [gpu]}, []), ["context"])
	count(rule.deny) == 1 with input as inp
}

test_well_known_tolerations_pass if {
	count(rule.deny) == 0 with input as deployment({"containers": [gpu], "tolerations": [sku_gpu]}, [])
	count(rule.deny) == 0 with input as deployment({"containers": [gpu], "tolerations": [{"key": "sku", "operator": "Exists"}]}, [])
	count(rule.deny) == 0 with input as deployment({"containers": [gpu], "tolerations": [{"key": "nvidia.com/gpu", "operator": "Exists", "effect": "NoSchedule"}]}, [])
	count(rule.deny) == 0 with input as deployment({"containers": [gpu], "tolerations": [{"key": "nvidia.com/gpu", "value": "true"}]}, [])
	count(rule.deny) == 0 with input as deployment({"containers": [gpu], "tolerations": [{"key": "example.com/gpu-a100", "operator": "Exists"}]}, [])
	count(rule.deny) == 0 with input as deployment({"containers": [gpu], "tolerations": [{"operator": "Exists"}]}, [])
}

test_wrong_value_or_effect_fires if {
	count(rule.deny) == 1 with input as deployment({"containers": [gpu], "tolerations": [{"key": "sku", "value": "cpu", "effect": "NoSchedule"}]}, [])
	count(rule.deny) == 1 with input as deployment({"containers": [gpu], "tolerations": [{"key": "sku", "value": "gpu", "effect": "NoExecute"}]}, [])
	count(rule.deny) == 1 with input as deployment({"containers": [gpu], "tolerations": [{"key": "nvidia.com/gpu", "operator": "Exists", "effect": "PreferNoSchedule"}]}, [])
	count(rule.deny) == 1 with input as deployment({"containers": [gpu], "tolerations": [{"key": "kubernetes.azure.com/scalesetpriority", "operator": "Exists"}]}, [])
}

test_cpu_workload_passes if {
	count(rule.deny) == 0 with input as deployment({"containers": [cpu]}, [])
}

test_unknown_tolerations_pass if {
	u := {"$unknown": "{{ .Values.tolerations }}", "$refs": []}
	count(rule.deny) == 0 with input as deployment({"containers": [gpu], "tolerations": u}, [])
	count(rule.deny) == 0 with input as deployment({"containers": [gpu], "tolerations": [u]}, [])
	count(rule.deny) == 0 with input as deployment({"containers": [gpu], "tolerations": [{"key": u, "operator": "Exists"}]}, [])
}

# ---------------------------------------------------------------- GPU pools from Terraform/ARM

test_pool_taint_not_tolerated_names_pool_and_taint if {
	findings := rule.deny with input as deployment({"containers": [gpu], "tolerations": [sku_gpu]}, [taint("team", "ml", "NoSchedule", pool_a)])
	count(findings) == 1
	some f in findings
	contains(f.message, pool_a)
	contains(f.message, "`team=ml:NoSchedule`")
	not contains(f.message, "sku=gpu")
}

test_pool_taint_tolerated_passes if {
	count(rule.deny) == 0 with input as deployment({"containers": [gpu], "tolerations": [team_ml]}, [taint("team", "ml", "NoSchedule", pool_a)])
	count(rule.deny) == 0 with input as deployment({"containers": [gpu], "tolerations": [{"key": "team", "operator": "Exists"}]}, [taint("team", "ml", "NoSchedule", pool_a)])
}

test_every_taint_of_one_pool_is_needed if {
	taints := [
		taint("sku", "gpu", "NoSchedule", pool_a),
		taint("team", "ml", "NoSchedule", pool_a),
	]
	findings := rule.deny with input as deployment({"containers": [gpu], "tolerations": [sku_gpu]}, taints)
	count(findings) == 1
	some f in findings
	contains(f.message, "`team=ml:NoSchedule`")
	not contains(f.message, "`sku=gpu:NoSchedule`")
	count(rule.deny) == 0 with input as deployment({"containers": [gpu], "tolerations": [sku_gpu, team_ml]}, taints)
}

test_one_pool_is_enough if {
	taints := [
		taint("team", "ml", "NoSchedule", pool_a),
		taint("sku", "gpu", "NoSchedule", pool_b),
	]
	count(rule.deny) == 0 with input as deployment({"containers": [gpu], "tolerations": [sku_gpu]}, taints)
	findings := rule.deny with input as deployment({"containers": [gpu]}, taints)
	count(findings) == 1
	some f in findings
	contains(f.message, pool_a)
	contains(f.message, pool_b)
}

test_prefer_no_schedule_taints_do_not_block if {
	count(rule.deny) == 0 with input as deployment({"containers": [gpu]}, [taint("team", "ml", "PreferNoSchedule", pool_a)])
}

test_no_execute_taint_and_effectless_toleration if {
	taints := [taint("nvidia.com/gpu", "", "NoExecute", pool_a)]
	count(rule.deny) == 0 with input as deployment({"containers": [gpu], "tolerations": [{"key": "nvidia.com/gpu", "operator": "Exists"}]}, taints)
	count(rule.deny) == 1 with input as deployment({"containers": [gpu], "tolerations": [{"key": "nvidia.com/gpu", "operator": "Exists", "effect": "NoSchedule"}]}, taints)
	findings := rule.deny with input as deployment({"containers": [gpu]}, taints)
	some f in findings
	contains(f.message, "`nvidia.com/gpu:NoExecute`")
}

test_pool_taints_replace_the_well_known_ones if {
	# A key naming a GPU is not enough when the pools say otherwise.
	taints := [taint("team", "ml", "NoSchedule", pool_a)]
	count(rule.deny) == 1 with input as deployment({"containers": [gpu], "tolerations": [{"key": "nvidia.com/gpu", "operator": "Exists"}]}, taints)
	count(rule.deny) == 0 with input as deployment({"containers": [gpu], "tolerations": [{"operator": "Exists"}]}, taints)
}

# ---------------------------------------------------------------- pod template kinds

test_kserve_and_cronjob_paths if {
	isvc := k8s("InferenceService", "serving.kserve.io/v1beta1", {"spec": {"predictor": {"model": {"modelFormat": {"name": "huggingface"}, "resources": {"limits": {"nvidia.com/gpu": "1"}}}}}}, [])
	{f.path | some f in rule.deny with input as isvc} == {["spec", "predictor", "tolerations"]}
	cron := k8s("CronJob", "batch/v1", {"spec": {"jobTemplate": {"spec": {"template": {"spec": {"containers": [gpu]}}}}}}, [])
	{f.path | some f in rule.deny with input as cron} == {["spec", "jobTemplate", "spec", "template", "spec", "tolerations"]}
	pod := k8s("Pod", "v1", {"spec": {"containers": [gpu], "tolerations": [sku_gpu]}}, [])
	count(rule.deny) == 0 with input as pod
}

test_pytorchjob_each_replica if {
	job := k8s("PyTorchJob", "kubeflow.org/v1", {"spec": {"pytorchReplicaSpecs": {
		"Master": {"template": {"spec": {"containers": [gpu], "tolerations": [sku_gpu]}}},
		"Worker": {"template": {"spec": {"containers": [gpu]}}},
	}}}, [])
	{f.path | some f in rule.deny with input as job} == {["spec", "pytorchReplicaSpecs", "Worker", "template", "spec", "tolerations"]}
}

test_formats_are_guarded if {
	inp := object.union(deployment({"containers": [gpu]}, []), {"format": "terraform"})
	count(rule.deny) == 0 with input as inp
}

test_message_names_at_most_three_pools if {
	pools := [sprintf("azurerm_kubernetes_cluster_node_pool.p%d", [i]) | some i in numbers.range(1, 5)]
	taints := [taint("team", "ml", "NoSchedule", p) | some p in pools]
	findings := rule.deny with input as deployment({"containers": [gpu]}, taints)
	count(findings) == 1
	some f in findings
	contains(f.message, "azurerm_kubernetes_cluster_node_pool.p1 needs `team=ml:NoSchedule`")
	contains(f.message, "azurerm_kubernetes_cluster_node_pool.p3 needs")
	not contains(f.message, "azurerm_kubernetes_cluster_node_pool.p4")
	contains(f.message, "; and 2 more pools)")
}

# ---------------------------------------------------------------- GKE and dedicated-node taints

test_gke_accelerator_selection_is_skipped if {
	gke := {"cloud.google.com/gke-accelerator": "nvidia-l4"}
	count(rule.deny) == 0 with input as deployment({"containers": [gpu], "nodeSelector": gke}, [])
	term := {"matchExpressions": [{"key": "cloud.google.com/gke-accelerator", "operator": "In", "values": ["nvidia-tesla-a100"]}]}
	affinity := {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [term]}}}
	count(rule.deny) == 0 with input as deployment({"containers": [gpu], "affinity": affinity}, [])
	isvc := k8s("InferenceService", "serving.kserve.io/v1beta1", {"metadata": {"name": "x", "namespace": "ml", "annotations": {"serving.kserve.io/gke-accelerator": "nvidia-l4"}}, "spec": {"predictor": {"model": {"modelFormat": {"name": "huggingface"}, "resources": {"limits": {"nvidia.com/gpu": 1}}}}}}, [])
	count(rule.deny) == 0 with input as isvc
	# Another node label does not make GKE add the toleration.
	count(rule.deny) == 1 with input as deployment({"containers": [gpu], "nodeSelector": {"node.kubernetes.io/instance-type": "g2-standard-8"}}, [])
}

test_dedicated_node_toleration_counts_without_declared_pools if {
	ray := {"key": "ray.io/node-type", "operator": "Equal", "value": "worker", "effect": "NoSchedule"}
	count(rule.deny) == 0 with input as deployment({"containers": [gpu], "tolerations": [ray]}, [])
	count(rule.deny) == 0 with input as deployment({"containers": [gpu], "tolerations": [{"key": "dedicated", "operator": "Exists", "effect": "NoExecute"}]}, [])
	# Without a blocking effect, or on a key whose taint is not a dedicated-node one, it does not.
	count(rule.deny) == 1 with input as deployment({"containers": [gpu], "tolerations": [object.remove(ray, ["effect"])]}, [])
	count(rule.deny) == 1 with input as deployment({"containers": [gpu], "tolerations": [{"key": "kubernetes.azure.com/scalesetpriority", "value": "spot", "effect": "NoSchedule"}]}, [])
	count(rule.deny) == 1 with input as deployment({"containers": [gpu], "tolerations": [{"key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute"}]}, [])
	# With pools declared, their real taints decide.
	count(rule.deny) == 1 with input as deployment({"containers": [gpu], "tolerations": [ray]}, [taint("sku", "gpu", "NoSchedule", pool_a)])
}

# A VLLMRuntime's tolerations are `spec.deploymentConfig.toleration` (singular).
vllm(deployment_config) := test_inputs.unit("kubernetes", [test_inputs.vllm_runtime("llama", deployment_config, {})])

gpu_toleration := [{"key": "sku", "operator": "Equal", "value": "gpu", "effect": "NoSchedule"}]

test_vllm_runtime_without_toleration_fires_on_its_field if {
	findings := rule.deny with input as vllm(test_inputs.vllm_gpu)
	count(findings) == 1
	some f in findings
	f.path == ["spec", "deploymentConfig", "toleration"]
	contains(f.message, "VLLMRuntime/llm/llama requests GPUs in `spec.deploymentConfig` but tolerates no GPU node taint")
	endswith(f.message, "add a toleration for the GPU pool's taint in `spec.deploymentConfig.toleration`")
	# `tolerations` is not a VLLMRuntime field.
	count(rule.deny) == 1 with input as vllm(object.union(test_inputs.vllm_gpu, {"tolerations": gpu_toleration}))
}

test_vllm_runtime_against_declared_pools if {
	inp := object.union(vllm(object.union(test_inputs.vllm_gpu, {"toleration": [{"key": "sku", "operator": "Equal", "value": "gpu", "effect": "NoSchedule"}]})), {"context": {"gpu_node_taints": [{"pool": "azurerm_kubernetes_cluster_node_pool.a100", "key": "nvidia.com/gpu", "value": "present", "effect": "NoSchedule"}]}})
	findings := rule.deny with input as inp
	count(findings) == 1
	some f in findings
	f.path == ["spec", "deploymentConfig", "toleration"]
	endswith(f.message, "add tolerations for every taint of the pool it should run on in `spec.deploymentConfig.toleration`")
}

test_vllm_runtime_with_toleration_passes if {
	count(rule.deny) == 0 with input as vllm(object.union(test_inputs.vllm_gpu, {"toleration": gpu_toleration}))
	count(rule.deny) == 0 with input as vllm(object.union(test_inputs.vllm_gpu, {"toleration": {"$unknown": "${TOLERATIONS}", "$refs": []}}))
	count(rule.deny) == 0 with input as vllm(test_inputs.vllm_cpu)
}
