# Kubernetes helpers: where pod templates live in each workload kind (core, KServe, Knative,
# Kubeflow, Ray, KEDA, Volcano), their containers with paths, GPU requests, and label selection.
package ailint.lib

gpu_resource_names := {"nvidia.com/gpu", "amd.com/gpu"}

is_knative_service(r) if {
	r.type == "Service"
	startswith(object.get(r, "api_version", ""), "serving.knative.dev/")
}

# pod_templates(r): every pod template of a workload, as
# {"path": <path to the pod spec>, "spec": <pod spec>, "labels": <pod labels>,
#  "labels_path": <path to the labels>, "containers": [{"path": <path>, "container": <container>}],
#  "managed": <an operator builds the pod from a higher-level spec (NIMService, VLLMRuntime)>,
#  "operator_adds": <what that operator puts in the pod by itself, which rules about it leave to
#   the operator: "probes", "shm" (a Memory /dev/shm), "server_settings">,
#  "fields": <for a pod spec ailint assembles from other fields (VLLMRuntime): where each of its
#   fields is written, see field_path; [] otherwise>}.
# The containers of an assembled pod spec carry "fields" of their own.
# A resource of the unit gets them from `_pod_templates_of`, computed once per evaluation
# (regorus runs a function afresh at every call, a rule once); any other value is computed.
pod_templates(r) := x if {
	_unit_resource(r)
	x := _pod_templates_of[r.id]
} else := _templates_of(r)

_templates_of(r) := [t |
	some loc in _template_locations(r)
	spec := _template_spec(r, loc)
	is_object(spec)
	t := {
		"path": loc.spec,
		"spec": spec,
		"labels": _template_pod_labels(r, loc),
		"labels_path": loc.labels,
		"containers": _template_containers(r, spec, loc),
		"managed": object.get(loc, "managed", false),
		"operator_adds": object.get(loc, "operator_adds", []),
		"fields": object.get(loc, "fields", []),
	}
]

_template_spec(r, loc) := _vllm_pod_spec(object.get(r.config, loc.spec, null)) if {
	object.get(loc, "builder", "") == "vllm"
} else := object.get(r.config, loc.spec, null)

_template_pod_labels(r, loc) := _vllm_pod_labels(r) if {
	object.get(loc, "builder", "") == "vllm"
} else := object.get(r.config, loc.labels, {})

_template_containers(r, spec, loc) := [{"path": loc.spec, "container": _nim_container(r, spec)}] if {
	object.get(loc, "builder", "") == "nim"
} else := _vllm_containers(r) if {
	object.get(loc, "builder", "") == "vllm"
} else := _containers(spec, loc)

# field_path(x, rel): where the user writes the field at `rel` of a pod spec or container of
# `pod_templates` (x is the template or the container): x.path followed by rel; in a pod spec or
# container ailint assembles from other fields (VLLMRuntime), the field of the resource that the
# operator turns into it, or x.path itself when no field does (a finding about a missing
# `nodeSelector` goes to the `nodeSelectorTerms` the operator builds the node affinity from).
field_path(x, rel) := array.concat(x.path, rel) if {
	count(object.get(x, "fields", [])) == 0
} else := found[0] if {
	found := [p |
		some m in x.fields
		count(rel) >= count(m.from)
		array.slice(rel, 0, count(m.from)) == m.from
		p := array.concat(m.to, _field_rest(m, rel))
	]
	count(found) > 0
} else := x.path

_field_rest(m, rel) := array.slice(rel, count(m.from), count(rel)) if {
	m.rest
} else := []

# assembled(x): x (a template or container of `pod_templates`) is assembled from other fields of
# its resource, so that its fields are not written where a pod spec has them (see field_path).
assembled(x) if count(object.get(x, "fields", [])) > 0

# gpu_templates(r): the pod templates of r that request GPUs (once per resource of the unit, as
# pod_templates).
gpu_templates(r) := x if {
	_unit_resource(r)
	x := _gpu_templates_of[r.id]
} else := _gpu_only(pod_templates(r))

_gpu_only(templates) := [t |
	some t in templates
	is_gpu_template(t)
]

is_gpu_template(t) if {
	some c in t.containers
	gpu_count(c.container) > 0
}

is_gpu_workload(r) if count(gpu_templates(r)) > 0

# gpu_count(c): GPUs a container asks for (the larger of limits and requests); 0 when none.
gpu_count(c) := max(array.concat([0], [n |
	some section in ["limits", "requests"]
	some name in gpu_resource_names
	v := object.get(c, ["resources", section, name], null)
	n := number_of(v)
]))

