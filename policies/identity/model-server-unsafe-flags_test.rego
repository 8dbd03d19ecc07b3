package ailint.rules.model_server_unsafe_flags_test

import data.ailint.rules.model_server_unsafe_flags as rule
import data.ailint.test_inputs

unknown(src) := {"$unknown": src, "$refs": []}

# A GPU Deployment whose one container is `c` (merged over a vLLM container).
gpu_deployment(c) := test_inputs.k8s_res("Deployment", "apps/v1", "llm", {
	"metadata": {"name": "llm", "namespace": "ml"},
	"spec": {"template": {"spec": {"containers": [object.union(
		{"name": "vllm", "image": "vllm/vllm-openai:v0.8.5", "resources": {"limits": {"nvidia.com/gpu": 1}}},
		c,
	)]}}},
})

k8s(resources) := test_inputs.unit("kubernetes", resources)

findings(c) := fs if {
	fs := rule.deny with input as k8s([gpu_deployment(c)])
}

fires(c) if count(findings(c)) == 1

passes(c) if count(findings(c)) == 0

paths(c) := {f.path | some f in findings(c)}

base := ["spec", "template", "spec", "containers", 0]

# ---------------------------------------------------------------- --trust-remote-code

test_flag_fires_on_its_element if {
	fs := findings({"args": ["--model", "Qwen/Qwen2.5-VL-7B-Instruct", "--trust-remote-code", "--port", "8000"]})
	count(fs) == 1
	some f in fs
	f.resource == "Deployment/ml/llm"
	f.path == array.concat(base, ["args", 2])
	contains(f.message, "Container `vllm` of Deployment/ml/llm passes `--trust-remote-code`")
	contains(f.message, "Python code that ships with the model repository")
	contains(f.message, "`--revision`")
}

test_spellings_and_values if {
	fires({"args": ["--trust_remote_code"]})
	fires({"args": ["--trust-remote-code=true"]})
	fires({"args": ["--trust_remote_code=True"]})
	fires({"args": ["--trust-remote-code=1"]})
	passes({"args": ["--trust-remote-code=false"]})
	passes({"args": ["--trust_remote_code=False"]})
	passes({"args": ["--trust-remote-code=0"]})
	passes({"args": ["--no-trust-remote-code"]})
	passes({"args": ["--no_trust_remote_code"]})
	passes({"args": ["--trust-remote-code-revision", "abc"]})
	passes({"args": ["--code-revision", "abc", "--revision", "def"]})
	passes({"args": ["--TRUST-REMOTE-CODE"]})
	passes({"args": []})
	passes({})
}

# `$(VAR)` is expanded by the kubelet: a value ailint cannot read is not `true`.
test_k8s_variable_values if {
	passes({"args": ["--trust-remote-code=$(TRUST_REMOTE_CODE)"]})
	fires({"args": ["--trust-remote-code", "$(EXTRA_ARG)"]})
}

# HfArgumentParser (KAITO, Transformers scripts) takes the value as the next word.
test_separate_boolean_value if {
	passes({"args": ["--trust_remote_code", "False"]})
	passes({"args": ["--trust_remote_code", "no"]})
	fires({"args": ["--trust_remote_code", "True"]})
	fires({"args": ["--trust_remote_code", "--torch_dtype", "auto"]})
	passes({"command": ["sh", "-c", "python inference_api.py --trust_remote_code false --pipeline text-generation"]})
}

# argparse: the last occurrence wins, across command and args.
test_last_occurrence_wins if {
	passes({"args": ["--trust-remote-code", "--no-trust-remote-code"]})
	passes({"command": ["vllm", "serve", "m", "--trust-remote-code"], "args": ["--no-trust-remote-code"]})
	passes({"args": ["--trust-remote-code", "--trust-remote-code=false"]})
	fires({"args": ["--no-trust-remote-code", "--trust-remote-code"]})
	paths({"args": ["--no-trust-remote-code", "--trust-remote-code"]}) == {array.concat(base, ["args", 1])}
	count(findings({"args": ["--trust-remote-code", "--model", "m", "--trust-remote-code"]})) == 2
}

