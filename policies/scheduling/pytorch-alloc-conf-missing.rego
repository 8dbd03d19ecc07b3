# METADATA
# title: PyTorch inference server without expandable segments
# description: |
#   PyTorch's CUDA caching allocator reserves fixed-size segments; an inference server that sees
#   prompts and batches of every size fragments them until a request fails with CUDA out-of-memory
#   while gigabytes are still free, and the pod restarts and reloads the model. Setting
#   `PYTORCH_CUDA_ALLOC_CONF=expandable_segments:True` lets segments grow in place and removes most of
#   that fragmentation. Checked on the GPU containers of PyTorch-based servers: vLLM, Hugging Face
#   TGI and LoRAX, TorchServe, SGLang, Ray LLM, KServe's Hugging Face and PyTorch runtimes, Triton's
#   vLLM and PyTorch backends, and plain PyTorch images on inference workloads.
# custom:
#   id: AIL608
#   slug: pytorch-alloc-conf-missing
#   severity: info
#   formats: [kubernetes]
#   resource_types:
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
#   default: off
#   remediation: |
#     Kubernetes: add `{name: PYTORCH_CUDA_ALLOC_CONF, value: "expandable_segments:True"}` to the
#     container's `env` (PyTorch 2.9+ also reads `PYTORCH_ALLOC_CONF`; ROCm builds
#     `PYTORCH_HIP_ALLOC_CONF`). Write `True` with a capital T: PyTorch rejects `true`. Do not set it for
#     vLLM with `--enable-sleep-mode`, whose memory pool refuses expandable segments.
#   tags: [gpu, inference, reliability]
package ailint.rules.pytorch_alloc_conf_missing

import data.ailint.lib

conf_vars := {"PYTORCH_CUDA_ALLOC_CONF", "PYTORCH_ALLOC_CONF", "PYTORCH_HIP_ALLOC_CONF"}

# PyTorch parses `expandable_segments:<True|False>` case-sensitively and skips spaces.
enabled(v) if regex.match(`(^|,)\s*expandable_segments\s*:\s*True\s*(,|$)`, v)

# ---------------------------------------------------------------------------------------------
# Which containers run a PyTorch-based server
# ---------------------------------------------------------------------------------------------

# image_parts(image): {"repo": lower-case repository without registry tag or digest, "tag": tag}.
image_parts(image) := {"repo": lower(repo), "tag": lower(tag)} if {
	no_digest := split(image, "@")[0]
	segs := split(no_digest, "/")
	last := segs[count(segs) - 1]
	name_tag := split(last, ":")
	repo := concat("/", array.concat(array.slice(segs, 0, count(segs) - 1), [name_tag[0]]))
	tag := concat(":", array.slice(name_tag, 1, count(name_tag)))
}

# Servers recognised by their image repository: [pattern on the repository, server name].
# Not listed on purpose: TensorRT-LLM, Triton's TensorRT/ONNX backends, text-embeddings-inference
# (Rust/candle), llama.cpp and Ollama (ggml), LMDeploy (its TurboMind engine by default) and NIM
# (engine varies): they do not allocate through PyTorch's caching allocator, or not by default.
repo_servers := [
	[`(^|/)vllm[a-z0-9._-]*$`, "vLLM"],
	[`(^|/)text-generation-inference$`, "Hugging Face TGI"],
	[`(^|/)lorax$`, "LoRAX"],
	[`(^|/)torchserve[a-z0-9._-]*$`, "TorchServe"],
	[`(^|/)sglang[a-z0-9._-]*$`, "SGLang"],
	[`(^|/)ray-llm$`, "Ray LLM"],
	[`(^|/)huggingfaceserver[a-z0-9._-]*$`, "KServe's Hugging Face runtime"],
]

# Plain PyTorch images: a server only when the workload is declared or detected as inference.
pytorch_base := `(^|/)(pytorch/pytorch|nvidia/pytorch|rocm/pytorch)$`

# server(r, c): the PyTorch-based server container c of r runs; undefined when none.
server(r, c) := found if {
	parts := image_parts(image_of(c))
	names := [name | some s in repo_servers; regex.match(s[0], parts.repo); name := s[1]]
	found := names[0]
} else := "Triton (vLLM/PyTorch backend)" if {
	# Triton with the vLLM or PyTorch (`pyt`) backend, as NGC tags them: `24.05-vllm-python-py3`.
	parts := image_parts(image_of(c))
	endswith(parts.repo, "tritonserver")
	regex.match(`(^|-)(vllm|pyt)(-|$)`, parts.tag)
} else := sprintf("KServe's %s runtime", [format]) if {
	# KServe picks the image from the model format when the container names none.
	r.type == "InferenceService"
	c.path[count(c.path) - 1] == "model"
	lib.get(c.container, ["image"], null) == null
	format := lower(lib.get(c.container, ["modelFormat", "name"], ""))
	format in {"huggingface", "pytorch"}
} else := sprintf("KServe's %s runtime", [key]) if {
	# The legacy KServe predictor keys `pytorch:` and `huggingface:`.
	r.type == "InferenceService"
	key := c.path[count(c.path) - 1]
	key in {"pytorch", "huggingface"}
	lib.get(c.container, ["image"], null) == null
} else := "PyTorch" if {
	regex.match(pytorch_base, image_parts(image_of(c)).repo)
	lib.role(r) == "inference"
}

