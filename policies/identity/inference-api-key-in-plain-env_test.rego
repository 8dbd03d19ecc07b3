package ailint.rules.inference_api_key_in_plain_env_test

import data.ailint.rules.inference_api_key_in_plain_env as rule
import data.ailint.test_inputs

unknown(src) := {"$unknown": src, "$refs": [src]}

# A Deployment whose one container has env `env`.
deployment(env) := test_inputs.k8s_res("Deployment", "apps/v1", "vllm", {
	"metadata": {"name": "vllm", "namespace": "ml"},
	"spec": {"template": {"spec": {"containers": [{"name": "vllm", "image": "vllm/vllm-openai:v0.6.3", "env": env}]}}},
})

fires(env) if count(rule.deny) == 1 with input as test_inputs.unit("kubernetes", [deployment(env)])

passes(env) if count(rule.deny) == 0 with input as test_inputs.unit("kubernetes", [deployment(env)])

# ---------------------------------------------------------------- Kubernetes

test_k8s_literal_token_fires_and_masks_the_value if {
	findings := rule.deny with input as test_inputs.unit("kubernetes", [deployment([
		{"name": "MODEL", "value": "meta-llama/Llama-3.1-8B-Instruct"},
		{"name": "HF_TOKEN", "value": "hf_abcdefghijklmnopqrstuvwxyz0123456789"},
	])])
	count(findings) == 1
	some f in findings
	f.resource == "Deployment/ml/vllm"
	f.path == ["spec", "template", "spec", "containers", 0, "env", 1, "value"]
	contains(f.message, "`HF_TOKEN`")
	contains(f.message, "Container `vllm`")
	contains(f.message, "secretKeyRef")
	not contains(f.message, "hf_abc")
}

test_k8s_secret_names_fire if {
	fires([{"name": "OPENAI_API_KEY", "value": "sk-test"}])
	fires([{"name": "api-key", "value": "k3y-value"}])
	fires([{"name": "AZURE_OPENAI_KEY", "value": "0123abcd"}])
	fires([{"name": "AZURE_CLIENT_SECRET", "value": "s3cr3t~value"}])
	fires([{"name": "POSTGRES_PASSWORD", "value": "changeme"}])
	fires([{"name": "AWS_SECRET_ACCESS_KEY", "value": "abc/def"}])
	fires([{"name": "TOKEN", "value": "abc"}])
	fires([{"name": "hf_token", "value": "abc"}])
}

test_k8s_non_secret_names_pass if {
	passes([{"name": "MAX_TOKENS", "value": "abc"}])
	passes([{"name": "TOKENIZER", "value": "meta-llama/Llama-3.1-8B"}])
	passes([{"name": "MAX_NUM_BATCHED_TOKENS", "value": "8192"}])
	passes([{"name": "PARTITION_KEY", "value": "tenant"}])
	passes([{"name": "API_KEY_FILE", "value": "/var/run/secrets/openai/key"}])
	passes([{"name": "KEYVAULT_SECRET_NAME", "value": "openai-key"}])
	passes([{"name": "API_KEY_HEADER", "value": "api-key"}])
	passes([{"name": "AWS_ACCESS_KEY_ID", "value": "AKIAEXAMPLE"}])
	passes([{"name": "EOS_TOKEN", "value": "</s>"}])
	passes([{"name": "PAD_TOKEN", "value": "<pad>"}])
}

test_k8s_non_secret_values_pass if {
	passes([{"name": "API_KEY", "value": ""}])
	passes([{"name": "API_KEY", "value": "  "}])
	passes([{"name": "MAX_TOKEN", "value": "4096"}])
	passes([{"name": "REQUIRE_API_KEY", "value": "true"}])
	passes([{"name": "OPENAI_API_KEY", "value": "$(AZURE_OPENAI_API_KEY)"}])
	passes([{"name": "API_KEY"}])
	passes([{"name": "API_KEY", "value": unknown("{{ .Values.apiKey }}")}])
}

