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
#  "managed": <an operator builds the pod from a higher-level spec (NIMService)>}.
# A resource of the unit gets them from `_pod_templates_of`, computed once per evaluation
# (regorus runs a function afresh at every call, a rule once); any other value is computed.
pod_templates(r) := x if {
	_unit_resource(r)
	x := _pod_templates_of[r.id]
} else := _templates_of(r)

_templates_of(r) := [t |
	some loc in _template_locations(r)
	spec := object.get(r.config, loc.spec, null)
	is_object(spec)
	t := {
		"path": loc.spec,
		"spec": spec,
		"labels": object.get(r.config, loc.labels, {}),
		"labels_path": loc.labels,
		"containers": _template_containers(r, spec, loc),
		"managed": object.get(loc, "managed", false),
	}
]

_template_containers(r, spec, loc) := [{"path": loc.spec, "container": _nim_container(r, spec)}] if {
	object.get(loc, "managed", false)
} else := _containers(spec, loc)

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

_template_locations(r) := ((((((_standard_locations(r) | _kubeflow_locations(r)) | _ray_locations(r)) | _volcano_locations(r)) | _kserve_locations(r)) | _llmisvc_locations(r)) | ((_lws_locations(r) | _jobset_locations(r)) | _nim_locations(r)))

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
_nim_locations(r) := {{"spec": ["spec"], "labels": ["metadata", "labels"], "extra": [], "managed": true} |
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