test_shell_strings if {
	paths({"command": ["sh", "-c", "exec vllm serve microsoft/Phi-3.5-MoE-instruct --trust-remote-code --port 8000"]}) == {array.concat(base, ["command", 2])}
	paths({"command": ["/bin/bash", "-c"], "args": ["pip install flash-attn && vllm serve m \\\n  --trust-remote-code \\\n  --port 8000"]}) == {array.concat(base, ["args", 0])}
	fires({"args": ["vllm serve m '--trust-remote-code'; sleep 1"]})
	some f in findings({"command": ["sh", "-c", "vllm serve m --trust-remote-code"]})
	contains(f.message, "runs a shell command with `--trust-remote-code` (`command[2]`)")
}

test_env_forms if {
	paths({"env": [{"name": "MODEL_ID", "value": "tiiuae/falcon-7b"}, {"name": "TRUST_REMOTE_CODE", "value": "true"}]}) == {array.concat(base, ["env", 1, "value"])}
	fires({"env": [{"name": "TRUST_REMOTE_CODE", "value": "True"}]})
	fires({"env": [{"name": "HF_TRUST_REMOTE_CODE", "value": "1"}]})
	fires({"env": [{"name": "HF_TRUST_REMOTE_CODE", "value": "yes"}]})
	passes({"env": [{"name": "TRUST_REMOTE_CODE", "value": "false"}]})
	passes({"env": [{"name": "HF_TRUST_REMOTE_CODE", "value": "0"}]})
	passes({"env": [{"name": "TRUST_REMOTE_CODE", "value": ""}]})
	passes({"env": [{"name": "TRUST_REMOTE_CODE"}]})
	passes({"env": [{"name": "TRUST_REMOTE_CODE", "valueFrom": {"configMapKeyRef": {"name": "flags", "key": "trc"}}}]})
	# vLLM reads no such variable; only its VLLM_* ones.
	passes({"env": [{"name": "VLLM_TRUST_REMOTE_CODE", "value": "true"}]})
	passes({"env": [{"name": "trust_remote_code", "value": "true"}]})
	some f in findings({"env": [{"name": "TRUST_REMOTE_CODE", "value": "true"}]})
	contains(f.message, "sets `TRUST_REMOTE_CODE=true`, which Text Generation Inference reads as `--trust-remote-code`")
}

# KServe's LLMInferenceService template runs `vllm serve ... ${VLLM_ADDITIONAL_ARGS} $@`.
test_vllm_additional_args if {
	c := {
		"command": ["/bin/bash", "-c", "eval \"exec vllm serve /mnt/models --port 8000 ${VLLM_ADDITIONAL_ARGS}\""],
		"env": [{"name": "HF_HUB_CACHE", "value": "/models"}, {"name": "VLLM_ADDITIONAL_ARGS", "value": "--trust-remote-code --tensor-parallel-size=8"}],
	}
	paths(c) == {array.concat(base, ["env", 1, "value"])}
	some f in findings(c)
	contains(f.message, "passes `--trust-remote-code` in `VLLM_ADDITIONAL_ARGS`")
	passes({"env": [{"name": "VLLM_ADDITIONAL_ARGS", "value": "--max-model-len 32768 --no-trust-remote-code"}]})
	passes({"args": ["--trust-remote-code"], "env": [{"name": "VLLM_ADDITIONAL_ARGS", "value": "--no-trust-remote-code"}]})
	passes({"env": [{"name": "VLLM_ADDITIONAL_ARGS", "valueFrom": {"configMapKeyRef": {"name": "vllm", "key": "args"}}}]})
	passes({"env": [{"name": "EXTRA_ARGS", "value": "--trust-remote-code"}]})
}

# ---------------------------------------------------------------- TorchServe

torchserve(c) := object.union({"name": "torchserve", "image": "pytorch/torchserve:0.12.0-gpu"}, c)

