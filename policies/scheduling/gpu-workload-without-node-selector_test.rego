package ailint.rules.gpu_workload_without_node_selector_test

import data.ailint.rules.gpu_workload_without_node_selector as rule
import data.ailint.test_inputs

k8s(kind, api, config) := test_inputs.unit("kubernetes", [{"id": sprintf("%s/ml/x", [kind]), "type": kind, "api_version": api, "name": "x", "config": object.union({"kind": kind, "apiVersion": api, "metadata": {"name": "x", "namespace": "ml"}}, config)}])

gpu := {"name": "vllm", "image": "vllm/vllm-openai:v0.6.3", "resources": {"limits": {"nvidia.com/gpu": 1}}}

cpu := {"name": "web", "image": "nginx:1.27", "resources": {"limits": {"cpu": "500m"}}}

deployment(pod_spec) := k8s("Deployment", "apps/v1", {"spec": {"template": {"metadata": {"labels": {"app": "x"}}, "spec": pod_spec}}})

required_affinity := {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [
	{"matchExpressions": [{"key": "node.kubernetes.io/instance-type", "operator": "In", "values": ["Standard_NC24ads_A100_v4"]}]},
]}}}

preferred_affinity := {"nodeAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": [
	{"weight": 100, "preference": {"matchExpressions": [{"key": "kubernetes.azure.com/accelerator", "operator": "In", "values": ["nvidia"]}]}},
]}}

test_deployment_without_selector_fires if {
	findings := rule.deny with input as deployment({"containers": [gpu]})
	count(findings) == 1
	some f in findings
	f.path == ["spec", "template", "spec", "nodeSelector"]
	f.resource == "Deployment/ml/x"
	contains(f.message, "its pod template")
}

test_node_selector_passes if {
	count(rule.deny) == 0 with input as deployment({"containers": [gpu], "nodeSelector": {"kubernetes.azure.com/accelerator": "nvidia"}})
	count(rule.deny) == 0 with input as deployment({"containers": [gpu], "nodeSelector": {"node.kubernetes.io/instance-type": "Standard_NC4as_T4_v3"}})
}

test_empty_node_selector_fires if {
	count(rule.deny) == 1 with input as deployment({"containers": [gpu], "nodeSelector": {}})
}

test_node_name_passes if {
	count(rule.deny) == 0 with input as deployment({"containers": [gpu], "nodeName": "aks-gpua100-12345678-vmss000000"})
	count(rule.deny) == 1 with input as deployment({"containers": [gpu], "nodeName": ""})
}

test_required_affinity_passes if {
	count(rule.deny) == 0 with input as deployment({"containers": [gpu], "affinity": required_affinity})
}

