# METADATA
# title: API key or token in a plain environment variable
# description: |
#   Model servers and AI gateways need API keys and tokens (OpenAI and Azure OpenAI keys, Hugging
#   Face tokens for gated models, vector database passwords). Written as a literal env value, the
#   secret is committed to the repository and readable by anyone who can read the manifest, the pod
#   spec, `kubectl describe`, the container app's configuration or the Terraform state, and it cannot
#   be rotated without a redeploy. Keep it in a Kubernetes Secret or Key Vault and reference it.
# custom:
#   id: AIL204
#   slug: inference-api-key-in-plain-env
#   severity: error
#   formats: [kubernetes, terraform]
#   resource_types:
#     - azurerm_container_app
#     - azurerm_container_app_job
#     - Pod
#     - Deployment
#     - StatefulSet
#     - DaemonSet
#     - ReplicaSet
#     - Job
#     - CronJob
#     - ScaledJob
#     - Service
#     - PyTorchJob
#     - TFJob
#     - MPIJob
#     - XGBoostJob
#     - PaddleJob
#     - MXJob
#     - JAXJob
#     - RayCluster
#     - RayService
#     - RayJob
#     - InferenceService
#     - LLMInferenceService
#     - NIMService
#     - VLLMRuntime
#     - LeaderWorkerSet
#     - JobSet
#     - TrainingRuntime
#     - ClusterTrainingRuntime
#   default: on
#   remediation: |
#     Terraform: declare the value in a `secret` block of the `azurerm_container_app` or
#     `azurerm_container_app_job` (ideally with `key_vault_secret_id` and `identity`) and set
#     `secret_name` on the `env` block instead of `value`.
#     Kubernetes: store the value in a `Secret` (or sync it from Key Vault with the Secrets Store CSI
#     driver) and replace `value` with `valueFrom.secretKeyRef` (`name`, `key`); rotate the exposed key.
#     A vLLM production-stack VLLMRuntime's `spec.vllmConfig.env` takes only literal values: give the
#     Hugging Face token as a Secret in `spec.model.hfTokenSecret` (its operator sets `HF_TOKEN` from
#     it) and remove the variable.
#   tags: [security, secrets]
#   sensitive: true
package ailint.rules.inference_api_key_in_plain_env

import data.ailint.lib

# The names of variables that hold secrets (RULES.md): `HF_TOKEN` yes, `MAX_TOKENS` and
# `TOKENIZER` no. Added: `<provider>_KEY` names that Azure samples use for keys
# (`AZURE_OPENAI_KEY`, `OCP_APIM_SUBSCRIPTION_KEY`), without catching `PARTITION_KEY` or `CACHE_KEY`.
name_pattern := `(?i)(api[_-]?key|secret|password|access[_-]?key|(^|_)token$|(^|_)(openai|subscription|admin|master|private|primary|secondary)_key$)`

# Names that match the pattern but name something about a secret rather than the secret itself:
# where it lives (`API_KEY_FILE`, `SECRET_NAME`, `KEYVAULT_SECRET_URI`), which header or variable
# carries it (`API_KEY_HEADER`, `API_KEY_ENV`), the public half of a key pair (`AWS_ACCESS_KEY_ID`),
# or a tokenizer's special tokens (`PAD_TOKEN`, `EOS_TOKEN`), which model servers read from env,
# and switches about a secret (`ALLOW_EMPTY_PASSWORD`, `ENABLE_API_KEY_AUTH`, `DISABLE_TOKEN_CHECK`).
not_secret_pattern := `(?i)([_-](file|path|dir|name|names|ref|url|uri|endpoint|id|header|env|var|type)$)|((^|_)(pad|eos|bos|unk|sep|cls|mask|stop|start|end|special)_token$)|(^(allow|enable|disable)[_-])`

secret_name(n) if {
	is_string(n)
	regex.match(name_pattern, n)
	not regex.match(not_secret_pattern, n)
}

# A literal that could be a secret: not empty, not a plain number or a switch (`MAX_TOKEN: "4096"`,
# `ALLOW_EMPTY_PASSWORD: "yes"`), not only Kubernetes `$(VAR)` references to other variables, and
# not a placeholder.
secret_literal(v) if {
	is_string(v)
	s := trim_space(v)
	s != ""
	not lib.number_of(s)
	not lower(s) in flag_values
	not regex.match(`^(\$\([A-Za-z_][A-Za-z0-9_]*\))+$`, s)
	not regex.match(placeholder_pattern, s)
}

# Values of a switch, not of a secret.
flag_values := {"yes", "no", "true", "false", "on", "off", "0", "1", "enabled", "disabled"}

# Values that stand for no secret or for one filled in later: `OPENAI_API_KEY=EMPTY` (how OpenAI
# clients talk to a local vLLM or TGI server, which takes no key), `dummy`, `<your-key>`, and
# substitution tokens of envsubst (`${API_KEY}`), Helm (`{{ .Values.apiKey }}`), Azure DevOps
# (`#{ApiKey}#`) and replace-tokens (`__API_KEY__`).
placeholder_pattern := `(?i)^(empty|none|null|nil|dummy|fake|placeholder|unused|not[-_ ]?(needed|used|required|set)|n/?a|no[-_]?key|sk-no-key-required|x+|\*+|-+|<[^<>]*>|\$\{[^}]*\}|\{\{.*\}\}|#\{[^}]*\}#|__[a-z0-9_]+__)$`

