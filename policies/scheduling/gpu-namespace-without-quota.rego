# METADATA
# title: GPU namespace without a GPU quota
# description: |
#   Without a ResourceQuota on `requests.nvidia.com/gpu`, one team's namespace can take every GPU of
#   a shared cluster: a sweep of fine-tuning jobs or a mis-set replica count leaves the other teams'
#   inference Pending and drives the GPU autoscaler to its maximum. Kubernetes only enforces quota on
#   extended resources under the `requests.` prefix: a quota on `nvidia.com/gpu` or
#   `limits.nvidia.com/gpu` is accepted by the API server and never enforced.
# custom:
#   id: AIL605
#   slug: gpu-namespace-without-quota
#   severity: warning
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
#     - ResourceQuota
#     - LocalQueue
#   default: on
#   remediation: |
#     Kubernetes: add a `ResourceQuota` to each namespace that runs GPU workloads, with
#     `spec.hard: {requests.nvidia.com/gpu: "8"}` (or `requests.amd.com/gpu`) sized to the team's share,
#     and rename any `nvidia.com/gpu` or `limits.nvidia.com/gpu` quota key to `requests.nvidia.com/gpu`.
#     With Kueue, a LocalQueue in the namespace whose ClusterQueue sets a `nominalQuota` for
#     `nvidia.com/gpu` counts as its GPU quota.
#   tags: [scheduling, gpu, cost, multi-tenancy]
package ailint.rules.gpu_namespace_without_quota

import data.ailint.lib

# The unit's GPU workloads, in unit order (file, then document).
gpu_workloads := [r |
	some r in input.resources
	lib.is_gpu_workload(r)
]

quotas := lib.resources_of("ResourceQuota")

# gpu_names(ns): the GPU resources (nvidia.com/gpu, amd.com/gpu) the workloads of ns ask for.
gpu_names(ns) := {name |
	some r in lib.workloads_in(ns, gpu_workloads)
	some t in lib.gpu_templates(r)
	some c in t.containers
	some section in ["limits", "requests"]
	some name in lib.gpu_resource_names
	lib.number_of(object.get(c.container, ["resources", section, name], null)) > 0
}

# The quota keys that look like a GPU quota but are never enforced, by the resource they name.
misplaced_keys := {name: {sprintf("%s", [name]), sprintf("limits.%s", [name])} | some name in lib.gpu_resource_names}

# quota_hard(q): a quota's spec.hard when ailint can read it.
quota_hard(q) := hard if {
	hard := lib.get(q.config, ["spec", "hard"], {})
	is_object(hard)
	lib.is_known(hard)
}

# A quota ailint cannot place or read could be the one that covers any namespace: stay silent.
unreadable_quota if {
	some q in quotas
	not lib.known_namespace(q)
}

unreadable_quota if {
	some q in quotas
	not quota_hard(q)
}

# limited(ns, name): some quota of ns holds `requests.<name>` or a misplaced key for it (reported
# on the key itself, below).
limited(ns, name) if {
	some q in quotas
	lib.known_namespace(q) == ns
	some key, _ in quota_hard(q)
	key in ({sprintf("requests.%s", [name])} | misplaced_keys[name])
}

# Kueue: a LocalQueue of ns whose ClusterQueue gives `name` a nominal quota admits the
# namespace's queued workloads within that quota, which counts as the namespace's GPU quota. A
# ClusterQueue that is not in the checked files (cluster-scoped, often elsewhere) may hold it:
# unknown, so it counts too.
limited(ns, name) if {
	some lq in kueue("LocalQueue")
	lib.known_namespace(lq) == ns
	cq_name := lib.get(lq.config, ["spec", "clusterQueue"], null)
	is_string(cq_name)
	cluster_queue_limits(cq_name, name)
}

kueue(kind) := [r | some r in lib.resources_of(kind); startswith(object.get(r, "api_version", ""), "kueue.x-k8s.io/")]

cluster_queue_limits(cq_name, name) if {
	some cq in kueue("ClusterQueue")
	lib.get(cq.config, ["metadata", "name"], null) == cq_name
	some group in lib.items(lib.get(cq.config, ["spec", "resourceGroups"], []))
	some flavor in lib.items(object.get(group, "flavors", []))
	some res in lib.items(object.get(flavor, "resources", []))
	object.get(res, "name", null) == name
	object.get(res, "nominalQuota", null) != null
}

cluster_queue_limits(cq_name, _) if {
	not cq_name in {n | some cq in kueue("ClusterQueue"); n := lib.get(cq.config, ["metadata", "name"], null)}
}

# A namespace running GPU workloads with no GPU quota: one finding per namespace.
deny contains f if {
	lib.is_kubernetes
	not unreadable_quota
	some ns in {x | some r in gpu_workloads; x := lib.known_namespace(r)}
	missing := sort([sprintf("requests.%s", [name]) | some name in gpu_names(ns); not limited(ns, name)])
	count(missing) > 0
	site := lib.namespace_site(ns, gpu_workloads)
	f := lib.finding(site.resource, site.path, sprintf(
		"Namespace `%s` runs GPU workloads (%s) but no ResourceQuota in it sets %s (nor does a Kueue LocalQueue give it a GPU nominal quota), so its workloads can take every GPU of the cluster; add a ResourceQuota in `%s` with `spec.hard` %s sized to its share",
		[ns, workload_list(ns), key_list(missing), ns, key_list(missing)],
	))
}

# A GPU quota key that Kubernetes accepts but never enforces.
deny contains f if {
	lib.is_kubernetes
	some q in quotas
	some key, _ in quota_hard(q)
	some name, keys in misplaced_keys
	key in keys
	f := lib.finding(q, ["spec", "hard", key], misplaced_message(q, key, name))
}

misplaced_message(q, key, name) := sprintf(
	"%s sets `%s`, which the API server accepts but never enforces: quota on extended resources such as GPUs works only with the `requests.` prefix; rename it to `requests.%s`",
	[q.id, key, name],
) if {
	not sprintf("requests.%s", [name]) in object.keys(quota_hard(q))
} else := sprintf(
	"%s sets `%s` next to `requests.%s`: only the `requests.` key of an extended resource is enforced, this one is ignored; remove it",
	[q.id, key, name],
)

# workload_list(ns): up to three GPU workloads of ns, by id.
workload_list(ns) := concat(", ", array.concat(
	[w.id | some i, w in ws; i < 3],
	[sprintf("and %d more", [count(ws) - 3]) | count(ws) > 3],
)) if {
	ws := lib.workloads_in(ns, gpu_workloads)
}

key_list(keys) := concat(" and ", [sprintf("`%s`", [k]) | some k in keys])
