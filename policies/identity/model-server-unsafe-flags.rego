# METADATA
# title: Model server started with flags that run remote code or skip authentication
# description: |
#   `--trust-remote-code` (vLLM, Text Generation Inference, SGLang, the KServe Hugging Face server,
#   KAITO's Transformers server; `TRUST_REMOTE_CODE=true` for TGI, `HF_TRUST_REMOTE_CODE=true` for
#   the Hugging Face Inference Toolkit) makes the server import and run the Python files that ship
#   with the model repository (`modeling_*.py`, `configuration_*.py`) when it loads the model:
#   whoever can push to that repository, or replace the files on the model volume, runs code in the
#   GPU pod with its service account, secrets and network access. TorchServe's
#   `--disable-token-auth` (`TS_DISABLE_TOKEN_AUTHORIZATION=true`) serves the inference and
#   management APIs to anyone who can reach them, and with `--enable-model-api` on top any such
#   caller can register a model archive from a URL whose handler TorchServe then runs.
# custom:
#   id: AIL208
#   slug: model-server-unsafe-flags
#   severity: error
#   formats: [terraform, arm, bicep, kubernetes]
#   resource_types:
#     - azurerm_container_app
#     - azurerm_container_app_environment
#     - Microsoft.App/containerApps
#     - Microsoft.App/managedEnvironments
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
#     - VLLMRuntime
#   default: on
#   remediation: |
#     ailint offers no automatic fix: removing `--trust-remote-code` breaks a model whose architecture
#     exists only as code in its repository, and removing `--disable-token-auth` breaks clients that
#     send no token. Instead:
#     Remote code: serve a model that Transformers or vLLM supports natively and drop the flag; if the
#     model needs its own code, pin the model to a reviewed commit (vLLM `--revision` and
#     `--code-revision`, TGI `--revision` / `REVISION`, KServe `--model_revision`), review that code,
#     and load the weights from storage you control (a mounted volume, Azure Blob) instead of the Hub.
#     TorchServe: drop `--disable-token-auth` and `TS_DISABLE_TOKEN_AUTHORIZATION`, and give clients
#     the inference token TorchServe writes to `key_file.json`; load models at start with `--models`
#     instead of `--enable-model-api` / `TS_ENABLE_MODEL_API`. (TorchServe reads the `TS_` variables
#     only with `enable_envvars_config=true` in `config.properties`; remove them anyway.)
#     Kubernetes: the flags are in `command`/`args` (also inside `sh -c` scripts) and `env` of the
#     containers of Deployments, StatefulSets, Jobs, KServe predictors (`model.args`) and the other
#     workload kinds; a vLLM production-stack VLLMRuntime passes them in `spec.vllmConfig.extraArgs`
#     (and its variables in `spec.vllmConfig.env`). Terraform: `template.container.args`/`command`/`env` of `azurerm_container_app`.
#     ARM/Bicep: `properties.template.containers[].args`/`command`/`env` of `Microsoft.App/containerApps`.
#   tags: [security, supply-chain, identity, inference]
#   references:
#     - url: https://docs.vllm.ai/en/v0.8.5/serving/engine_args.html
#       title: vLLM engine arguments (--trust-remote-code)
#     - url: https://huggingface.co/docs/text-generation-inference/reference/launcher
#       title: Text Generation Inference launcher arguments (--trust-remote-code, TRUST_REMOTE_CODE)
#     - url: https://github.com/huggingface/huggingface-inference-toolkit/blob/main/src/huggingface_inference_toolkit/const.py
#       title: Hugging Face Inference Toolkit environment variables (HF_TRUST_REMOTE_CODE)
#     - url: https://pytorch.org/serve/token_authorization_api.html
#       title: TorchServe token authorization (--disable-token-auth, TS_DISABLE_TOKEN_AUTHORIZATION)
#     - url: https://pytorch.org/serve/model_api_control.html
#       title: TorchServe model API control (--enable-model-api, TS_ENABLE_MODEL_API)
package ailint.rules.model_server_unsafe_flags

import data.ailint.lib

# ---------------------------------------------------------------------------------------------
# Which containers are checked
# ---------------------------------------------------------------------------------------------