# A literal that is a secret whatever the variable is called: a connection string that carries
# a key or password, a Hugging Face token, an OpenAI key.
secret_value_pattern := `(?i)((^|;)\s*(accountkey|sharedaccesskey|password|pwd)=[^;\s]+)|^hf_[a-z0-9]{30,}$|^sk-(proj-)?[a-z0-9_-]{20,}$`

secret_value(v) if {
	is_string(v)
	regex.match(secret_value_pattern, trim_space(v))
}

# plain_secret(name, v): the env var `name` holds the literal secret v.
plain_secret(name, v) if {
	secret_name(name)
	secret_literal(v)
}

plain_secret(_, v) if secret_value(v)

# ---------------------------------------------------------------------------------------------
# Kubernetes: every container (and init container, KServe model container) of every pod template.
# ---------------------------------------------------------------------------------------------

deny contains f if {
	lib.is_kubernetes
	some r in input.resources
	some t in lib.pod_templates(r)
	some c in t.containers
	envs := lib.get(c.container, ["env"], [])
	is_array(envs)
	some i, e in envs
	is_object(e)
	name := lib.get(e, ["name"], null)
	is_string(name)
	lib.get(e, ["valueFrom"], null) == null
	plain_secret(name, lib.get(e, ["value"], null))
	f := lib.finding(r, lib.field_path(c, ["env", i, "value"]), sprintf(
		"Container `%s` of %s sets `%s` to a literal value (****): the secret is readable by anyone who can read the manifest or the pod spec; %s",
		[container_name(c), r.id, name, k8s_advice(c, name)],
	))
}

# k8s_advice(c, name): where the secret should come from. The env of a container an operator
# assembles (a VLLMRuntime's `vllmConfig.env`, its sidecar's `env`) has no `valueFrom`.
k8s_advice(c, name) := "a VLLMRuntime's env takes no `valueFrom`: put the token in a Secret, name it in `spec.model.hfTokenSecret` (the operator sets `HF_TOKEN` from it) and remove the variable" if {
	lib.assembled(c)
	upper(name) in {"HF_TOKEN", "HUGGING_FACE_HUB_TOKEN", "HUGGINGFACE_HUB_TOKEN", "HF_API_TOKEN"}
} else := "a VLLMRuntime's env takes no `valueFrom`, so the value cannot come from a Secret there: remove it, and rotate the exposed secret" if {
	lib.assembled(c)
} else := "store it in a Secret and use `valueFrom.secretKeyRef`"

# container_name(c): its `name`, else the key that holds it (a KServe `model`), else its path.
container_name(c) := n if {
	n := object.get(c.container, "name", null)
	is_string(n)
} else := n if {
	n := c.path[count(c.path) - 1]
	is_string(n)
} else := lib.path_text(c.path)

# ---------------------------------------------------------------------------------------------
# Terraform: Container Apps env blocks with `value` instead of `secret_name`.
# ---------------------------------------------------------------------------------------------

# A value that is certainly a secret even though ailint cannot read it: an account or storage key,
# a connection string, a Key Vault secret's value or a generated password. Such a value is a secret
# whatever the variable is called (`AZURE_OPENAI_KEY = azurerm_cognitive_account.x.primary_access_key`).
secret_reference_pattern := `(?i)\.(primary|secondary)_(access_)?key$|\.(primary|secondary)_[a-z_]*connection_string$|\.(client_secret|admin_password|sas|sas_url)$|^(data\.)?azurerm_key_vault_secret\.[^.]+\.value$|^random_password\.[^.]+\.result$`

secret_reference(v) if {
	lib.is_unknown(v)
	regex.match(secret_reference_pattern, trim_space(v["$unknown"]))
}

tf_container_keys := ["container", "init_container"]

# Container apps and Container Apps jobs share the `template` block.
tf_app_types := ["azurerm_container_app", "azurerm_container_app_job"]

deny contains f if {
	lib.is_terraform
	some t in tf_app_types
	some r in lib.resources_of(t)
	some key in tf_container_keys
	containers := lib.get(r.config, ["template", 0, key], [])
	is_array(containers)
	some i, c in containers
	is_object(c)
	envs := lib.get(c, ["env"], [])
	is_array(envs)
	some j, e in envs
	is_object(e)
	lib.is_known(e)
	name := lib.get(e, ["name"], null)
	is_string(name)
	not uses_secret(e)
	v := lib.get(e, ["value"], null)
	what := tf_secret_value(name, v)
	f := lib.finding(r, ["template", 0, key, i, "env", j, "value"], sprintf(
		"Container `%s` of %s sets `%s` to %s in `value`: it is stored in plain text in the app's configuration and the Terraform state; declare a `secret` and set `secret_name` instead",
		[container_name({"container": c, "path": [key, i]}), r.id, name, what],
	))
}

# `value` is ignored when `secret_name` is set; an unknown `secret_name` may be set.
uses_secret(e) if {
	s := lib.get(e, ["secret_name"], null)
	s != null
	s != ""
}

tf_secret_value(name, v) := "a literal value (****)" if {
	plain_secret(name, v)
} else := sprintf("`%s`", [v["$unknown"]]) if {
	secret_reference(v)
}
