package ailint.rules.gpu_resource_misdeclared_test

import data.ailint.rules.gpu_resource_misdeclared as rule
import data.ailint.test_inputs

k8s(kind, api, config) := test_inputs.unit("kubernetes", [{"id": sprintf("%s/ml/x", [kind]), "type": kind, "api_version": api, "name": "x", "config": object.union({"kind": kind, "apiVersion": api, "metadata": {"name": "x", "namespace": "ml"}}, config)}])

deployment(resources) := k8s("Deployment", "apps/v1", {"spec": {"template": {"spec": {"containers": [
	{"name": "vllm", "image": "vllm/vllm-openai:v0.6.3", "resources": resources},
]}}}})

base := ["spec", "template", "spec", "containers", 0, "resources"]

paths(inp) := {f.path | some f in rule.deny with input as inp}

test_limits_only_passes if {
	count(rule.deny) == 0 with input as deployment({"limits": {"nvidia.com/gpu": 1}})
	count(rule.deny) == 0 with input as deployment({"limits": {"nvidia.com/gpu": "2"}})
	count(rule.deny) == 0 with input as deployment({"limits": {"amd.com/gpu": 8}})
}

test_equal_requests_pass if {
	count(rule.deny) == 0 with input as deployment({"limits": {"nvidia.com/gpu": 2}, "requests": {"nvidia.com/gpu": 2}})
	count(rule.deny) == 0 with input as deployment({"limits": {"nvidia.com/gpu": "2"}, "requests": {"nvidia.com/gpu": 2}})
	count(rule.deny) == 0 with input as deployment({"limits": {"nvidia.com/gpu": "1000m"}, "requests": {"nvidia.com/gpu": "1"}})
	count(rule.deny) == 0 with input as deployment({"limits": {"nvidia.com/gpu": 0}})
}

test_request_without_limit_fires if {
	findings := rule.deny with input as deployment({"requests": {"nvidia.com/gpu": 1, "cpu": "4"}, "limits": {"memory": "32Gi"}})
	count(findings) == 1
	some f in findings
	f.path == array.concat(base, ["requests", "nvidia.com/gpu"])
	contains(f.message, "no limit")
	contains(f.message, "Container `vllm`")
	paths(deployment({"requests": {"amd.com/gpu": 1}})) == {array.concat(base, ["requests", "amd.com/gpu"])}
}

test_request_different_from_limit_fires if {
	findings := rule.deny with input as deployment({"limits": {"nvidia.com/gpu": 2}, "requests": {"nvidia.com/gpu": 1}})
	count(findings) == 1
	some f in findings
	f.path == array.concat(base, ["requests", "nvidia.com/gpu"])
	contains(f.message, "limit is `2`")
}

test_fractions_fire if {
	paths(deployment({"limits": {"nvidia.com/gpu": "0.5"}})) == {array.concat(base, ["limits", "nvidia.com/gpu"])}
	paths(deployment({"limits": {"nvidia.com/gpu": 1.5}})) == {array.concat(base, ["limits", "nvidia.com/gpu"])}
	paths(deployment({"limits": {"nvidia.com/gpu": "500m"}})) == {array.concat(base, ["limits", "nvidia.com/gpu"])}
	paths(deployment({"limits": {"nvidia.com/gpu": ".5"}})) == {array.concat(base, ["limits", "nvidia.com/gpu"])}
	findings := rule.deny with input as deployment({"limits": {"nvidia.com/gpu": "0.5"}})
	some f in findings
	contains(f.message, "not a whole number")
	contains(f.message, "`nvidia.com/gpu: 0.5`")
}

test_fraction_in_both_is_two_findings if {
	inp := deployment({"limits": {"nvidia.com/gpu": "0.5"}, "requests": {"nvidia.com/gpu": "0.5"}})
	paths(inp) == {array.concat(base, ["limits", "nvidia.com/gpu"]), array.concat(base, ["requests", "nvidia.com/gpu"])}
}

test_fractional_request_without_limit_is_one_finding if {
	count(rule.deny) == 1 with input as deployment({"requests": {"nvidia.com/gpu": "0.5"}})
}

test_negative_suffix_and_garbage_fire if {
	findings := rule.deny with input as deployment({"limits": {"nvidia.com/gpu": -1}})
	some f in findings
	contains(f.message, "negative")
	count(rule.deny) == 1 with input as deployment({"limits": {"nvidia.com/gpu": "-1"}})
	suffix := rule.deny with input as deployment({"limits": {"nvidia.com/gpu": "1Gi"}})
	some g in suffix
	contains(g.message, "unit suffix")
	count(rule.deny) == 1 with input as deployment({"limits": {"nvidia.com/gpu": "2k"}})
	garbage := rule.deny with input as deployment({"limits": {"nvidia.com/gpu": "one"}})
	some h in garbage
	contains(h.message, "not a quantity")
	count(rule.deny) == 1 with input as deployment({"limits": {"nvidia.com/gpu": true}})
}

