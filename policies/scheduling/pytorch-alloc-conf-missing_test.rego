package ailint.rules.pytorch_alloc_conf_missing_test

import data.ailint.rules.pytorch_alloc_conf_missing as rule
import data.ailint.test_inputs

res(kind, api, name, config) := {
	"id": sprintf("%s/ml/%s", [kind, name]), "type": kind, "name": name, "api_version": api,
	"config": object.union({"kind": kind, "apiVersion": api, "metadata": {"name": name, "namespace": "ml"}}, config),
}

container(image, extra) := object.union({"name": "server", "image": image, "resources": {"limits": {"nvidia.com/gpu": 1}}}, extra)

deployment(c) := res("Deployment", "apps/v1", "llm", {"spec": {"template": {"spec": {"containers": [c]}}}})

vllm := "vllm/vllm-openai:v0.6.3"

good_env := [{"name": "PYTORCH_CUDA_ALLOC_CONF", "value": "expandable_segments:True"}]

c0 := ["spec", "template", "spec", "containers", 0]

test_vllm_without_env_fires if {
	findings := rule.deny with input as test_inputs.unit("kubernetes", [deployment(container(vllm, {}))])
	count(findings) == 1
	some f in findings
	f.path == array.concat(c0, ["env"])
	contains(f.message, "runs vLLM")
	contains(f.message, "expandable_segments:True")
}

test_null_env_fires if {
	count(rule.deny) == 1 with input as test_inputs.unit("kubernetes", [deployment(container(vllm, {"env": null, "envFrom": null}))])
}

test_enabled_passes if {
	count(rule.deny) == 0 with input as test_inputs.unit("kubernetes", [deployment(container(vllm, {"env": good_env}))])
	count(rule.deny) == 0 with input as test_inputs.unit("kubernetes", [deployment(container(vllm, {"env": [{"name": "PYTORCH_ALLOC_CONF", "value": "max_split_size_mb:512, expandable_segments : True"}]}))])
	count(rule.deny) == 0 with input as test_inputs.unit("kubernetes", [deployment(container(vllm, {"env": [{"name": "PYTORCH_HIP_ALLOC_CONF", "value": "expandable_segments:True"}]}))])
}

test_other_settings_fire_on_the_value if {
	findings := rule.deny with input as test_inputs.unit("kubernetes", [deployment(container(vllm, {"env": [{"name": "HF_HOME", "value": "/models"}, {"name": "PYTORCH_CUDA_ALLOC_CONF", "value": "max_split_size_mb:512"}]}))])
	count(findings) == 1
	some f in findings
	f.path == array.concat(c0, ["env", 1, "value"])
	contains(f.message, "max_split_size_mb:512")
	off := rule.deny with input as test_inputs.unit("kubernetes", [deployment(container(vllm, {"env": [{"name": "PYTORCH_CUDA_ALLOC_CONF", "value": "expandable_segments:False"}]}))])
	count(off) == 1
}

test_lower_case_true_is_rejected_by_pytorch if {
	findings := rule.deny with input as test_inputs.unit("kubernetes", [deployment(container(vllm, {"env": [{"name": "PYTORCH_CUDA_ALLOC_CONF", "value": "expandable_segments:true"}]}))])
	count(findings) == 1
	some f in findings
	contains(f.message, "capital T")
}

test_value_from_and_env_from_are_silent if {
	vf := [{"name": "PYTORCH_CUDA_ALLOC_CONF", "valueFrom": {"configMapKeyRef": {"name": "torch", "key": "alloc"}}}]
	count(rule.deny) == 0 with input as test_inputs.unit("kubernetes", [deployment(container(vllm, {"env": vf}))])
	secret := [{"secretRef": {"name": "llm-env"}}]
	count(rule.deny) == 0 with input as test_inputs.unit("kubernetes", [deployment(container(vllm, {"envFrom": secret}))])
	# A ConfigMap that is not in the unit could set it.
	cm_ref := [{"configMapRef": {"name": "llm-env"}}]
	count(rule.deny) == 0 with input as test_inputs.unit("kubernetes", [deployment(container(vllm, {"envFrom": cm_ref}))])
}