# checked(x): the containers of GPU or inference workloads, as {"r": resource, "path": path of the
# container, "container": its body, "who": how a message names it}. A GPU fine-tuning Job that
# loads a model with `--trust_remote_code` runs the repository's code with the job's credentials
# too, so GPU work is checked whatever its role; CPU work only when it may serve.

# Kubernetes: every container of a pod template that requests GPUs, or of a workload that serves
# (role inference, or unknown and reachable: `lib.may_serve`).
checked contains x if {
	lib.is_kubernetes
	some r in input.resources
	templates := lib.pod_templates(r)
	count(templates) > 0
	some t in templates
	checked_template(r, t)
	some c in t.containers
	x := {"r": r, "path": c.path, "fields": object.get(c, "fields", []), "container": c.container, "who": sprintf("Container `%s` of %s", [k8s_container_name(c), r.id])}
}

checked_template(_, t) if lib.is_gpu_template(t)

checked_template(r, _) if {
	lib.role(r) != "training"
	lib.may_serve(r)
}

# k8s_container_name(c): its `name`, else the key that holds it (a KServe `model`).
k8s_container_name(c) := n if {
	n := object.get(c.container, "name", null)
	is_string(n)
	n != ""
} else := n if {
	n := c.path[count(c.path) - 1]
	is_string(n)
} else := lib.path_text(c.path)

# Container apps (Terraform and ARM/Bicep): a container of an app on a GPU workload profile, of an
# app whose role is inference (tag `workload`, or a name such as `ca-chat-api`), or a container
# whose image or command names a model server. Container Apps jobs run to completion and serve no
# caller, so they are not checked.
checked contains x if {
	lib.is_terraform
	some r in lib.resources_of("azurerm_container_app")
	templates := lib.get(r.config, ["template"], [])
	is_array(templates)
	some ti, tmpl in templates
	some key in ["container", "init_container"]
	containers := lib.get(tmpl, [key], [])
	is_array(containers)
	some ci, c in containers
	is_object(c)
	lib.is_known(c)
	app_container_checked(r, lib.get(r.config, ["workload_profile_name"], null), c)
	x := {"r": r, "path": ["template", ti, key, ci], "container": c, "who": app_who(r, c, key)}
}

checked contains x if {
	lib.is_arm
	some r in lib.arm_resources("Microsoft.App/containerApps")
	some key in ["containers", "initContainers"]
	containers := lib.get(r.config, ["properties", "template", key], [])
	is_array(containers)
	some ci, c in containers
	is_object(c)
	lib.is_known(c)
	app_container_checked(r, lib.get(r.config, ["properties", "workloadProfileName"], null), c)
	x := {"r": r, "path": ["properties", "template", key, ci], "container": c, "who": app_who(r, c, key)}
}

app_container_checked(r, profile, c) if {
	lib.role(r) != "training"
	app_serves_models(r, profile, c)
}

app_serves_models(_, profile, _) if lib.is_gpu_workload_profile(profile)

app_serves_models(r, _, _) if lib.role(r) == "inference"

app_serves_models(_, _, c) if shows_model_server(c)

# A model server by its image (`vllm/vllm-openai`, `ghcr.io/huggingface/text-generation-inference`,
# `pytorch/torchserve`, `mcr.microsoft.com/aks/kaito/...`, `.../tgi:2.4`) or its command
# (`vllm serve`, `python -m vllm.entrypoints.openai.api_server`, `text-generation-launcher`,
# `torchserve --start`).
model_server_pattern := `(?i)vllm|text-generation-(inference|launcher)|(^|[^a-z0-9])tgi([^a-z0-9]|$)|torchserve|huggingface|kaito|sglang`

shows_model_server(c) if {
	image := lib.get(c, ["image"], null)
	is_string(image)
	regex.match(model_server_pattern, image)
}

shows_model_server(c) if {
	some it in argv(c)
	regex.match(model_server_pattern, it.v)
}

# app_who(r, c, key): "Container app azurerm_container_app.chat: container `vllm`".
app_who(r, c, key) := sprintf("%s: %s `%s`", [lib.subject("Container app", r), container_noun(key), n]) if {
	n := lib.get(c, ["name"], null)
	is_string(n)
	n != ""
} else := sprintf("%s: an unnamed %s", [lib.subject("Container app", r), container_noun(key)])