test_mig_resources_are_checked if {
	count(rule.deny) == 1 with input as deployment({"requests": {"nvidia.com/mig-1g.10gb": 1}})
	count(rule.deny) == 0 with input as deployment({"limits": {"nvidia.com/mig-1g.10gb": 1}})
}

test_other_resources_are_not if {
	count(rule.deny) == 0 with input as deployment({"requests": {"cpu": "0.5", "memory": "1Gi", "example.com/fpga": 1}})
}

test_unknown_values_pass if {
	u := {"$unknown": "{{ .Values.gpus }}", "$refs": []}
	count(rule.deny) == 0 with input as deployment({"limits": {"nvidia.com/gpu": u}})
	count(rule.deny) == 0 with input as deployment({"limits": u, "requests": {"nvidia.com/gpu": 1}})
	count(rule.deny) == 0 with input as deployment({"limits": {"nvidia.com/gpu": u}, "requests": {"nvidia.com/gpu": 1}})
}

test_init_containers_and_kserve if {
	job := k8s("Job", "batch/v1", {"spec": {"template": {"spec": {
		"initContainers": [{"name": "warmup", "resources": {"requests": {"nvidia.com/gpu": 1}}}],
		"containers": [{"name": "main", "resources": {"limits": {"nvidia.com/gpu": 1}}}],
	}}}})
	paths(job) == {["spec", "template", "spec", "initContainers", 0, "resources", "requests", "nvidia.com/gpu"]}
	isvc := k8s("InferenceService", "serving.kserve.io/v1beta1", {"spec": {"predictor": {"model": {"resources": {"limits": {"nvidia.com/gpu": "0.5"}}}}}})
	paths(isvc) == {["spec", "predictor", "model", "resources", "limits", "nvidia.com/gpu"]}
}

test_formats_are_guarded if {
	inp := object.union(deployment({"requests": {"nvidia.com/gpu": 1}}), {"format": "terraform"})
	count(rule.deny) == 0 with input as inp
}

# A VLLMRuntime writes its GPU count as the string `spec.deploymentConfig.resources.gpu`; its
# operator sets it as request and limit of `resources.gpuType`.
vllm(resources, spec) := test_inputs.unit("kubernetes", [test_inputs.vllm_runtime("llama", object.union(test_inputs.vllm_gpu, {"resources": resources}), spec)])

test_vllm_runtime_fractional_gpu_fires_once_on_its_field if {
	findings := rule.deny with input as vllm({"gpu": "0.5"}, {})
	count(findings) == 1
	some f in findings
	f.path == ["spec", "deploymentConfig", "resources", "gpu"]
	contains(f.message, "Container `vllm` of VLLMRuntime/llm/llama gets `nvidia.com/gpu: 0.5` from `spec.deploymentConfig.resources.gpu`, which is not a whole number")
	endswith(f.message, "set a whole number of GPUs there, such as `gpu: \"1\"`")
	not f.fix
	# The MIG resource named by gpuType, and a unit suffix.
	some g in rule.deny with input as vllm({"gpu": "1Gi", "gpuType": "nvidia.com/mig-1g.10gb"}, {})
	contains(g.message, "`nvidia.com/mig-1g.10gb: 1Gi`")
}

test_vllm_runtime_sidecar_gpu_fires_on_the_sidecar if {
	findings := rule.deny with input as vllm({"gpu": "1"}, {"deploymentConfig": {"sidecarConfig": {"enabled": true, "image": {"registry": "docker.io", "name": "lmcache/lmstack-sidecar:v0.1"}, "resources": {"gpu": "0.25"}}}})
	count(findings) == 1
	some f in findings
	f.path == ["spec", "deploymentConfig", "sidecarConfig", "resources", "gpu"]
	contains(f.message, "Container `sidecar`")
}

test_vllm_runtime_whole_gpus_pass if {
	count(rule.deny) == 0 with input as vllm({"gpu": "2"}, {})
	count(rule.deny) == 0 with input as vllm({"gpu": "2", "gpuType": "amd.com/gpu"}, {})
	count(rule.deny) == 0 with input as vllm({"cpu": "8"}, {})
	count(rule.deny) == 0 with input as vllm({"gpu": {"$unknown": "${GPUS}", "$refs": []}}, {})
	# The sidecar's default `nvidia.com/gpu: 0` is a whole number.
	count(rule.deny) == 0 with input as vllm({"gpu": "1"}, {"deploymentConfig": {"sidecarConfig": {"enabled": true, "image": {"registry": "docker.io", "name": "lmcache/lmstack-sidecar:v0.1"}}}})
}
