# METADATA
# title: GPU resource request misdeclared
# description: |
#   GPUs are extended resources: Kubernetes only accepts whole numbers of them, never overcommits
#   them, and requires the limit to be set (the request defaults to it). A GPU request without a
#   limit, a request different from the limit, or a fractional or negative count is rejected by the
#   API server, so the Deployment creates no pods and the model is never served; a count with a unit
#   suffix (`1Gi`, `2k`) is accepted but asks for thousands of GPUs, so the pod never schedules.
#   Share a GPU with MIG or time-slicing resources instead of fractions.
# custom:
#   id: AIL604
#   slug: gpu-resource-misdeclared
#   severity: error
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
#   default: on
#   fix: safe
#   remediation: |
#     Kubernetes: declare GPUs as a whole number under `resources.limits` (for example
#     `nvidia.com/gpu: 1`) and either omit them from `resources.requests` or set the same number there.
#     For a fraction of a GPU use the MIG resources of the GPU Operator (`nvidia.com/mig-1g.10gb: 1`)
#     or time-slicing, not `0.5`. A vLLM production-stack VLLMRuntime takes the count as a string in
#     `spec.deploymentConfig.resources.gpu` (`gpu: "1"`), which its operator sets as both request and
#     limit of `resources.gpuType` (default `nvidia.com/gpu`).
#   tags: [scheduling, gpu, correctness]
package ailint.rules.gpu_resource_misdeclared

import data.ailint.lib

# is_gpu_resource(name): the GPU resources of the NVIDIA and AMD device plugins, including NVIDIA's
# MIG (`nvidia.com/mig-1g.10gb`) and shared (`nvidia.com/gpu.shared`) variants: all are extended
# resources with the same rules.
is_gpu_resource(name) if name in lib.gpu_resource_names

is_gpu_resource(name) if startswith(name, "nvidia.com/mig-")

is_gpu_resource(name) if name == "nvidia.com/gpu.shared"

# gpu_entries: every GPU quantity of every container of every pod template, with where it is.
gpu_entries contains e if {
	lib.is_kubernetes
	some r in input.resources
	some t in lib.pod_templates(r)
	some c in t.containers
	some section in ["limits", "requests"]
	quantities := lib.get(c.container, ["resources", section], {})
	is_object(quantities)
	lib.is_known(quantities)
	some name, v in quantities
	is_gpu_resource(name)
	lib.is_known(v)
	e := {
		"r": r, "c": c, "section": section, "name": name, "value": v,
		"path": lib.field_path(c, ["resources", section, name]),
	}
}

# A quantity that is not a whole, non-negative GPU count.
deny contains f if {
	some e in gpu_entries
	what := bad_count(e.value)
	f := lib.finding(e.r, e.path, bad_count_message(e, what))
}

bad_count_message(e, what) := sprintf(
	"Container `%s` of %s gets `%s: %s` from `%s`, which %s; set a whole number of GPUs there, such as `%s: \"1\"`",
	[lib.container_label(e.c), e.r.id, e.name, show(e.value), lib.path_text(e.path), what, e.path[count(e.path) - 1]],
) if {
	# A VLLMRuntime container: its operator turns `resources.gpu` into the GPU limit.
	lib.assembled(e.c)
} else := sprintf(
	"Container `%s` of %s sets `%s: %s` in `resources.%s`, which %s; set a whole number of GPUs such as `%s: 1`",
	[lib.container_label(e.c), e.r.id, e.name, show(e.value), e.section, what, e.name],
)

# A request with no limit: the API server requires the limit for resources it cannot overcommit.
deny contains f if {
	some e in gpu_entries
	e.section == "requests"
	not bad_count(e.value)
	limits := lib.get(e.c.container, ["resources", "limits"], {})
	is_object(limits)
	lib.is_known(limits)
	not e.name in object.keys(limits)
	f := lib.finding_fix(e.r, e.path, sprintf(
		"Container `%s` of %s requests `%s: %s` but sets no limit for it; the API server rejects GPU requests without a limit (\"Limit must be set for non overcommitable resources\"): set `resources.limits.%s: %s` (the request then defaults to it)",
		[lib.container_label(e.c), e.r.id, e.name, show(e.value), e.name, show(e.value)],
	), {"set": e.value, "path": lib.field_path(e.c, ["resources", "limits", e.name]), "description": sprintf("Set `resources.limits.%s` to the request", [e.name])})
}