container_noun(key) := "init container" if {
	key in {"init_container", "initContainers"}
} else := "container"

# ---------------------------------------------------------------------------------------------
# Reading the command line
# ---------------------------------------------------------------------------------------------

# string_list(c, key): the container's `command` or `args` when it is a known list, else [].
string_list(c, key) := l if {
	l := lib.get(c, [key], [])
	is_array(l)
} else := []

# argv(c): the known string elements of `command` followed by those of `args` (the container runs
# command + args), then the value of `VLLM_ADDITIONAL_ARGS` (KServe's LLMInferenceService template
# runs `vllm serve ... ${VLLM_ADDITIONAL_ARGS} $@`, and its docs pass vLLM flags that way), each as
# {"path" (inside the container), "key", "i" (index in that list), "pos" (position in the whole
# argv), "v"}.
argv(c) := array.concat(
	array.concat(
		[{"path": ["command", i], "key": "command", "i": i, "pos": i, "v": v} |
			some i, v in string_list(c, "command")
			is_string(v)
		],
		[{"path": ["args", i], "key": "args", "i": i, "pos": count(string_list(c, "command")) + i, "v": v} |
			some i, v in string_list(c, "args")
			is_string(v)
		],
	),
	[{"path": ["env", e.i, "value"], "key": "env", "i": e.i, "pos": (count(string_list(c, "command")) + count(string_list(c, "args"))) + k, "v": e.value} |
		some k, e in additional_args(c)
	],
)

additional_args(c) := [e |
	some e in env_literals(c)
	e.name == "VLLM_ADDITIONAL_ARGS"
	is_string(e.value)
]

# tokens(v): the words of an element, so that a flag inside a shell string
# (`["sh", "-c", "vllm serve m --trust-remote-code"]`) is found like a flag of its own; quotes and
# `;` around a word are dropped. `$(VAR)` and `$VAR` stay literal text.
tokens(v) := [t |
	some w in regex.split(`\s+`, trim_space(v))
	t := trim(w, "\"';")
	t != ""
]

# A value that turns a boolean option on or off: Python `strtobool` / Transformers `string_to_bool`
# words (HfArgumentParser takes `--trust_remote_code False`), compared case-insensitively.
truthy := {"true", "1", "yes", "y", "t", "on"}

falsy := {"false", "0", "no", "n", "f", "off"}

bool_word(v) := "true" if {
	lower(v) in truthy
} else := "false" if {
	lower(v) in falsy
} else := "other"

# The element at position pos of the container's argv, known or not.
raw_at(c, pos) := v if {
	n := count(string_list(c, "command"))
	pos < n
	v := string_list(c, "command")[pos]
} else := v if {
	n := count(string_list(c, "command"))
	v := string_list(c, "args")[pos - n]
}

# trust_events(c): every `--trust-remote-code` spelling in the argv with the value it sets, as
# {"it", "j", "word", "value": "true"|"false"|"other"}. vLLM accepts `_` for `-` in option names and
# `--no-trust-remote-code`; HfArgumentParser (KAITO) takes `--trust_remote_code [True|False]`.
trust_events(c) := [e |
	av := argv(c)
	some it in av
	words := tokens(it.v)
	some j, w in words
	value := trust_value(c, it, words, j, w)
	e := {"it": it, "j": j, "word": w, "value": value}
]

trust_value(c, it, words, j, w) := "false" if {
	regex.match(`^--no[-_]trust[-_]remote[-_]code$`, w)
} else := bool_word(substring(w, indexof(w, "=") + 1, -1)) if {
	regex.match(`^--trust[-_]remote[-_]code=`, w)
} else := following_value(c, it, words, j) if {
	regex.match(`^--trust[-_]remote[-_]code$`, w)
}