test_required_affinity_without_terms_fires if {
	empty := {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": []}}}
	count(rule.deny) == 1 with input as deployment({"containers": [gpu], "affinity": empty})
}

test_preferred_only_affinity_fires if {
	findings := rule.deny with input as deployment({"containers": [gpu], "affinity": preferred_affinity})
	count(findings) == 1
	some f in findings
	contains(f.message, "preferred node affinity")
}

test_cpu_workload_passes if {
	count(rule.deny) == 0 with input as deployment({"containers": [cpu]})
}

test_unknown_selector_passes if {
	count(rule.deny) == 0 with input as deployment({"containers": [gpu], "nodeSelector": {"$unknown": "{{ .Values.nodeSelector }}", "$refs": []}})
}

test_statefulset_job_cronjob_pod if {
	count(rule.deny) == 1 with input as k8s("StatefulSet", "apps/v1", {"spec": {"template": {"spec": {"containers": [gpu]}}}})
	count(rule.deny) == 1 with input as k8s("Job", "batch/v1", {"spec": {"template": {"spec": {"containers": [gpu], "restartPolicy": "Never"}}}})
	findings := rule.deny with input as k8s("CronJob", "batch/v1", {"spec": {"jobTemplate": {"spec": {"template": {"spec": {"containers": [gpu]}}}}}})
	paths := {f.path | some f in findings}
	paths == {["spec", "jobTemplate", "spec", "template", "spec", "nodeSelector"]}
	pod_findings := rule.deny with input as k8s("Pod", "v1", {"spec": {"containers": [gpu]}})
	{f.path | some f in pod_findings} == {["spec", "nodeSelector"]}
}

test_kserve_predictor if {
	isvc := k8s("InferenceService", "serving.kserve.io/v1beta1", {"spec": {"predictor": {"model": {"modelFormat": {"name": "huggingface"}, "resources": {"limits": {"nvidia.com/gpu": "1"}}}}}})
	findings := rule.deny with input as isvc
	{f.path | some f in findings} == {["spec", "predictor", "nodeSelector"]}
	some f in findings
	contains(f.message, "`spec.predictor`")
	ok := k8s("InferenceService", "serving.kserve.io/v1beta1", {"spec": {"predictor": {
		"nodeSelector": {"kubernetes.azure.com/agentpool": "gput4"},
		"model": {"modelFormat": {"name": "huggingface"}, "resources": {"limits": {"nvidia.com/gpu": "1"}}},
	}}})
	count(rule.deny) == 0 with input as ok
}

test_pytorchjob_each_replica if {
	job := k8s("PyTorchJob", "kubeflow.org/v1", {"spec": {"pytorchReplicaSpecs": {
		"Master": {"replicas": 1, "template": {"spec": {"containers": [gpu], "nodeSelector": {"agentpool": "gpua100"}}}},
		"Worker": {"replicas": 3, "template": {"spec": {"containers": [gpu]}}},
	}}})
	findings := rule.deny with input as job
	{f.path | some f in findings} == {["spec", "pytorchReplicaSpecs", "Worker", "template", "spec", "nodeSelector"]}
}

test_raycluster_worker_groups if {
	ray := k8s("RayCluster", "ray.io/v1", {"spec": {
		"headGroupSpec": {"template": {"spec": {"containers": [{"name": "head", "image": "rayproject/ray:2.9.0"}]}}},
		"workerGroupSpecs": [
			{"groupName": "cpu", "template": {"spec": {"containers": [cpu]}}},
			{"groupName": "a100", "template": {"spec": {"containers": [gpu]}}},
		],
	}})
	findings := rule.deny with input as ray
	{f.path | some f in findings} == {["spec", "workerGroupSpecs", 1, "template", "spec", "nodeSelector"]}
}

test_formats_are_guarded if {
	inp := object.union(deployment({"containers": [gpu]}), {"format": "terraform"})
	count(rule.deny) == 0 with input as inp
}

meta(annotations) := {"name": "x", "namespace": "ml", "annotations": annotations}

test_kserve_gke_accelerator_annotation_is_a_node_selector if {
	predictor := {"predictor": {"model": {"modelFormat": {"name": "huggingface"}, "resources": {"limits": {"nvidia.com/gpu": "1"}}}}}
	annotated := k8s("InferenceService", "serving.kserve.io/v1beta1", {"metadata": meta({"serving.kserve.io/gke-accelerator": "nvidia-l4"}), "spec": predictor})
	count(rule.deny) == 0 with input as annotated
	empty := k8s("InferenceService", "serving.kserve.io/v1beta1", {"metadata": meta({"serving.kserve.io/gke-accelerator": ""}), "spec": predictor})
	count(rule.deny) == 1 with input as empty
	other := k8s("InferenceService", "serving.kserve.io/v1beta1", {"metadata": meta({"serving.kserve.io/deploymentMode": "RawDeployment"}), "spec": predictor})
	count(rule.deny) == 1 with input as other
}

# A vLLM production-stack VLLMRuntime has no nodeSelector: its operator turns
# `spec.deploymentConfig.nodeSelectorTerms` into the pods' required node affinity.
vllm(deployment_config) := test_inputs.unit("kubernetes", [test_inputs.vllm_runtime("llama", deployment_config, {})])

a100_terms := [{"matchExpressions": [{"key": "node.kubernetes.io/instance-type", "operator": "In", "values": ["Standard_NC24ads_A100_v4"]}]}]

test_vllm_runtime_without_node_selector_terms_fires if {
	findings := rule.deny with input as vllm(test_inputs.vllm_gpu)
	count(findings) == 1
	some f in findings
	f.resource == "VLLMRuntime/llm/llama"
	f.path == ["spec", "deploymentConfig", "nodeSelectorTerms"]
	contains(f.message, "requests GPUs in `spec.deploymentConfig` but has no `nodeSelectorTerms`")
	contains(f.message, "set `spec.deploymentConfig.nodeSelectorTerms`")
	not contains(f.message, "add a `nodeSelector`")
	# An empty list gives the pods no required term either.
	count(rule.deny) == 1 with input as vllm(object.union(test_inputs.vllm_gpu, {"nodeSelectorTerms": []}))
	# A `nodeSelector` is not a VLLMRuntime field: its operator drops it.
	count(rule.deny) == 1 with input as vllm(object.union(test_inputs.vllm_gpu, {"nodeSelector": {"agentpool": "gpua100"}}))
}

test_vllm_runtime_with_node_selector_terms_passes if {
	count(rule.deny) == 0 with input as vllm(object.union(test_inputs.vllm_gpu, {"nodeSelectorTerms": a100_terms}))
	count(rule.deny) == 0 with input as vllm(object.union(test_inputs.vllm_gpu, {"nodeSelectorTerms": {"$unknown": "${TERMS}", "$refs": []}}))
	# Without `resources.gpu` it asks for no GPU.
	count(rule.deny) == 0 with input as vllm(test_inputs.vllm_cpu)
	# The same kind in another group is not a VLLMRuntime.
	other := object.union(test_inputs.vllm_runtime("llama", test_inputs.vllm_gpu, {}), {"api_version": "example.com/v1"})
	count(rule.deny) == 0 with input as test_inputs.unit("kubernetes", [other])
}
