# METADATA
# title: GPU workload does not tolerate the GPU node taint
# description: |
#   GPU node pools should be tainted (AKS recommends `sku=gpu:NoSchedule`) so that ordinary pods stay
#   off expensive GPU nodes. A pod that asks for GPUs but does not tolerate that taint can then run
#   nowhere: it stays Pending while the autoscaler adds nothing, and the model never starts. When the
#   Terraform or ARM files checked in the same run declare the GPU pools, ailint checks the pod against
#   their real taints: it must tolerate every NoSchedule/NoExecute taint of at least one GPU pool.
#   Pools count only for the manifests of their own repository (the nearest VCS root, else the
#   directory given). Pods that select `cloud.google.com/gke-accelerator` are skipped: GKE adds
#   the GPU toleration itself.
# custom:
#   id: AIL602
#   slug: gpu-workload-without-toleration
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
#   default: on
#   remediation: |
#     Kubernetes: add a toleration for every taint of the GPU pool the workload should run on to the
#     pod spec, for example `tolerations: [{key: sku, operator: Equal, value: gpu, effect: NoSchedule}]`
#     (AKS) or `{key: nvidia.com/gpu, operator: Exists, effect: NoSchedule}` (GPU Operator clusters).
#     The message names the pool and the taints it is missing. For a KServe InferenceService set it on
#     the component (`spec.predictor.tolerations`); for a vLLM production-stack VLLMRuntime in
#     `spec.deploymentConfig.toleration` (singular: its operator copies that list to the pods).
#   tags: [scheduling, gpu, availability]
package ailint.rules.gpu_workload_without_toleration

import data.ailint.lib

# Taint effects that keep a pod off a node (PreferNoSchedule is only a preference).
blocking_effects := {"NoSchedule", "NoExecute"}

# The AKS GPU taint, checked when no GPU pool of the run declares its taints. (The GPU Operator's
# `nvidia.com/gpu` taint, whatever its value, is covered by the "key names a GPU" case below.)
aks_gpu_taint := {"key": "sku", "value": "gpu", "effect": "NoSchedule"}

# pool_taints: pool id -> its blocking taints, from the Terraform/ARM units of the run
# (input.context.gpu_node_taints, see policies/lib/context.rego).
pool_taints := {pool: blocking |
	some pool, taints in _taints_by_pool
	blocking := [x | some x in taints; x.effect in blocking_effects]
}

# The run groups the taints by pool (`gpu_pool_taints`), which keeps this linear in the number of
# pools; grouping the flat list here is quadratic, for inputs that only have the list.
_taints_by_pool := grouped if {
	grouped := object.get(input, ["context", "gpu_pool_taints"], null)
	is_object(grouped)
} else := {t.pool: [x | some x in _flat_taints; x.pool == t.pool] |
	some t in _flat_taints
}

_flat_taints := object.get(input, ["context", "gpu_node_taints"], [])

deny contains f if {
	lib.is_kubernetes
	some r in input.resources
	some t in lib.gpu_templates(r)
	not selects_gke_accelerator(r, t.spec)
	tolerations := lib.list_at(t.spec, ["tolerations"])
	readable(tolerations)
	msg := problem(r, t, tolerations)
	f := lib.finding(r, lib.field_path(t, ["tolerations"]), msg)
}

# in_field(t): where the tolerations go, when that is not the pod spec's `tolerations` (a
# VLLMRuntime's `spec.deploymentConfig.toleration`, singular).
in_field(t) := sprintf(" in `%s`", [lib.path_text(lib.field_path(t, ["tolerations"]))]) if {
	lib.assembled(t)
} else := ""

# GKE's admission controller adds the `nvidia.com/gpu` toleration itself to pods that select a GPU
# node type with `cloud.google.com/gke-accelerator` (KServe turns its `serving.kserve.io/
# gke-accelerator` annotation into that node selector).
gke_accelerator_label := "cloud.google.com/gke-accelerator"

selects_gke_accelerator(_, spec) if {
	sel := lib.get(spec, ["nodeSelector"], {})
	is_object(sel)
	gke_accelerator_label in object.keys(sel)
}

selects_gke_accelerator(_, spec) if {
	terms := lib.list_at(spec, ["affinity", "nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution", "nodeSelectorTerms"])
	is_array(terms)
	some term in terms
	exprs := lib.list_at(term, ["matchExpressions"])
	is_array(exprs)
	some expr in exprs
	is_object(expr)
	object.get(expr, "key", "") == gke_accelerator_label
}

selects_gke_accelerator(r, _) if lib.kserve_gke_accelerator(r)