test_k8s_placeholders_pass if {
	passes([{"name": "OPENAI_API_KEY", "value": "EMPTY"}])
	passes([{"name": "OPENAI_API_KEY", "value": "sk-no-key-required"}])
	passes([{"name": "OPENAI_API_KEY", "value": "not-needed"}])
	passes([{"name": "API_KEY", "value": "<your-api-key>"}])
	passes([{"name": "API_KEY", "value": "${API_KEY}"}])
	passes([{"name": "API_KEY", "value": "{{ .Values.apiKey }}"}])
	passes([{"name": "API_KEY", "value": "#{ApiKey}#"}])
	passes([{"name": "API_KEY", "value": "__API_KEY__"}])
	passes([{"name": "API_KEY", "value": "xxxx"}])
	fires([{"name": "DB_PASSWORD", "value": "changeme"}])
	fires([{"name": "API_KEY", "value": "x${API_KEY}"}])
}

test_k8s_value_from_passes if {
	passes([{"name": "HF_TOKEN", "valueFrom": {"secretKeyRef": {"name": "hf", "key": "token"}}}])
}

test_k8s_secret_values_fire_whatever_the_name if {
	fires([{"name": "STORAGE", "value": "DefaultEndpointsProtocol=https;AccountName=ml;AccountKey=abc123==;EndpointSuffix=core.windows.net"}])
	fires([{"name": "HUB", "value": "hf_abcdefghijklmnopqrstuvwxyz0123456789"}])
	fires([{"name": "LLM_CREDENTIAL", "value": "sk-proj-abcdefghijklmnopqrstuvwxyz"}])
	passes([{"name": "STORAGE", "value": "DefaultEndpointsProtocol=https;AccountName=ml;EndpointSuffix=core.windows.net"}])
}

test_k8s_every_container_of_every_template if {
	isvc := test_inputs.k8s_res("InferenceService", "serving.kserve.io/v1beta1", "llm", {"spec": {
		"predictor": {
			"model": {"modelFormat": {"name": "huggingface"}, "env": [{"name": "HF_TOKEN", "value": "abc"}]},
			"initContainers": [{"name": "fetch", "env": [{"name": "AZURE_STORAGE_SAS_TOKEN", "value": "sv=2022"}]}],
		},
		"transformer": {"containers": [{"name": "pre", "env": [{"name": "REDIS_PASSWORD", "value": "pw"}]}]},
	}})
	findings := rule.deny with input as test_inputs.unit("kubernetes", [isvc])
	paths := {f.path | some f in findings}
	paths == {
		["spec", "predictor", "model", "env", 0, "value"],
		["spec", "predictor", "initContainers", 0, "env", 0, "value"],
		["spec", "transformer", "containers", 0, "env", 0, "value"],
	}
	some f in findings
	f.path == ["spec", "predictor", "model", "env", 0, "value"]
	contains(f.message, "Container `model` of InferenceService/default/llm")
}

test_k8s_cpu_workloads_and_cronjobs_count_too if {
	cron := test_inputs.k8s_res("CronJob", "batch/v1", "embed", {"spec": {"jobTemplate": {"spec": {"template": {"spec": {"containers": [
		{"name": "embed", "env": [{"name": "OPENAI_API_KEY", "value": "abc"}]},
	]}}}}}})
	findings := rule.deny with input as test_inputs.unit("kubernetes", [cron])
	count(findings) == 1
	some f in findings
	f.path == ["spec", "jobTemplate", "spec", "template", "spec", "containers", 0, "env", 0, "value"]
}

test_k8s_non_workloads_pass if {
	cm := test_inputs.k8s_res("ConfigMap", "v1", "cfg", {"data": {"API_KEY": "abc"}})
	count(rule.deny) == 0 with input as test_inputs.unit("kubernetes", [cm])
}