_pod_template_kinds := {"Deployment", "StatefulSet", "DaemonSet", "ReplicaSet"}

_kubeflow_kinds := {"PyTorchJob", "TFJob", "MPIJob", "XGBoostJob", "PaddleJob", "MXJob", "JAXJob"}

_ray_prefixes := {"RayCluster": ["spec"], "RayService": ["spec", "rayClusterConfig"], "RayJob": ["spec", "rayClusterSpec"]}

_kserve_components := ["predictor", "transformer", "explainer"]

# KServe components embed containers under these keys besides `containers`.
_kserve_container_keys := [
	"model", "sklearn", "xgboost", "tensorflow", "pytorch", "triton", "onnx", "huggingface",
	"pmml", "lightgbm", "paddle", "alibi", "art",
]

_template_locations(r) := ((((((_standard_locations(r) | _kubeflow_locations(r)) | _ray_locations(r)) | _volcano_locations(r)) | _kserve_locations(r)) | _llmisvc_locations(r)) | (((_lws_locations(r) | _jobset_locations(r)) | _nim_locations(r)) | _vllm_locations(r)))

_standard_locations(r) := {_loc(p, []) |
	some p in _standard_template_paths(r)
}

_standard_template_paths(r) := [[]] if {
	r.type == "Pod"
} else := [["spec", "template"]] if {
	r.type in _pod_template_kinds
} else := [["spec", "template"]] if {
	r.type == "Job"
	not startswith(object.get(r, "api_version", ""), "batch.volcano.sh/")
} else := [["spec", "jobTemplate", "spec", "template"]] if {
	r.type == "CronJob"
} else := [["spec", "jobTargetRef", "template"]] if {
	r.type == "ScaledJob"
} else := [["spec", "template"]] if {
	is_knative_service(r)
} else := []

_loc(template_path, extra) := {
	"spec": array.concat(template_path, ["spec"]),
	"labels": array.concat(template_path, ["metadata", "labels"]),
	"extra": extra,
}

_kubeflow_locations(r) := {_loc(["spec", key, replica, "template"], []) |
	r.type in _kubeflow_kinds
	some key, specs in items(object.get(r.config, "spec", {}))
	endswith(key, "ReplicaSpecs")
	is_object(specs)
	some replica, _ in specs
}

_ray_locations(r) := {_loc(p, []) |
	prefix := _ray_prefixes[r.type]
	some p in array.concat(
		[array.concat(prefix, ["headGroupSpec", "template"])],
		[array.concat(prefix, ["workerGroupSpecs", i, "template"]) |
			some i, _ in items(object.get(r.config, array.concat(prefix, ["workerGroupSpecs"]), []))
		],
	)
}

_volcano_locations(r) := {_loc(["spec", "tasks", i, "template"], []) |
	r.type == "Job"
	startswith(object.get(r, "api_version", ""), "batch.volcano.sh/")
	some i, _ in items(object.get(r.config, ["spec", "tasks"], []))
}

# A KServe component is itself the pod spec; its labels are the InferenceService's.
_kserve_locations(r) := {loc |
	r.type == "InferenceService"
	some comp in _kserve_components
	is_object(object.get(r.config, ["spec", comp], null))
	loc := {"spec": ["spec", comp], "labels": ["metadata", "labels"], "extra": _kserve_container_keys}
}

# A KServe LLMInferenceService (serving.kserve.io/v1alpha1, v1alpha2) holds pod specs, not pod
# templates: `spec.template` (the decode or single-node workload), `spec.worker` (multi-node
# workers), and the same under `spec.prefill` (prefill/decode disaggregation). Labels are its own.
_llmisvc_spec_paths := [
	["spec", "template"], ["spec", "worker"],
	["spec", "prefill", "template"], ["spec", "prefill", "worker"],
]

_llmisvc_locations(r) := {loc |
	r.type == "LLMInferenceService"
	startswith(object.get(r, "api_version", ""), "serving.kserve.io/")
	some p in _llmisvc_spec_paths
	is_object(object.get(r.config, p, null))
	loc := {"spec": p, "labels": ["metadata", "labels"], "extra": []}
}

# Kinds that group pod templates: LeaderWorkerSet (leaderworkerset.x-k8s.io: a leader and its
# workers, used for multi-node inference) and JobSet (jobset.x-k8s.io: replicated Jobs, used by
# Kubeflow Trainer's TrainJob).
_lws_locations(r) := {_loc(p, []) |
	r.type == "LeaderWorkerSet"
	startswith(object.get(r, "api_version", ""), "leaderworkerset.x-k8s.io/")
	some key in ["leaderTemplate", "workerTemplate"]
	p := ["spec", "leaderWorkerTemplate", key]
	is_object(object.get(r.config, p, null))
}