cm(values) := res("ConfigMap", "v1", "llm-env", {"data": values})

test_env_from_configmap_in_unit if {
	cm_ref := [{"configMapRef": {"name": "llm-env"}}]
	count(rule.deny) == 0 with input as test_inputs.unit("kubernetes", [deployment(container(vllm, {"envFrom": cm_ref})), cm({"PYTORCH_CUDA_ALLOC_CONF": "expandable_segments:True"})])
	count(rule.deny) == 1 with input as test_inputs.unit("kubernetes", [deployment(container(vllm, {"envFrom": cm_ref})), cm({"HF_HOME": "/models"})])
}

test_unknown_env_is_silent if {
	u := {"$unknown": "{{ .Values.env }}", "$refs": []}
	count(rule.deny) == 0 with input as test_inputs.unit("kubernetes", [deployment(container(vllm, {"env": u}))])
	count(rule.deny) == 0 with input as test_inputs.unit("kubernetes", [deployment(container(vllm, {"env": [u]}))])
	count(rule.deny) == 0 with input as test_inputs.unit("kubernetes", [deployment(container(u, {}))])
}

test_servers_recognised if {
	some image in [
		"ghcr.io/huggingface/text-generation-inference:2.4.0",
		"ghcr.io/predibase/lorax:0.12",
		"pytorch/torchserve:0.12.0-gpu",
		"pytorch/torchserve-kfs:0.12.0-gpu",
		"lmsysorg/sglang:v0.3.5-cu124",
		"anyscale/ray-llm:2.9.0",
		"kserve/huggingfaceserver:v0.14.0-gpu",
		"nvcr.io/nvidia/tritonserver:24.05-vllm-python-py3",
		"nvcr.io/nvidia/tritonserver:24.05-pyt-python-py3",
		"myregistry.azurecr.io/mirror/vllm-openai:v0.6.3",
		"rocm/vllm:rocm6.2_mi300_ubuntu20.04_py3.9_vllm_0.6.4",
		"vllm/vllm-openai@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
	]
	count(rule.deny) == 1 with input as test_inputs.unit("kubernetes", [deployment(container(image, {}))])
}

test_other_servers_not if {
	some image in [
		"ghcr.io/huggingface/text-embeddings-inference:1.5",
		"nvcr.io/nvidia/tritonserver:24.05-py3",
		"nvcr.io/nvidia/tritonserver:24.05-trtllm-python-py3",
		"ollama/ollama:0.3.14",
		"ghcr.io/ggerganov/llama.cpp:server-cuda",
		"openmmlab/lmdeploy:v0.6.2-cu12",
		"nvcr.io/nim/meta/llama-3.1-8b-instruct:1.3.3",
	]
	count(rule.deny) == 0 with input as test_inputs.unit("kubernetes", [deployment(container(image, {}))])
}

test_plain_pytorch_image_needs_inference_role if {
	image := "nvcr.io/nvidia/pytorch:24.05-py3"
	count(rule.deny) == 0 with input as test_inputs.unit("kubernetes", [deployment(container(image, {}))])
	labelled := res("Deployment", "apps/v1", "llm", {"metadata": {"name": "llm", "namespace": "ml", "labels": {"workload": "inference"}}, "spec": {"template": {"spec": {"containers": [container(image, {})]}}}})
	findings := rule.deny with input as test_inputs.unit("kubernetes", [labelled])
	some f in findings
	contains(f.message, "runs PyTorch")
}

test_training_and_cpu_and_init_are_skipped if {
	job := res("Job", "batch/v1", "gen", {"spec": {"template": {"spec": {"containers": [container(vllm, {})]}}}})
	count(rule.deny) == 0 with input as test_inputs.unit("kubernetes", [job])
	cpu := deployment({"name": "server", "image": vllm, "resources": {"limits": {"cpu": "4"}}})
	count(rule.deny) == 0 with input as test_inputs.unit("kubernetes", [cpu])
	init := res("Deployment", "apps/v1", "llm", {"spec": {"template": {"spec": {
		"initContainers": [container(vllm, {"name": "warm"})],
		"containers": [container("nginx:1.27", {})],
	}}}})
	count(rule.deny) == 0 with input as test_inputs.unit("kubernetes", [init])
}