# A request different from the limit: GPUs are never overcommitted, the two must be equal.
deny contains f if {
	some e in gpu_entries
	e.section == "requests"
	limit := lib.get(e.c.container, ["resources", "limits", e.name], null)
	lib.is_known(limit)
	limit != null
	want := count_of(limit)
	got := count_of(e.value)
	want != got
	f := lib.finding_fix(e.r, e.path, sprintf(
		"Container `%s` of %s requests `%s: %s` but its limit is `%s`; GPUs cannot be overcommitted and the API server rejects a request different from the limit: set both to %s, or drop the request",
		[lib.container_label(e.c), e.r.id, e.name, show(e.value), show(limit), show(limit)],
	), {"set": limit})
}


# show(v): a quantity as the user wrote it (strings without quotes).
show(v) := v if is_string(v)

else := sprintf("%v", [v])

# bad_count(v): why v is not a valid GPU count; undefined when it is one.
bad_count(v) := "is negative (the API server rejects it)" if {
	is_number(v)
	v < 0
} else := "is not a whole number (extended resources take only integers; the API server rejects it)" if {
	is_number(v)
	v != floor(v)
} else := "is negative (the API server rejects it)" if {
	is_string(v)
	regex.match(`^\s*-`, v)
} else := "is not a whole number (extended resources take only integers; the API server rejects it)" if {
	is_string(v)
	not count_of(v)
	fraction_form(v)
} else := "carries a unit suffix, so it is read as that many GPUs multiplied out (`1Gi` is 1073741824 GPUs) and the pod never schedules" if {
	is_string(v)
	not count_of(v)
	regex.match(`^\s*\+?[0-9.]+\s*(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E|[eE][0-9]+)\s*$`, v)
} else := "is not a quantity (the API server rejects it)" if {
	is_string(v)
	not count_of(v)
} else := "is not a quantity (the API server rejects it)" if {
	not is_string(v)
	not is_number(v)
}

# A plain decimal or a milli quantity ("0.5", "500m"): a fraction when count_of does not hold.
fraction_form(v) if decimal_value(v) != null

fraction_form(v) if regex.match(`^\s*\+?[0-9]+m\s*$`, v)

# count_of(v): the whole number of GPUs v stands for: an integer, or a string holding one
# (`"2"`, `"2.0"`, `"2000m"`, as the API server parses quantities); undefined otherwise.
count_of(v) := v if {
	is_number(v)
	v >= 0
	v == floor(v)
}

count_of(v) := n if {
	is_string(v)
	n := decimal_value(v)
	n != null
	n == floor(n)
}

count_of(v) := n if {
	is_string(v)
	regex.match(`^\s*\+?[0-9]+m\s*$`, v)
	milli := digits_value(trim_suffix(trim_prefix(trim_space(v), "+"), "m"))
	milli % 1000 == 0
	n := milli / 1000
}

# decimal_value(v): a plain non-negative decimal string as a number ("2", "0.5", "02"); null
# otherwise. Parsed piecewise: to_number fails on a leading zero or a bare fraction (".5").
decimal_value(v) := n if {
	regex.match(`^\s*\+?([0-9]+(\.[0-9]+)?|\.[0-9]+)\s*$`, v)
	parts := split(trim_prefix(trim_space(v), "+"), ".")
	n := digits_value(parts[0]) + fraction_value(parts)
} else := null

# digits_value(d): a string of decimal digits (possibly empty or with leading zeros) as a number.
digits_value(d) := 0 if {
	trim_left(d, "0") == ""
} else := to_number(trim_left(d, "0"))

fraction_value(parts) := to_number(concat("", ["0.", parts[1]])) if {
	count(parts) == 2
} else := 0
