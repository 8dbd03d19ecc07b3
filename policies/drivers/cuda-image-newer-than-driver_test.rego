package ailint.rules.cuda_image_newer_than_driver_test

import data.ailint.rules.cuda_image_newer_than_driver as rule
import data.ailint.test_inputs

deployment(name, image) := test_inputs.k8s_res("Deployment", "apps/v1", name, {"spec": {"template": {"spec": {"containers": [{
	"name": "server", "image": image, "resources": {"limits": {"nvidia.com/gpu": 1}},
}]}}}})

driver(version, cuda) := {"version": version, "cuda": cuda, "source": "ClusterPolicy `cluster-policy`", "file": "gpu-operator.yaml", "resource": "ClusterPolicy/default/cluster-policy"}

run(resources, context) := object.union(test_inputs.unit("kubernetes", resources), {"context": context})

ctx_535 := {"gpu_driver_lowest": driver("535.104.05", [12, 2]), "gpu_driver_count": 1}

test_minor_newer_image_fires_on_the_image if {
	findings := rule.deny with input as run([deployment("llm", "nvidia/cuda:12.4.1-runtime-ubuntu22.04")], ctx_535)
	count(findings) == 1
	some f in findings
	f.path == ["spec", "template", "spec", "containers", 0, "image"]
	contains(f.message, "(CUDA 12.4)")
	contains(f.message, "535.104.05 pinned by ClusterPolicy `cluster-policy` (gpu-operator.yaml)")
	contains(f.message, "minor-version compatibility")
	contains(f.message, "550 branch")
}

test_major_newer_image_cannot_start if {
	findings := rule.deny with input as run([deployment("llm", "nvcr.io/nvidia/pytorch:25.08-py3")], ctx_535)
	some f in findings
	contains(f.message, "does not start")
	contains(f.message, "580 branch")
}

test_several_drivers_are_named_as_the_oldest if {
	ctx := {"gpu_driver_lowest": driver("535.104.05", [12, 2]), "gpu_driver_count": 3}
	some f in rule.deny with input as run([deployment("llm", "nvidia/cuda:12.4.1-base-ubuntu22.04")], ctx)
	contains(f.message, "the oldest of the 3 drivers")
}

test_images_the_driver_runs_or_that_say_nothing_pass if {
	count(rule.deny) == 0 with input as run([
		deployment("a", "nvidia/cuda:12.2.2-runtime-ubuntu22.04"),
		deployment("b", "nvidia/cuda:11.8.0-runtime-ubuntu22.04"),
		deployment("c", "vllm/vllm-openai:v0.6.3"),
		deployment("d", {"$unknown": "x", "$refs": []}),
	], ctx_535)
}

test_no_pinned_driver_is_silent if {
	count(rule.deny) == 0 with input as run([deployment("llm", "nvidia/cuda:13.0.0-runtime-ubuntu24.04")], {})
}

test_containers_without_gpus_are_not_judged if {
	pod := test_inputs.k8s_res("Pod", "v1", "p", {"spec": {"containers": [
		{"name": "server", "image": "vllm/vllm-openai:v0.6.3", "resources": {"limits": {"nvidia.com/gpu": 1}}},
		{"name": "tools", "image": "nvidia/cuda:12.6.0-base-ubuntu22.04"},
	]}})
	count(rule.deny) == 0 with input as run([pod], ctx_535)
}

test_image_patterns_option if {
	inp := object.union(run([deployment("llm", "acr.io/llm/server:2024.11-c12.6")], ctx_535), {"config": {"rules": {"cuda-image-newer-than-driver": {"image_patterns": [`-c([0-9]+)\.([0-9]+)$`]}}}})
	count(rule.deny) == 1 with input as inp
	count(rule.deny) == 0 with input as run([deployment("llm", "acr.io/llm/server:2024.11-c12.6")], ctx_535)
}

vllm(name) := test_inputs.vllm_runtime("llama", object.union(test_inputs.vllm_gpu, {"image": {"registry": "docker.io", "name": name}}), {})

test_vllm_runtime_image_fires_on_its_name if {
	findings := rule.deny with input as run([vllm("vllm/vllm-openai:v0.9.1-cu128")], ctx_535)
	count(findings) == 1
	some f in findings
	f.path == ["spec", "deploymentConfig", "image", "name"]
	contains(f.message, "Container `vllm` of VLLMRuntime/llm/llama runs `docker.io/vllm/vllm-openai:v0.9.1-cu128` (CUDA 12.8)")
}

test_vllm_runtime_image_the_driver_runs_passes if {
	count(rule.deny) == 0 with input as run([vllm("vllm/vllm-openai:v0.9.1-cu121")], ctx_535)
	count(rule.deny) == 0 with input as run([vllm("vllm/vllm-openai:v0.9.1")], ctx_535)
}
