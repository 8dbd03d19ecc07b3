package ailint.rules.gpu_inference_without_readiness_probe_test

import data.ailint.rules.gpu_inference_without_readiness_probe as rule
import data.ailint.test_inputs

probe := {"httpGet": {"path": "/health", "port": 8000}, "periodSeconds": 10}

gpu_container(extra) := object.union({"name": "vllm", "image": "vllm/vllm-openai:v0.6.3", "resources": {"limits": {"nvidia.com/gpu": 1}}}, extra)

sidecar := {"name": "log-shipper", "image": "fluent/fluent-bit:3.1"}

deployment(name, labels, containers) := test_inputs.k8s_res("Deployment", "apps/v1", name, {
	"metadata": {"name": name, "namespace": "llm", "labels": labels},
	"spec": {"template": {"metadata": {"labels": {"app": name}}, "spec": {"containers": containers}}},
})

service(name) := test_inputs.k8s_res("Service", "v1", name, {"metadata": {"name": name, "namespace": "llm"}, "spec": {"selector": {"app": name}}})

test_served_gpu_deployment_without_probe_fires if {
	findings := rule.deny with input as test_inputs.unit("kubernetes", [deployment("chat", {}, [sidecar, gpu_container({})]), service("chat")])
	count(findings) == 1
	some f in findings
	f.resource == "Deployment/llm/chat"
	f.path == ["spec", "template", "spec", "containers", 1]
	contains(f.message, "Container `vllm`")
	contains(f.message, "still loading")
	not contains(f.message, "`workload`")
}

test_unknown_role_fires_with_hint if {
	findings := rule.deny with input as test_inputs.unit("kubernetes", [deployment("llama", {}, [gpu_container({"ports": [{"containerPort": 8000}]})])])
	count(findings) == 1
	some f in findings
	contains(f.message, "`workload` tag or label")
}

test_probes_pass if {
	count(rule.deny) == 0 with input as test_inputs.unit("kubernetes", [deployment("chat", {}, [gpu_container({"readinessProbe": probe})]), service("chat")])
	count(rule.deny) == 0 with input as test_inputs.unit("kubernetes", [deployment("chat", {}, [gpu_container({"startupProbe": probe})]), service("chat")])
}

test_liveness_only_fires if {
	count(rule.deny) == 1 with input as test_inputs.unit("kubernetes", [deployment("chat", {}, [gpu_container({"livenessProbe": probe})]), service("chat")])
}

test_cpu_containers_and_init_containers_pass if {
	count(rule.deny) == 0 with input as test_inputs.unit("kubernetes", [deployment("chat", {}, [sidecar]), service("chat")])
	d := test_inputs.k8s_res("Deployment", "apps/v1", "chat", {"metadata": {"name": "chat", "namespace": "llm"}, "spec": {"template": {"spec": {
		"initContainers": [gpu_container({"name": "warmup"})],
		"containers": [object.union(gpu_container({"readinessProbe": probe}), {"resources": {}})],
	}}}})
	count(rule.deny) == 0 with input as test_inputs.unit("kubernetes", [d])
}

test_training_role_and_batch_kinds_pass if {
	count(rule.deny) == 0 with input as test_inputs.unit("kubernetes", [deployment("worker", {"workload": "training"}, [gpu_container({})])])
	count(rule.deny) == 0 with input as test_inputs.unit("kubernetes", [deployment("llm-finetune", {}, [gpu_container({})])])
	job := test_inputs.k8s_res("Job", "batch/v1", "eval", {"spec": {"template": {"spec": {"containers": [gpu_container({})]}}}})
	count(rule.deny) == 0 with input as test_inputs.unit("kubernetes", [job])
	# An inference label does not make a Job take traffic.
	job2 := test_inputs.k8s_res("Job", "batch/v1", "eval", {"metadata": {"labels": {"workload": "inference"}}, "spec": {"template": {"spec": {"containers": [gpu_container({})]}}}})
	count(rule.deny) == 0 with input as test_inputs.unit("kubernetes", [job2])
	pod := test_inputs.k8s_res("Pod", "v1", "smoke", {"spec": {"restartPolicy": "Never", "containers": [gpu_container({})]}})
	count(rule.deny) == 0 with input as test_inputs.unit("kubernetes", [pod])
	ray := test_inputs.k8s_res("RayService", "ray.io/v1", "serve", {"spec": {"rayClusterConfig": {"workerGroupSpecs": [{"template": {"spec": {"containers": [gpu_container({})]}}}]}}})
	count(rule.deny) == 0 with input as test_inputs.unit("kubernetes", [ray])
}

test_queue_scaled_worker_passes if {
	so := test_inputs.k8s_res("ScaledObject", "keda.sh/v1alpha1", "llama", {"metadata": {"namespace": "llm"}, "spec": {"scaleTargetRef": {"name": "llama"}, "triggers": [{"type": "azure-servicebus"}]}})
	count(rule.deny) == 0 with input as test_inputs.unit("kubernetes", [deployment("llama", {}, [gpu_container({})]), so])
}