# readable(tolerations): a known list whose items ailint can read (an unknown anywhere: silent).
readable(tolerations) if {
	is_array(tolerations)
	every tol in tolerations {
		is_object(tol)
		lib.is_known(tol)
		every _, v in tol {
			lib.is_known(v)
		}
	}
}

# With GPU pools from the run: the pod must tolerate all blocking taints of at least one pool.
problem(r, t, tolerations) := sprintf(
	"%s requests GPUs in %s but does not tolerate the taints of any GPU node pool declared in the checked files (%s%s), so it stays Pending; add tolerations for every taint of the pool it should run on%s",
	[r.id, lib.template_phrase(t), concat("; ", missing), more_pools, in_field(t)],
) if {
	count(pool_taints) > 0
	not tolerates_some_pool(tolerations)
	missing := [sprintf("%s needs %s", [pool, concat(", ", [sprintf("`%s`", [taint_text(x)]) |
		some x in pool_taints[pool]
		not tolerated(tolerations, x)
	])]) |
		some pool in named_pools
	]
}

# The message names a few pools: a repository with hundreds of GPU pools must not make every
# finding a page long.
max_named_pools := 3

named_pools := array.slice(sort(object.keys(pool_taints)), 0, max_named_pools)

# Pools with the same taints as a named one are not listed again: the run counts them all.
more_pools := "" if {
	pool_count <= count(named_pools)
} else := sprintf("; and %d more pools", [pool_count - count(named_pools)])

pool_count := n if {
	n := input.context.gpu_pool_count
	is_number(n)
} else := count(pool_taints)

problem(r, t, tolerations) := sprintf(
	"%s requests GPUs in %s but tolerates no GPU node taint (such as AKS's `sku=gpu:NoSchedule` or `nvidia.com/gpu:NoSchedule`): on GPU nodes tainted as they should be it stays Pending; add a toleration for the GPU pool's taint%s",
	[r.id, lib.template_phrase(t), in_field(t)],
) if {
	count(pool_taints) == 0
	not tolerates_gpu_taint(tolerations)
}

tolerates_some_pool(tolerations) if {
	some _, taints in pool_taints
	every x in taints {
		tolerated(tolerations, x)
	}
}

tolerates_gpu_taint(tolerations) if tolerated(tolerations, aks_gpu_taint)

# With no GPU pool declared in the repository, an explicit toleration of a blocking taint on a
# specific key (a dedicated-node taint such as `ray.io/node-type=worker:NoSchedule`) shows the
# workload is meant for tainted nodes ailint cannot see; which taint they carry is not known here.
tolerates_gpu_taint(tolerations) if {
	some tol in tolerations
	key := object.get(tol, "key", "")
	is_string(key)
	key != ""
	not not_dedicated(key)
	object.get(tol, "effect", "") in blocking_effects
}

# Keys whose taint is known and not a dedicated-node one: AKS's `sku` (its GPU value is checked
# above), the spot and system taints Kubernetes and AKS set themselves.
not_dedicated(key) if key in {"sku", "kubernetes.azure.com/scalesetpriority", "CriticalAddonsOnly"}

not_dedicated(key) if startswith(key, "node.kubernetes.io/")

not_dedicated(key) if startswith(key, "node-role.kubernetes.io/")

# A toleration on any key that names a GPU, for any effect that keeps pods away.
tolerates_gpu_taint(tolerations) if {
	some tol in tolerations
	key := object.get(tol, "key", "")
	is_string(key)
	contains(lower(key), "gpu")
	object.get(tol, "effect", "") in {"", "NoSchedule", "NoExecute"}
}

tolerated(tolerations, taint) if {
	some tol in tolerations
	tolerates(tol, taint)
}

# tolerates(tol, taint): Kubernetes' ToleratesTaint. An empty effect matches every effect; an empty
# key with `Exists` matches every taint; `Equal` (the default operator) compares the value.
tolerates(tol, taint) if {
	effect_matches(object.get(tol, "effect", ""), taint.effect)
	key_matches(object.get(tol, "key", ""), taint.key)
	value_matches(tol, taint)
}

effect_matches(e, _) if e == ""

effect_matches(e, effect) if e == effect

key_matches(k, _) if k == ""

key_matches(k, key) if k == key

value_matches(tol, _) if object.get(tol, "operator", "Equal") == "Exists"

value_matches(tol, taint) if {
	object.get(tol, "operator", "Equal") in {"Equal", ""}
	object.get(tol, "value", "") == taint.value
}

# taint_text(x): `key=value:Effect`, or `key:Effect` without a value, as `kubectl taint` writes it.
taint_text(x) := sprintf("%s=%s:%s", [x.key, x.value, x.effect]) if {
	x.value != ""
} else := sprintf("%s:%s", [x.key, x.effect])