test_vllm_sleep_mode_is_skipped if {
	c := container(vllm, {"args": ["--model", "meta-llama/Llama-3.1-8B-Instruct", "--enable-sleep-mode"]})
	count(rule.deny) == 0 with input as test_inputs.unit("kubernetes", [deployment(c)])
}

isvc(predictor) := res("InferenceService", "serving.kserve.io/v1beta1", "llm", {"spec": {"predictor": predictor}})

test_kserve_runtimes if {
	hf := isvc({"model": {"modelFormat": {"name": "huggingface"}, "resources": {"limits": {"nvidia.com/gpu": "1"}}}})
	findings := rule.deny with input as test_inputs.unit("kubernetes", [hf])
	{f.path | some f in findings} == {["spec", "predictor", "model", "env"]}
	some f in findings
	contains(f.message, "KServe's huggingface runtime")
	onnx := isvc({"model": {"modelFormat": {"name": "onnx"}, "resources": {"limits": {"nvidia.com/gpu": "1"}}}})
	count(rule.deny) == 0 with input as test_inputs.unit("kubernetes", [onnx])
	legacy := isvc({"pytorch": {"storageUri": "gs://x", "resources": {"limits": {"nvidia.com/gpu": "1"}}}})
	count(rule.deny) == 1 with input as test_inputs.unit("kubernetes", [legacy])
}

test_formats_are_guarded if {
	inp := object.union(test_inputs.unit("kubernetes", [deployment(container(vllm, {}))]), {"format": "terraform"})
	count(rule.deny) == 0 with input as inp
}

test_malformed_lists_do_not_break if {
	count(rule.deny) == 1 with input as test_inputs.unit("kubernetes", [deployment(container(vllm, {"command": null, "args": "serve", "envFrom": null}))])
	count(rule.deny) == 0 with input as test_inputs.unit("kubernetes", [deployment(container(vllm, {"env": ["PYTORCH_CUDA_ALLOC_CONF=expandable_segments:True"]}))])
	count(rule.deny) == 0 with input as test_inputs.unit("kubernetes", [deployment(container(vllm, {"envFrom": ["llm-env"]}))])
}

# A VLLMRuntime runs vLLM; its variables are `spec.vllmConfig.env`, its flags `extraArgs`.
vllm_runtime_unit(vllm_config) := test_inputs.unit("kubernetes", [test_inputs.vllm_runtime("llama", test_inputs.vllm_gpu, {"vllmConfig": vllm_config})])

test_vllm_runtime_without_alloc_conf_fires_on_its_env if {
	findings := rule.deny with input as vllm_runtime_unit({"env": [{"name": "HF_HOME", "value": "/data"}]})
	count(findings) == 1
	some f in findings
	f.resource == "VLLMRuntime/llm/llama"
	f.path == ["spec", "vllmConfig", "env"]
	contains(f.message, "Container `vllm` of VLLMRuntime/llm/llama runs vLLM on GPUs without `PYTORCH_CUDA_ALLOC_CONF`")
	some g in rule.deny with input as vllm_runtime_unit({"env": [{"name": "PYTORCH_CUDA_ALLOC_CONF", "value": "expandable_segments:true"}]})
	g.path == ["spec", "vllmConfig", "env", 0, "value"]
}

test_vllm_runtime_with_alloc_conf_or_sleep_mode_passes if {
	count(rule.deny) == 0 with input as vllm_runtime_unit({"env": [{"name": "PYTORCH_CUDA_ALLOC_CONF", "value": "expandable_segments:True"}]})
	count(rule.deny) == 0 with input as vllm_runtime_unit({"extraArgs": ["--enable-sleep-mode"]})
	count(rule.deny) == 0 with input as vllm_runtime_unit({"env": {"$unknown": "${ENV}", "$refs": []}})
}