test_torchserve_token_auth_off if {
	fs := findings(torchserve({"command": ["torchserve"], "args": ["--start", "--models", "r=r.mar", "--disable-token-auth"]}))
	count(fs) == 1
	some f in fs
	f.path == array.concat(base, ["args", 3])
	contains(f.message, "passes `--disable-token-auth`: TorchServe then serves its inference and management APIs without a token")
	fires(torchserve({"env": [{"name": "TS_DISABLE_TOKEN_AUTHORIZATION", "value": "true"}]}))
	fires(torchserve({"env": [{"name": "TS_DISABLE_TOKEN_AUTHORIZATION", "value": "TRUE"}]}))
	passes(torchserve({"env": [{"name": "TS_DISABLE_TOKEN_AUTHORIZATION", "value": "1"}]}))
	passes(torchserve({"env": [{"name": "TS_DISABLE_TOKEN_AUTHORIZATION", "value": "false"}]}))
}

test_torchserve_model_api_needs_token_auth_off if {
	passes(torchserve({"args": ["torchserve", "--start", "--enable-model-api"]}))
	passes(torchserve({"env": [{"name": "TS_ENABLE_MODEL_API", "value": "true"}]}))
	ps := paths(torchserve({"args": ["torchserve", "--start", "--disable-token-auth", "--enable-model-api"]}))
	ps == {array.concat(base, ["args", 2]), array.concat(base, ["args", 3])}
	fs := findings(torchserve({
		"args": ["torchserve", "--start", "--enable-model-api"],
		"env": [{"name": "TS_DISABLE_TOKEN_AUTHORIZATION", "value": "true"}],
	}))
	count(fs) == 2
	some f in fs
	f.path == array.concat(base, ["args", 2])
	contains(f.message, "with token authorization off (`TS_DISABLE_TOKEN_AUTHORIZATION=true`)")
	contains(f.message, "register a model archive")
	env_paths := paths(torchserve({"args": ["torchserve", "--dt"], "env": [{"name": "TS_ENABLE_MODEL_API", "value": "true"}]}))
	env_paths == {array.concat(base, ["args", 1]), array.concat(base, ["env", 0, "value"])}
}

test_dt_alias_only_for_torchserve if {
	fires(torchserve({"args": ["torchserve", "--start", "--dt"]}))
	fires({"image": "acr.azurecr.io/vision:1.0", "command": ["sh", "-c", "torchserve --start --dt"]})
	passes({"image": "acr.azurecr.io/fluid-sim:3.1", "args": ["--steps", "1000", "--dt", "0.001"]})
}

# ---------------------------------------------------------------- which workloads

test_gpu_training_is_checked_cpu_training_is_not if {
	job := test_inputs.k8s_res("Job", "batch/v1", "sft", {"spec": {"template": {"spec": {"containers": [
		{"name": "trainer", "args": ["--trust_remote_code"], "resources": {"limits": {"nvidia.com/gpu": 4}}},
	]}}}})
	count(rule.deny) == 1 with input as k8s([job])
	ptj := test_inputs.k8s_res("PyTorchJob", "kubeflow.org/v1", "phi-sft", {"spec": {"pytorchReplicaSpecs": {"Worker": {"template": {"spec": {"containers": [
		{"name": "pytorch", "args": ["--trust-remote-code"], "resources": {"limits": {"nvidia.com/gpu": 8}}},
	]}}}}}})
	count(rule.deny) == 1 with input as k8s([ptj])
	cpu_job := test_inputs.k8s_res("Job", "batch/v1", "tokenize", {"spec": {"template": {"spec": {"containers": [
		{"name": "tok", "args": ["--trust-remote-code"]},
	]}}}})
	count(rule.deny) == 0 with input as k8s([cpu_job])
	labelled := test_inputs.k8s_res("Deployment", "apps/v1", "embed", {
		"metadata": {"name": "embed", "labels": {"workload": "batch"}},
		"spec": {"template": {"spec": {"containers": [{"name": "w", "args": ["--trust-remote-code"], "ports": [{"containerPort": 8080}]}]}}},
	})
	count(rule.deny) == 0 with input as k8s([labelled])
}

cpu_deployment(name, c) := test_inputs.k8s_res("Deployment", "apps/v1", name, {
	"metadata": {"name": name, "namespace": "rag"},
	"spec": {
		"selector": {"matchLabels": {"app": name}},
		"template": {"metadata": {"labels": {"app": name}}, "spec": {"containers": [object.union({"name": "app", "image": "acr.azurecr.io/embedder:0.9"}, c)]}},
	},
})