_jobset_locations(r) := {_loc(array.concat(prefix, ["replicatedJobs", i, "template", "spec", "template"]), []) |
	prefix := _jobset_prefix(r)
	some i, _ in items(object.get(r.config, array.concat(prefix, ["replicatedJobs"]), []))
}

# Where the JobSet spec is: a JobSet's `spec`, or the `spec.template.spec` of a Kubeflow Trainer
# (trainer.kubeflow.org) TrainingRuntime or ClusterTrainingRuntime, from which every TrainJob that
# names the runtime gets its pods.
_jobset_prefix(r) := ["spec"] if {
	r.type == "JobSet"
	startswith(object.get(r, "api_version", ""), "jobset.x-k8s.io/")
} else := ["spec", "template", "spec"] if {
	r.type in {"TrainingRuntime", "ClusterTrainingRuntime"}
	startswith(object.get(r, "api_version", ""), "trainer.kubeflow.org/")
}

# An NVIDIA NIM Operator NIMService (apps.nvidia.com) is one model server: the operator builds its
# Deployment from `spec.image` (`repository`, `tag`), `spec.resources`, `spec.env`,
# `spec.nodeSelector` and `spec.tolerations`, and adds its own probes and shared memory. Its
# `spec` serves as the pod spec and as the one container, whose image is `repository:tag`.
_nim_locations(r) := {{"spec": ["spec"], "labels": ["metadata", "labels"], "extra": [], "managed": true, "builder": "nim", "operator_adds": ["probes", "shm", "server_settings"]} |
	r.type == "NIMService"
	startswith(object.get(r, "api_version", ""), "apps.nvidia.com/")
}

_nim_container(r, spec) := object.union(
	{"name": object.get(r.config, ["metadata", "name"], r.name), "resources": object.get(spec, "resources", {}), "env": object.get(spec, "env", [])},
	_nim_image(object.get(spec, "image", null)),
)

_nim_image(image) := {"image": sprintf("%s:%s", [image.repository, image.tag])} if {
	is_string(object.get(image, "repository", null))
	is_string(object.get(image, "tag", null))
} else := {"image": image.repository} if {
	is_string(object.get(image, "repository", null))
	object.get(image, "tag", null) == null
} else := {}

# A vLLM production-stack VLLMRuntime (production-stack.vllm.ai) is one model server whose
# operator builds a Deployment from fields that are not a pod spec (deploymentForVLLMRuntime in
# operator/internal/controller/vllmruntime_controller.go). ailint assembles the parts of that pod
# its rules read, and field_path leads from each back to the field the user writes:
# - labels: `app: <name>` and the resource's own labels, which win (the operator copies them);
# - `deploymentConfig.nodeSelectorTerms` becomes the required node affinity; there is no
#   nodeSelector field;
# - `deploymentConfig.toleration` (singular) becomes the pod's tolerations;
# - `deploymentConfig.shmSize`, when set, a Memory `emptyDir` named `dshm` mounted at /dev/shm;
# - the container `vllm`: image `<image.registry>/<image.name>`, command `vllm serve`, args
#   `vllmConfig.extraArgs`, env `vllmConfig.env`, and `resources.gpu` as a limit on
#   `resources.gpuType` (default `nvidia.com/gpu`) beside `cpu` and `memory`. The operator puts its
#   own flags (model, host, port, and those of the `model` and `vllmConfig` switches) before
#   extraArgs and `--chat-template`/`--kv-transfer-config` after, its VLLM_USE_V1 and LMCache
#   variables before the user's env and HF_TOKEN (from a Secret) after: none is one a rule looks
#   for, and of two variables of one name the later wins. It sets each quantity as request and
#   limit alike, which is what a limit alone means to Kubernetes. It adds readiness, startup and
#   liveness probes on /health;
# - with `deploymentConfig.sidecarConfig.enabled`, the sidecar container from its `image`,
#   `command`, `args`, `env` and `resources` (0.5 CPU, 128Mi and `nvidia.com/gpu: 0` by default).
is_vllm_runtime(r) if {
	r.type == "VLLMRuntime"
	startswith(object.get(r, "api_version", ""), "production-stack.vllm.ai/")
}

_vllm_dc := ["spec", "deploymentConfig"]

# The command of a VLLMRuntime's server container.
vllm_serve_command := ["/opt/venv/bin/vllm", "serve"]