# ---------------------------------------------------------------- Terraform Container Apps

app(containers) := test_inputs.tf_res("azurerm_container_app", "chat", {
	"name": "chat-api",
	"revision_mode": "Single",
	"template": [{"min_replicas": 1, "container": containers}],
})

container(env) := {"name": "api", "image": "myregistry.azurecr.io/chat:1.4.2", "cpu": 1, "memory": "2Gi", "env": env}

test_tf_literal_value_fires if {
	findings := rule.deny with input as test_inputs.unit("terraform", [app([container([
		{"name": "AZURE_OPENAI_ENDPOINT", "value": "https://aoai.openai.azure.com/"},
		{"name": "AZURE_OPENAI_API_KEY", "value": "0123456789abcdef"},
	])])])
	count(findings) == 1
	some f in findings
	f.path == ["template", 0, "container", 0, "env", 1, "value"]
	contains(f.message, "`AZURE_OPENAI_API_KEY` to a literal value (****)")
	contains(f.message, "Container `api` of azurerm_container_app.chat")
	not contains(f.message, "0123456789abcdef")
}

test_tf_secret_name_passes if {
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [app([container([{"name": "AZURE_OPENAI_API_KEY", "secret_name": "aoai-key"}])])])
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [app([container([{"name": "AZURE_OPENAI_API_KEY", "secret_name": unknown("var.secret"), "value": "ignored"}])])])
}

test_tf_unknown_values_pass_unless_they_are_keys if {
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [app([container([{"name": "AZURE_OPENAI_API_KEY", "value": unknown("var.openai_key")}])])])
	key := {"$unknown": "azurerm_cognitive_account.openai.primary_access_key", "$refs": ["azurerm_cognitive_account.openai"]}
	findings := rule.deny with input as test_inputs.unit("terraform", [app([container([{"name": "AZURE_OPENAI_KEY", "value": key}])])])
	count(findings) == 1
	some f in findings
	contains(f.message, "to `azurerm_cognitive_account.openai.primary_access_key` in `value`")
	kv := {"$unknown": "data.azurerm_key_vault_secret.hf.value", "$refs": ["data.azurerm_key_vault_secret.hf"]}
	count(rule.deny) == 1 with input as test_inputs.unit("terraform", [app([container([{"name": "HUB", "value": kv}])])])
	endpoint := {"$unknown": "azurerm_cognitive_account.openai.endpoint", "$refs": ["azurerm_cognitive_account.openai"]}
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [app([container([{"name": "AZURE_OPENAI_ENDPOINT", "value": endpoint}])])])
}

test_tf_init_containers_and_several_containers if {
	r := test_inputs.tf_res("azurerm_container_app", "chat", {"template": [{
		"init_container": [{"name": "download", "env": [{"name": "HF_TOKEN", "value": "abc"}]}],
		"container": [container([]), container([{"name": "REDIS_PASSWORD", "value": "pw"}])],
	}]})
	findings := rule.deny with input as test_inputs.unit("terraform", [r])
	{f.path | some f in findings} == {
		["template", 0, "init_container", 0, "env", 0, "value"],
		["template", 0, "container", 1, "env", 0, "value"],
	}
}

test_tf_container_app_jobs_count_too if {
	job := test_inputs.tf_res("azurerm_container_app_job", "finetune", {"template": [{"container": [container([{"name": "WANDB_API_KEY", "value": "abc"}])]}]})
	findings := rule.deny with input as test_inputs.unit("terraform", [job])
	count(findings) == 1
	some f in findings
	f.path == ["template", 0, "container", 0, "env", 0, "value"]
}

test_tf_dynamic_env_passes if {
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [app([container([unknown("var.env")])])])
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [app([container(unknown("var.env"))])])
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [app(unknown("var.containers"))])
}