test_cpu_workloads_that_serve if {
	# A worker with no port and no Service takes no traffic: not checked.
	worker := cpu_deployment("embedder", {"args": ["--trust-remote-code"]})
	count(rule.deny) == 0 with input as k8s([worker])
	# Selected by a Service: inference.
	svc := test_inputs.k8s_res("Service", "v1", "embedder", {"metadata": {"name": "embedder", "namespace": "rag"}, "spec": {"selector": {"app": "embedder"}}})
	count(rule.deny) == 1 with input as k8s([worker, svc])
	# Role unknown but it declares a port: it may serve.
	count(rule.deny) == 1 with input as k8s([cpu_deployment("embedder", {"args": ["--trust-remote-code"], "ports": [{"containerPort": 8080}]})])
}

test_every_container_of_every_template if {
	isvc := test_inputs.k8s_res("InferenceService", "serving.kserve.io/v1beta1", "minicpm", {"spec": {"predictor": {
		"model": {"modelFormat": {"name": "huggingface"}, "args": ["--model_name=minicpm", "--model_id=openbmb/MiniCPM-V-2_6", "--trust_remote_code"]},
		"initContainers": [{"name": "warmup", "command": ["python", "warmup.py", "--trust-remote-code"]}],
	}}})
	fs := rule.deny with input as k8s([isvc])
	{f.path | some f in fs} == {
		["spec", "predictor", "model", "args", 2],
		["spec", "predictor", "initContainers", 0, "command", 2],
	}
	some f in fs
	f.path == ["spec", "predictor", "model", "args", 2]
	contains(f.message, "Container `model` of InferenceService/default/minicpm passes `--trust_remote_code`")
}

test_non_workloads_and_other_formats if {
	cm := test_inputs.k8s_res("ConfigMap", "v1", "serve", {"data": {"serve.sh": "vllm serve m --trust-remote-code"}})
	count(rule.deny) == 0 with input as k8s([cm])
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [gpu_deployment({"args": ["--trust-remote-code"]})])
}

test_malformed_lists_do_not_break if {
	passes({"args": null})
	passes({"args": "--trust-remote-code"})
	passes({"args": [1, null, {"a": 1}]})
	passes({"env": null})
	passes({"env": [null, "TRUST_REMOTE_CODE=true", {"name": 1, "value": "true"}]})
}

# ---------------------------------------------------------------- Terraform container apps

tf_app(name, extra, containers) := test_inputs.tf_res("azurerm_container_app", name, object.union(
	{"name": sprintf("ca-%s", [name]), "revision_mode": "Single", "template": [{"container": containers}]},
	extra,
))

tf(resources) := test_inputs.unit("terraform", resources)

gpu_profile := {"workload_profile_name": "gpu-a100"}

plain(c) := object.union({"name": "app", "image": "myacr.azurecr.io/app:1.2.0", "cpu": 2, "memory": "4Gi"}, c)

test_tf_gpu_app_fires_on_the_element if {
	fs := rule.deny with input as tf([tf_app("qwen", gpu_profile, [plain({"args": ["--model", "Qwen/Qwen2.5-VL-7B-Instruct", "--trust-remote-code"]})])])
	count(fs) == 1
	some f in fs
	f.resource == "azurerm_container_app.qwen"
	f.path == ["template", 0, "container", 0, "args", 2]
	contains(f.message, "Container app azurerm_container_app.qwen: container `app` passes `--trust-remote-code`")
}