_vllm_locations(r) := {loc |
	is_vllm_runtime(r)
	dc := object.get(r.config, _vllm_dc, null)
	is_object(dc)
	is_known(dc)
	loc := {
		"spec": _vllm_dc, "labels": ["metadata", "labels"], "extra": [], "managed": true,
		"builder": "vllm", "operator_adds": ["probes"], "fields": _vllm_pod_fields,
	}
}

# Where the fields of the assembled pod spec are written, most specific first.
_vllm_pod_fields := [
	{"from": ["affinity", "nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution", "nodeSelectorTerms"], "to": array.concat(_vllm_dc, ["nodeSelectorTerms"]), "rest": true},
	{"from": ["affinity"], "to": array.concat(_vllm_dc, ["nodeSelectorTerms"]), "rest": false},
	{"from": ["nodeSelector"], "to": array.concat(_vllm_dc, ["nodeSelectorTerms"]), "rest": false},
	{"from": ["tolerations"], "to": array.concat(_vllm_dc, ["toleration"]), "rest": true},
	{"from": ["volumes"], "to": array.concat(_vllm_dc, ["shmSize"]), "rest": false},
]

_vllm_pod_spec(dc) := object.union_n([
	_vllm_node_affinity(object.get(dc, "nodeSelectorTerms", null)),
	_vllm_tolerations(object.get(dc, "toleration", null)),
	_vllm_volumes(object.get(dc, "shmSize", null)),
])