# following_value(c, it, words, j): what a bare `--trust-remote-code` (words[j] of argv item it)
# sets: off when the next word is a false word (`--trust_remote_code False`); "other" when the next
# element is an unknown value (Terraform `var.x`: it may be `False`); else on. Only an element that
# holds nothing but the flag takes its value from the next element.
following_value(c, it, words, j) := on_unless_false(words[j + 1]) if {
	j + 1 < count(words)
} else := v if {
	count(words) == 1
	v := next_element_value(c, it.pos + 1)
} else := "true"

on_unless_false(w) := "false" if {
	bool_word(w) == "false"
} else := "true"

next_element_value(c, pos) := "other" if {
	lib.is_unknown(raw_at(c, pos))
} else := "false" if {
	v := raw_at(c, pos)
	is_string(v)
	bool_word(trim(trim_space(v), "\"'")) == "false"
}

# later(a, b): event a comes after event b on the command line.
later(a, b) if a.it.pos > b.it.pos

later(a, b) if {
	a.it.pos == b.it.pos
	a.j > b.j
}

# The `--trust-remote-code` events that take effect: on, and not overridden later (argparse: the
# last occurrence wins).
remote_code_flags(c) := [e |
	events := trust_events(c)
	some e in events
	e.value == "true"
	not overridden(e, events)
]

overridden(e, events) if {
	some e2 in events
	later(e2, e)
	e2.value != "true"
}

# TorchServe: `--disable-token-auth` (alias `--dt`, taken only where the container is TorchServe)
# and `--enable-model-api`; both are store_true switches.
torchserve_words := {"--disable-token-auth": "disable_auth", "--enable-model-api": "model_api"}

ts_events(c) := [e |
	some it in argv(c)
	some j, w in tokens(it.v)
	kind := ts_kind(c, w)
	e := {"it": it, "j": j, "word": w, "kind": kind}
]

ts_kind(_, w) := torchserve_words[w]

ts_kind(c, "--dt") := "disable_auth" if is_torchserve(c)

is_torchserve(c) if {
	image := lib.get(c, ["image"], null)
	is_string(image)
	regex.match(`(?i)torchserve`, image)
}

is_torchserve(c) if {
	some it in argv(c)
	regex.match(`(?i)torchserve`, it.v)
}

# ---------------------------------------------------------------------------------------------
# Reading the environment
# ---------------------------------------------------------------------------------------------

# env_literals(c): the env vars with a literal value, as {"i", "name", "value"}: not `valueFrom`
# (Kubernetes), `secret_name` (Terraform; `value` is then ignored) or `secretRef` (ARM), and not
# unknown.
env_literals(c) := [x |
	envs := lib.get(c, ["env"], [])
	is_array(envs)
	some i, e in envs
	is_object(e)
	lib.is_known(e)
	name := object.get(e, "name", null)
	is_string(name)
	not from_secret(e)
	value := object.get(e, "value", null)
	value != null
	x := {"i": i, "name": name, "value": value}
]

from_secret(e) if object.get(e, "valueFrom", null) != null

from_secret(e) if {
	some k in ["secret_name", "secretRef"]
	s := object.get(e, k, null)
	s != null
	s != ""
}

# The variables that turn the same switches on, with who reads them. TGI's launcher reads every
# option from the variable of its name (`[env: TRUST_REMOTE_CODE=]`); the Hugging Face Inference
# Toolkit reads `HF_TRUST_REMOTE_CODE` with strtobool; TorchServe reads its `TS_` variables with
# Java's Boolean.parseBoolean (only `true`). vLLM has no variable for it (its env vars are `VLLM_*`).
env_switches := {
	"TRUST_REMOTE_CODE": {"kind": "remote_code", "reader": "Text Generation Inference reads as `--trust-remote-code`"},
	"HF_TRUST_REMOTE_CODE": {"kind": "remote_code", "reader": "the Hugging Face Inference Toolkit passes to Transformers as `trust_remote_code=True`"},
	"TS_DISABLE_TOKEN_AUTHORIZATION": {"kind": "disable_auth", "reader": "TorchServe reads as `--disable-token-auth`"},
	"TS_ENABLE_MODEL_API": {"kind": "model_api", "reader": "TorchServe reads as `--enable-model-api`"},
}

env_on(name, v) if {
	env_switches[name].kind == "remote_code"
	is_string(v)
	bool_word(trim_space(v)) == "true"
}