test_long_running_pod_fires if {
	pod := test_inputs.k8s_res("Pod", "v1", "llama", {"spec": {"containers": [gpu_container({"ports": [{"containerPort": 8000}]})]}})
	findings := rule.deny with input as test_inputs.unit("kubernetes", [pod])
	count(findings) == 1
	some f in findings
	f.path == ["spec", "containers", 0]
}

test_kserve_custom_predictor_fires if {
	isvc := test_inputs.k8s_res("InferenceService", "serving.kserve.io/v1beta1", "llama", {"metadata": {"namespace": "llm"}, "spec": {"predictor": {"containers": [gpu_container({"name": "kserve-container"})]}}})
	findings := rule.deny with input as test_inputs.unit("kubernetes", [isvc])
	count(findings) == 1
	some f in findings
	f.path == ["spec", "predictor", "containers", 0]
	contains(f.message, "KServe adds no probe")
	not contains(f.message, "`workload`")
}

test_kserve_model_predictor if {
	model := {"modelFormat": {"name": "huggingface"}, "storageUri": "hf://meta-llama/Llama-3.1-8B-Instruct", "resources": {"limits": {"nvidia.com/gpu": "1"}}}
	isvc := test_inputs.k8s_res("InferenceService", "serving.kserve.io/v1beta1", "llama", {"metadata": {"namespace": "llm"}, "spec": {"predictor": {"model": model}}})
	findings := rule.deny with input as test_inputs.unit("kubernetes", [isvc])
	count(findings) == 1
	some f in findings
	f.path == ["spec", "predictor", "model"]
	contains(f.message, "Container `model`")
	# A runtime of the unit that probes its container covers the model.
	rt := test_inputs.k8s_res("ServingRuntime", "serving.kserve.io/v1alpha1", "hf-runtime", {"metadata": {"name": "hf-runtime", "namespace": "llm"}, "spec": {"containers": [{"name": "kserve-container", "readinessProbe": probe}]}})
	count(rule.deny) == 0 with input as test_inputs.unit("kubernetes", [isvc, rt])
	named := test_inputs.k8s_res("InferenceService", "serving.kserve.io/v1beta1", "llama", {"metadata": {"namespace": "llm"}, "spec": {"predictor": {"model": object.union(model, {"runtime": "other-runtime"})}}})
	count(rule.deny) == 1 with input as test_inputs.unit("kubernetes", [named, rt])
}

test_knative_service_fires_with_its_own_reason if {
	ksvc := test_inputs.k8s_res("Service", "serving.knative.dev/v1", "whisper", {"metadata": {"namespace": "llm"}, "spec": {"template": {"spec": {"containers": [gpu_container({"name": "whisper"})]}}}})
	findings := rule.deny with input as test_inputs.unit("kubernetes", [ksvc])
	count(findings) == 1
	some f in findings
	contains(f.message, "Knative's default probe")
	contains(f.message, "Container `whisper`")
}

# A GPU worker of unknown role with no port and no Service takes no traffic: nothing to probe for.
# A port, a Service or a StatefulSet's governing Service makes it a possible server again.
test_worker_without_port_or_service_passes if {
	count(rule.deny) == 0 with input as test_inputs.unit("kubernetes", [deployment("embedder", {}, [gpu_container({})])])
	count(rule.deny) == 1 with input as test_inputs.unit("kubernetes", [deployment("embedder", {}, [gpu_container({})]), service("embedder")])
	sts := test_inputs.k8s_res("StatefulSet", "apps/v1", "tgi", {"metadata": {"name": "tgi", "namespace": "llm"}, "spec": {"serviceName": "tgi", "template": {"spec": {"containers": [gpu_container({})]}}}})
	count(rule.deny) == 1 with input as test_inputs.unit("kubernetes", [sts])
	declared := deployment("embedder", {"workload": "inference"}, [gpu_container({})])
	count(rule.deny) == 1 with input as test_inputs.unit("kubernetes", [declared])
}

# The vLLM production-stack operator gives the `vllm` container of a VLLMRuntime readiness, startup
# and liveness probes on /health, whatever the resource says: nothing to report.
test_vllm_runtime_gets_its_probes_from_the_operator if {
	vr := test_inputs.vllm_runtime("llama", test_inputs.vllm_gpu, {})
	count(rule.deny) == 0 with input as test_inputs.unit("kubernetes", [vr])
	sidecar := {"enabled": true, "image": {"registry": "docker.io", "name": "lmcache/lmstack-sidecar:v0.1"}, "resources": {"gpu": "1"}}
	count(rule.deny) == 0 with input as test_inputs.unit("kubernetes", [test_inputs.vllm_runtime("llama", object.union(test_inputs.vllm_gpu, {"sidecarConfig": sidecar}), {})])
}