test_tf_which_apps_are_checked if {
	c := plain({"args": ["--trust-remote-code"]})
	# A GPU profile named so, or given a GPU type by the unit's environment.
	env := test_inputs.tf_res("azurerm_container_app_environment", "ml", {"workload_profile": [{"name": "serverless", "workload_profile_type": "Consumption-GPU-NC8as-T4"}]})
	count(rule.deny) == 1 with input as tf([env, tf_app("x", {"workload_profile_name": "serverless"}, [c])])
	# A model server image or command on the consumption profile.
	count(rule.deny) == 1 with input as tf([tf_app("x", {}, [plain({"image": "vllm/vllm-openai:v0.8.5", "args": ["--trust-remote-code"]})])])
	count(rule.deny) == 1 with input as tf([tf_app("x", {}, [plain({"command": ["text-generation-launcher", "--trust-remote-code"]})])])
	count(rule.deny) == 1 with input as tf([tf_app("x", {}, [plain({"image": "myacr.azurecr.io/tgi:2.4.0", "args": ["--trust-remote-code"]})])])
	# Declared inference by tag or name.
	count(rule.deny) == 1 with input as tf([tf_app("x", {"tags": {"workload": "inference"}}, [c])])
	count(rule.deny) == 1 with input as tf([tf_app("chat_api", {}, [c])])
	# A plain CPU app that shows no model server, and a training-tagged one, are not checked.
	count(rule.deny) == 0 with input as tf([tf_app("docs", {}, [c])])
	count(rule.deny) == 0 with input as tf([tf_app("x", object.union(gpu_profile, {"tags": {"workload": "training"}}), [c])])
	# Container Apps jobs run to completion.
	job := test_inputs.tf_res("azurerm_container_app_job", "sft", object.union(gpu_profile, {"template": [{"container": [c]}]}))
	count(rule.deny) == 0 with input as tf([job])
}

test_tf_env_and_init_containers if {
	r := test_inputs.tf_res("azurerm_container_app", "tgi", {"workload_profile_name": "gpu-a100", "template": [{
		"init_container": [plain({"name": "warm", "command": ["python", "warm.py", "--trust_remote_code"]})],
		"container": [plain({"name": "tgi", "env": [{"name": "MODEL_ID", "value": "m"}, {"name": "TRUST_REMOTE_CODE", "value": "true"}]})],
	}]})
	fs := rule.deny with input as tf([r])
	{f.path | some f in fs} == {
		["template", 0, "init_container", 0, "command", 2],
		["template", 0, "container", 0, "env", 1, "value"],
	}
	some f in fs
	f.path == ["template", 0, "init_container", 0, "command", 2]
	contains(f.message, "init container `warm`")
}

# one(c): the findings on a GPU container app whose one container is c.
one(c) := n if {
	n := count(rule.deny) with input as tf([tf_app("x", gpu_profile, [plain(c)])])
}

test_tf_unknown_values_never_fire if {
	one({"args": unknown("var.server_args")}) == 0
	one({"args": ["--model", unknown("var.model"), "--trust-remote-code"]}) == 1
	one({"args": [unknown("\"--trust-remote-code=${var.trc}\"")]}) == 0
	one({"args": ["--trust_remote_code", unknown("var.trust_remote_code")]}) == 0
	one({"env": [{"name": "TRUST_REMOTE_CODE", "value": unknown("var.trc")}]}) == 0
	one({"env": [{"name": "TRUST_REMOTE_CODE", "value": "true", "secret_name": "trc"}]}) == 0
	one({"env": [{"name": "TRUST_REMOTE_CODE", "value": "true", "secret_name": unknown("var.secret")}]}) == 0
	one({"env": unknown("var.env")}) == 0
	count(rule.deny) == 0 with input as tf([tf_app("x", gpu_profile, [unknown("var.container")])])
	count(rule.deny) == 0 with input as tf([tf_app("x", gpu_profile, unknown("var.containers"))])
	count(rule.deny) == 0 with input as tf([tf_app("x", {"workload_profile_name": unknown("var.profile")}, [plain({"args": ["--trust-remote-code"]})])])
}

test_tf_plan_format if {
	count(rule.deny) == 1 with input as test_inputs.unit("terraform-plan", [tf_app("qwen", gpu_profile, [plain({"args": ["--trust-remote-code"]})])])
}

# ---------------------------------------------------------------- ARM / Bicep container apps

arm_app(name, props) := {
	"id": name, "type": "Microsoft.App/containerApps", "name": name, "api_version": "2024-03-01",
	"config": {"type": "Microsoft.App/containerApps", "name": name, "properties": props},
}