env_on(name, v) if {
	env_switches[name].kind == "remote_code"
	v == true
}

env_on(name, v) if {
	env_switches[name].kind in {"disable_auth", "model_api"}
	lib.is_true(v)
}

env_events(c) := [x |
	some e in env_literals(c)
	env_on(e.name, e.value)
	x := object.union(e, {"kind": env_switches[e.name].kind})
]

# token_auth_off(c): how the container turns TorchServe's token authorization off, if it does.
token_auth_off(c) := sprintf("`%s`", [e.word]) if {
	some e in ts_events(c)
	e.kind == "disable_auth"
} else := sprintf("`%s=%v`", [e.name, e.value]) if {
	some e in env_events(c)
	e.kind == "disable_auth"
}

# ---------------------------------------------------------------------------------------------
# Findings
# ---------------------------------------------------------------------------------------------

remote_code_consequence := "it runs the Python code that ships with the model repository when it loads the model, so whoever can change that repository or the model files runs code in the container with its credentials and network access; serve a natively supported model without the flag, or pin the model to a reviewed commit (`--revision`, `--code-revision`) and review its code"

disable_auth_consequence := "TorchServe then serves its inference and management APIs without a token, so anyone who can reach the ports can run predictions, scale workers and change default model versions; remove it and give clients the inference token from `key_file.json`"

model_api_consequence(off) := sprintf(
	"with token authorization off (%s), any caller that reaches the management port can register a model archive from a URL, and TorchServe runs the archive's Python handler; load models at start with `--models` instead, or turn token authorization back on",
	[off],
)

# where(it, word): how a message shows the flag: the element itself, the word inside a shell
# string, or the word in `VLLM_ADDITIONAL_ARGS`.
where(it, word) := sprintf("passes `%s` in `VLLM_ADDITIONAL_ARGS`", [word]) if {
	it.key == "env"
} else := sprintf("passes `%s`", [word]) if {
	count(tokens(it.v)) == 1
} else := sprintf("runs a shell command with `%s` (`%s[%d]`)", [word, it.key, it.i])

deny contains f if {
	some x in checked
	some e in remote_code_flags(x.container)
	f := lib.finding(x.r, lib.field_path(x, e.it.path), sprintf(
		"%s %s: %s",
		[x.who, where(e.it, e.word), remote_code_consequence],
	))
}

deny contains f if {
	some x in checked
	some e in ts_events(x.container)
	e.kind == "disable_auth"
	f := lib.finding(x.r, lib.field_path(x, e.it.path), sprintf(
		"%s %s: %s",
		[x.who, where(e.it, e.word), disable_auth_consequence],
	))
}

deny contains f if {
	some x in checked
	some e in ts_events(x.container)
	e.kind == "model_api"
	off := token_auth_off(x.container)
	f := lib.finding(x.r, lib.field_path(x, e.it.path), sprintf(
		"%s %s: %s",
		[x.who, where(e.it, e.word), model_api_consequence(off)],
	))
}

deny contains f if {
	some x in checked
	some e in env_events(x.container)
	env_fires(e, x.container)
	not operator_runs_vllm(x)
	f := lib.finding(x.r, lib.field_path(x, ["env", e.i, "value"]), sprintf(
		"%s sets `%s=%v`, which %s: %s",
		[x.who, e.name, e.value, env_switches[e.name].reader, env_consequence(e.kind, x.container)],
	))
}

# operator_runs_vllm(x): the container is the server of a VLLMRuntime, which its operator starts
# with `vllm serve`: vLLM reads none of these variables.
operator_runs_vllm(x) if {
	count(x.fields) > 0
	x.container.command == lib.vllm_serve_command
}

# env_fires(e, c): `TS_ENABLE_MODEL_API=true` matters only with token authorization off, as the flag.
env_fires(e, _) if e.kind != "model_api"

env_fires(e, c) if {
	e.kind == "model_api"
	token_auth_off(c)
}

env_consequence("remote_code", _) := remote_code_consequence

env_consequence("disable_auth", _) := disable_auth_consequence

env_consequence("model_api", c) := model_api_consequence(token_auth_off(c))