test_tf_other_formats_and_types_pass if {
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [app([container([{"name": "API_KEY", "value": "x"}])])])
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [test_inputs.tf_res("azurerm_container_group", "g", {"container": [{"environment_variables": {"API_KEY": "x"}}]})])
}

# Issue 19: switches about a secret are not secrets (`ALLOW_EMPTY_PASSWORD: "yes"`), whatever
# their name; a real secret next to them still fires.
test_k8s_switches_pass if {
	passes([{"name": "ALLOW_EMPTY_PASSWORD", "value": "yes"}])
	passes([{"name": "ALLOW_EMPTY_PASSWORD", "value": "maybe-later"}])
	passes([{"name": "ENABLE_API_KEY_AUTH", "value": "Enabled"}])
	passes([{"name": "DISABLE_TOKEN_CHECK", "value": "1"}])
	passes([{"name": "REDIS_PASSWORD_FILE", "value": "/run/secrets/redis"}])
	passes([{"name": "HF_TOKEN_PATH", "value": "/var/run/hf/token"}])
	passes([{"name": "REDIS_PASSWORD", "value": "no"}])
	passes([{"name": "API_KEY", "value": "OFF"}])
	passes([{"name": "API_KEY", "value": "Disabled"}])
	passes([{"name": "SECRET", "value": "on"}])
	fires([{"name": "ALLOW_EMPTY_PASSWORD", "value": "yes"}, {"name": "POSTGRES_PASSWORD", "value": "changeme"}])
	fires([{"name": "ENABLE_HF", "value": "hf_abcdefghijklmnopqrstuvwxyz0123456789"}])
}

# A VLLMRuntime's `spec.vllmConfig.env` takes only `name` and `value`.
vllm(env) := test_inputs.unit("kubernetes", [test_inputs.vllm_runtime("llama", test_inputs.vllm_gpu, {"vllmConfig": {"env": env}})])

test_vllm_runtime_literal_token_fires_on_its_env if {
	findings := rule.deny with input as vllm([{"name": "HF_HOME", "value": "/data"}, {"name": "HF_TOKEN", "value": "hf_abcdefghijklmnopqrstuvwxyz0123456789"}])
	count(findings) == 1
	some f in findings
	f.path == ["spec", "vllmConfig", "env", 1, "value"]
	contains(f.message, "Container `vllm` of VLLMRuntime/llm/llama sets `HF_TOKEN` to a literal value (****)")
	contains(f.message, "name it in `spec.model.hfTokenSecret`")
	not contains(f.message, "hf_abc")
	some g in rule.deny with input as vllm([{"name": "VLLM_API_KEY", "value": "s3cr3t-key-for-clients"}])
	g.path == ["spec", "vllmConfig", "env", 0, "value"]
	contains(g.message, "takes no `valueFrom`, so the value cannot come from a Secret there")
}

test_vllm_runtime_sidecar_env_fires_on_its_env if {
	sidecar := {"enabled": true, "image": {"registry": "docker.io", "name": "lmcache/lmstack-sidecar:v0.1"}, "env": [{"name": "HF_TOKEN", "value": "hf_abcdefghijklmnopqrstuvwxyz0123456789"}]}
	findings := rule.deny with input as test_inputs.unit("kubernetes", [test_inputs.vllm_runtime("llama", object.union(test_inputs.vllm_gpu, {"sidecarConfig": sidecar}), {})])
	count(findings) == 1
	some f in findings
	f.path == ["spec", "deploymentConfig", "sidecarConfig", "env", 0, "value"]
}

test_vllm_runtime_without_secrets_passes if {
	count(rule.deny) == 0 with input as vllm([{"name": "HF_HOME", "value": "/data"}, {"name": "VLLM_USE_V1", "value": "1"}])
	count(rule.deny) == 0 with input as test_inputs.unit("kubernetes", [test_inputs.vllm_runtime("llama", test_inputs.vllm_gpu, {"model": {"hfTokenSecret": {"hfTokenSecretName": "hf-token"}}})])
}