test_arm_gpu_app if {
	app := arm_app("ca-phi", {"workloadProfileName": "gpu-t4", "template": {"containers": [
		{"name": "vllm", "image": "vllm/vllm-openai:v0.8.5", "command": ["/bin/sh", "-c"], "args": ["vllm serve m --trust-remote-code"]},
		{"name": "tgi", "image": "ghcr.io/huggingface/text-generation-inference:3.0.1", "env": [{"name": "TRUST_REMOTE_CODE", "value": "true"}]},
	]}})
	fs := rule.deny with input as test_inputs.unit("arm", [app])
	{f.path | some f in fs} == {
		["properties", "template", "containers", 0, "args", 0],
		["properties", "template", "containers", 1, "env", 0, "value"],
	}
	some f in fs
	f.path == ["properties", "template", "containers", 0, "args", 0]
	contains(f.message, "Container app `ca-phi`: container `vllm` runs a shell command with `--trust-remote-code` (`args[0]`)")
	count(rule.deny) == 2 with input as test_inputs.unit("bicep", [app])
}

test_arm_near_misses if {
	secret_ref := arm_app("ca-tgi", {"workloadProfileName": "gpu-t4", "template": {"containers": [
		{"name": "tgi", "env": [{"name": "TRUST_REMOTE_CODE", "secretRef": "trc"}]},
		{"name": "vllm", "args": unknown("[parameters('args')]")},
	]}})
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [secret_ref])
	job := {"id": "sft", "type": "Microsoft.App/jobs", "name": "sft", "config": {"properties": {"workloadProfileName": "gpu-t4", "template": {"containers": [{"name": "t", "args": ["--trust-remote-code"]}]}}}}
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [job])
	cpu := arm_app("ca-docs", {"template": {"containers": [{"name": "docs", "image": "myacr.azurecr.io/docs:1.0", "args": ["--trust-remote-code"]}]}})
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [cpu])
}

# A VLLMRuntime's flags are `spec.vllmConfig.extraArgs`, its variables `spec.vllmConfig.env`.
vllm(vllm_config) := test_inputs.unit("kubernetes", [test_inputs.vllm_runtime("llama", test_inputs.vllm_gpu, {"vllmConfig": vllm_config})])

test_vllm_runtime_trust_remote_code_fires_on_the_extra_arg if {
	findings := rule.deny with input as vllm({"extraArgs": ["--max-model-len", "4096", "--trust-remote-code"]})
	count(findings) == 1
	some f in findings
	f.resource == "VLLMRuntime/llm/llama"
	f.path == ["spec", "vllmConfig", "extraArgs", 2]
	startswith(f.message, "Container `vllm` of VLLMRuntime/llm/llama passes `--trust-remote-code`: it runs the Python code")
	some g in rule.deny with input as vllm({"extraArgs": ["--trust_remote_code=true"]})
	g.path == ["spec", "vllmConfig", "extraArgs", 0]
}

test_vllm_runtime_without_remote_code_passes if {
	count(rule.deny) == 0 with input as vllm({"extraArgs": ["--max-model-len", "4096"]})
	count(rule.deny) == 0 with input as vllm({"extraArgs": ["--trust-remote-code", "--no-trust-remote-code"]})
	count(rule.deny) == 0 with input as vllm({"extraArgs": {"$unknown": "${ARGS}", "$refs": []}})
	# The operator starts `vllm serve`, which reads no TRUST_REMOTE_CODE (a TGI variable).
	count(rule.deny) == 0 with input as vllm({"env": [{"name": "TRUST_REMOTE_CODE", "value": "true"}]})
}

test_vllm_runtime_sidecar_variables_count if {
	sidecar := {"enabled": true, "image": {"registry": "ghcr.io", "name": "huggingface/text-generation-inference:2.4"}, "env": [{"name": "TRUST_REMOTE_CODE", "value": "true"}]}
	findings := rule.deny with input as test_inputs.unit("kubernetes", [test_inputs.vllm_runtime("llama", object.union(test_inputs.vllm_gpu, {"sidecarConfig": sidecar}), {})])
	count(findings) == 1
	some f in findings
	f.path == ["spec", "deploymentConfig", "sidecarConfig", "env", 0, "value"]
}