# The operator sets the affinity whenever `nodeSelectorTerms` is given (a Go nil check).
_vllm_node_affinity(terms) := {} if {
	terms == null
} else := {"affinity": {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": terms}}}}

_vllm_tolerations(tolerations) := {} if {
	tolerations == null
} else := {"tolerations": tolerations}

# An unknown size leaves the volumes unknown: rules about /dev/shm stay silent.
_vllm_volumes(size) := {"volumes": size} if {
	is_unknown(size)
} else := {"volumes": [{"name": "dshm", "emptyDir": {"medium": "Memory", "sizeLimit": size}}]} if {
	_vllm_shm_set(size)
} else := {"volumes": []}

# The operator mounts /dev/shm for any non-empty shmSize (an unparsable one without a size limit).
_vllm_shm_set(size) if {
	is_string(size)
	size != ""
}

_vllm_shm_set(size) if is_number(size)

_vllm_shm_mounts(size) := [{"name": "dshm", "mountPath": "/dev/shm"}] if {
	_vllm_shm_set(size)
} else := []

_vllm_pod_labels(r) := object.union({"app": _vllm_name(r)}, labels) if {
	labels := object.get(r.config, ["metadata", "labels"], null)
	is_object(labels)
	is_known(labels)
} else := {"app": _vllm_name(r)} if {
	object.get(r.config, ["metadata", "labels"], null) == null
} else := object.get(r.config, ["metadata", "labels"], null)

_vllm_name(r) := n if {
	n := object.get(r.config, ["metadata", "name"], null)
	is_string(n)
} else := r.name

_vllm_containers(r) := array.concat([_vllm_server_container(r)], [c |
	is_true(object.get(r.config, array.concat(_vllm_dc, ["sidecarConfig", "enabled"]), false))
	c := _vllm_sidecar_container(r)
])

_vllm_server_container(r) := {"path": _vllm_dc, "container": container, "fields": fields} if {
	dc := object.get(r.config, _vllm_dc, {})
	res := _vllm_object(object.get(dc, "resources", null))
	args_path := ["spec", "vllmConfig", "extraArgs"]
	env_path := ["spec", "vllmConfig", "env"]
	container := object.union(
		{
			"name": "vllm",
			"command": vllm_serve_command,
			"args": _vllm_list(object.get(r.config, args_path, null)),
			"env": _vllm_list(object.get(r.config, env_path, null)),
			"resources": {"limits": object.union(_vllm_quantities(res), _vllm_gpu(res, null))},
			"volumeMounts": _vllm_shm_mounts(object.get(dc, "shmSize", null)),
		},
		_vllm_image(object.get(dc, "image", null)),
	)
	fields := _vllm_container_fields(_vllm_dc, res, [
		{"from": ["args"], "to": args_path, "rest": true},
		{"from": ["env"], "to": env_path, "rest": true},
	])
}

_vllm_sidecar_container(r) := {"path": at, "container": container, "fields": fields} if {
	at := array.concat(_vllm_dc, ["sidecarConfig"])
	cfg := _vllm_object(object.get(r.config, at, null))
	res := _vllm_object(object.get(cfg, "resources", null))
	container := object.union(
		{
			"name": _vllm_sidecar_name(object.get(cfg, "name", null)),
			"command": _vllm_list(object.get(cfg, "command", null)),
			"args": _vllm_list(object.get(cfg, "args", null)),
			"env": _vllm_list(object.get(cfg, "env", null)),
			"resources": {"limits": object.union_n([{"cpu": "0.5", "memory": "128Mi"}, _vllm_quantities(res), _vllm_gpu(res, "0")])},
		},
		_vllm_image(object.get(cfg, "image", null)),
	)
	fields := _vllm_container_fields(at, res, [
		{"from": [key], "to": array.concat(at, [key]), "rest": true} |
			some key in ["command", "args", "env"]
	])
}

_vllm_sidecar_name(n) := n if {
	is_string(n)
	n != ""
} else := "sidecar"

# Where the fields of an assembled container are written (at: its configuration), most specific
# first.
_vllm_container_fields(at, res, lists) := array.concat(
	array.concat(
		[{"from": ["resources", section, name], "to": array.concat(at, ["resources", key]), "rest": false} |
			some section in ["limits", "requests"]
			some key, name in _vllm_resource_names(res)
		],
		[
			{"from": ["resources"], "to": array.concat(at, ["resources"]), "rest": false},
			{"from": ["image"], "to": array.concat(at, ["image", "name"]), "rest": false},
			{"from": ["imagePullPolicy"], "to": array.concat(at, ["image", "pullPolicy"]), "rest": false},
		],
	),
	lists,
)

# The field of `resources` each quantity comes from.
_vllm_resource_names(res) := object.union({"cpu": "cpu", "memory": "memory"}, {"gpu": t | t := _vllm_gpu_type(res)})

_vllm_quantities(res) := {k: v |
	some k in ["cpu", "memory"]
	v := object.get(res, k, null)
	v != null
	v != ""
}

# _vllm_gpu(res, none): the GPU quantity: `gpu` on `gpuType`; none (when not null) when `gpu` is
# not set; nothing when the type is unknown.
_vllm_gpu(res, none) := {t: g} if {
	t := _vllm_gpu_type(res)
	g := object.get(res, "gpu", null)
	g != null
	g != ""
} else := {t: none} if {
	t := _vllm_gpu_type(res)
	none != null
} else := {}

_vllm_gpu_type(res) := "nvidia.com/gpu" if {
	object.get(res, "gpuType", null) in {null, ""}
} else := t if {
	t := object.get(res, "gpuType", null)
	is_string(t)
}

# The operator joins registry and name with a `/`.
_vllm_image(image) := {"image": sprintf("%s/%s", [image.registry, image.name])} if {
	is_object(image)
	is_string(object.get(image, "registry", null))
	is_string(object.get(image, "name", null))
} else := {}

_vllm_object(v) := v if {
	is_object(v)
} else := {}

_vllm_list(v) := [] if {
	v == null
} else := v

_containers(spec, loc) := array.concat(
	[{"path": array.concat(loc.spec, [key, i]), "container": c} |
		some key in ["containers", "initContainers"]
		some i, c in items(object.get(spec, key, []))
		is_object(c)
	],
	[{"path": array.concat(loc.spec, [key]), "container": c} |
		some key in loc.extra
		c := object.get(spec, key, null)
		is_object(c)
	],
)

# selects(svc, r): a Service's selector matches the pod labels of workload r (same namespace).
selects(svc, r) if {
	selector := object.get(svc.config, ["spec", "selector"], {})
	is_object(selector)
	count(selector) > 0
	namespace_of(svc) == namespace_of(r)
	some t in pod_templates(r)
	every k, v in selector {
		object.get(t.labels, k, null) == v
	}
}

namespace_of(r) := object.get(r.config, ["metadata", "namespace"], "default")

# scale_target(so): the id of the workload a KEDA ScaledObject or HPA scales.
scale_target(so) := sprintf("%s/%s/%s", [
	object.get(so.config, ["spec", "scaleTargetRef", "kind"], "Deployment"),
	namespace_of(so),
	so.config.spec.scaleTargetRef.name,
])

# The per-unit tables stay at the end of the module: regorus 0.14 evaluates a module's rules in
# the order written, and a table evaluated before the rules it reads in its own module sees them
# undefined.

# _pod_templates_of, _gpu_templates_of: pod_templates(r) and gpu_templates(r) of every resource of
# a Kubernetes unit, by id.
_pod_templates_of := {id: _templates_of(r) |
	is_kubernetes
	some id, r in input.resources_by_id
}

_gpu_templates_of := {id: _gpu_only(ts) |
	some id, ts in _pod_templates_of
}