image_of(c) := image if {
	image := lib.get(c.container, ["image"], null)
	is_string(image)
}

as_list(v) := v if is_array(v)

else := []

# vLLM's sleep mode allocates through a CUDA memory pool that asserts expandable segments are off.
sleep_mode(c) if {
	some key in ["command", "args"]
	some a in as_list(lib.list_at(c.container, [key]))
	is_string(a)
	contains(a, "--enable-sleep-mode")
}

# ---------------------------------------------------------------------------------------------
# The finding
# ---------------------------------------------------------------------------------------------

deny contains f if {
	lib.is_kubernetes
	some r in input.resources
	lib.role(r) != "training"
	some t in lib.gpu_templates(r)
	# The NIM Operator adds its own server settings.
	not "server_settings" in t.operator_adds
	some c in t.containers
	not "initContainers" in c.path
	lib.gpu_count(c.container) > 0
	what := server(r, c)
	not sleep_mode(c)
	env := lib.list_at(c.container, ["env"])
	is_array(env)
	every e in env {
		is_object(e)
		lib.is_known(e)
	}
	not env_from_may_set(r, c)
	found := problem(env)
	f := lib.finding(r, lib.field_path(c, found.path), sprintf(
		"Container `%s` of %s runs %s on GPUs %s; %s",
		[lib.container_label(c), r.id, what, found.what, found.fix],
	))
}

fix := "long-running servers fragment PyTorch's CUDA cache and fail with out-of-memory while memory is free: set `PYTORCH_CUDA_ALLOC_CONF` to `expandable_segments:True`"

# problem(env): what is wrong with the allocator settings and where; undefined when they are right
# or ailint cannot read them.
problem(env) := {"path": ["env"], "what": "without `PYTORCH_CUDA_ALLOC_CONF`", "fix": fix} if {
	not some_conf(env)
} else := {"path": ["env", i, "value"], "what": sprintf("with `%s: %s`, which PyTorch rejects at the first CUDA allocation (it accepts only `True` or `False`)", [e.name, e.value]), "fix": "write `expandable_segments:True` with a capital T"} if {
	not enabled_somewhere(env)
	some i, e in env
	e.name in conf_vars
	is_string(e.value)
	regex.match(`expandable_segments\s*:\s*(?i:true)`, e.value)
	not enabled(e.value)
} else := {"path": ["env", i, "value"], "what": sprintf("with `%s: %s`, without `expandable_segments:True`", [e.name, e.value]), "fix": fix} if {
	not enabled_somewhere(env)
	not from_elsewhere(env)
	some i, e in env
	e.name in conf_vars
	is_string(e.value)
}

some_conf(env) if {
	some e in env
	e.name in conf_vars
}

enabled_somewhere(env) if {
	some e in env
	e.name in conf_vars
	is_string(e.value)
	enabled(e.value)
}

# A variable set from a ConfigMap or Secret: ailint cannot see the value.
from_elsewhere(env) if {
	some e in env
	e.name in conf_vars
	object.get(e, "valueFrom", null) != null
}

# env_from_may_set(r, c): an `envFrom` source could set the variable: a Secret, or a ConfigMap ailint
# cannot read in the unit, or one that does set it.
env_from_may_set(r, c) if {
	sources := lib.list_at(c.container, ["envFrom"])
	not is_array(sources)
}

env_from_may_set(r, c) if {
	some src in as_list(lib.list_at(c.container, ["envFrom"]))
	not configmap_data(r, src)
}

env_from_may_set(r, c) if {
	some src in as_list(lib.list_at(c.container, ["envFrom"]))
	some key, _ in configmap_data(r, src)
	key in conf_vars
}

# configmap_data(r, src): the data of the unit's ConfigMap an `envFrom` source names, in r's namespace.
configmap_data(r, src) := values if {
	is_object(src)
	name := object.get(src, ["configMapRef", "name"], null)
	is_string(name)
	# A prefix renames the keys; rare enough to treat as unreadable.
	object.get(src, "prefix", "") == ""
	some cm in lib.resources_of("ConfigMap")
	lib.known_namespace(cm) == lib.known_namespace(r)
	object.get(cm.config, ["metadata", "name"], null) == name
	values := lib.get(cm.config, ["data"], {})
	is_object(values)
	lib.is_known(values)
}
