# METADATA
# title: GPU inference namespace without a NetworkPolicy
# description: |
#   Kubernetes lets every pod reach every other pod until a NetworkPolicy says otherwise. A model
#   server in a namespace without one answers any pod of the cluster: a compromised or careless
#   workload can call the model directly, bypassing the gateway's authentication, rate limits and
#   prompt filtering, and burn GPU time. Give each namespace that serves GPU inference a NetworkPolicy
#   (a default deny plus the gateway's ingress).
# custom:
#   id: AIL606
#   slug: gpu-namespace-without-network-policy
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
#   default: on
#   remediation: |
#     Kubernetes: add a `NetworkPolicy` to the namespace, for example a default deny
#     (`podSelector: {}`, `policyTypes: [Ingress]`) and one that admits ingress to the model server
#     only from the gateway's namespace or pods. Calico and Cilium policies in the namespace count too.
#     If the workload does not serve inference, label it `workload: training`.
#   tags: [security, network, gpu, inference, multi-tenancy]
package ailint.rules.gpu_namespace_without_network_policy

import data.ailint.lib

# Namespaced policy kinds: Kubernetes (and Calico's projectcalico.org `NetworkPolicy`), Cilium.
namespaced_policy_kinds := {"NetworkPolicy", "CiliumNetworkPolicy"}

# Cluster-wide policy kinds may select any namespace; ailint does not evaluate their selectors, so
# with one of them in the unit the rule stays silent rather than guess.
cluster_policy_kinds := {
	"GlobalNetworkPolicy", "CiliumClusterwideNetworkPolicy", "AdminNetworkPolicy",
	"BaselineAdminNetworkPolicy", "ClusterNetworkPolicy",
}

# GPU workloads that serve inference or whose role is unknown (a GPU Deployment of unknown role
# most likely serves) and that can take traffic, in unit order.
serving := [r |
	some r in input.resources
	lib.is_gpu_workload(r)
	lib.may_serve(r)
]

# The workloads the message names: the inference ones when there are any, so that a namespace
# is never said to serve inference through a workload of unknown role.
named(ws) := inference if {
	inference := [w | some w in ws; lib.role(w) == "inference"]
	count(inference) > 0
} else := ws

policies := [p | some kind in namespaced_policy_kinds; some p in lib.resources_of(kind)]

# A cluster-wide policy, or a policy whose namespace ailint cannot read, may cover any namespace.
maybe_covered_everywhere if {
	some kind in cluster_policy_kinds
	count(lib.resources_of(kind)) > 0
}

maybe_covered_everywhere if {
	some p in policies
	not lib.known_namespace(p)
}

has_policy(ns) if {
	some p in policies
	lib.known_namespace(p) == ns
}

deny contains f if {
	lib.is_kubernetes
	not maybe_covered_everywhere
	some ns in {x | some r in serving; x := lib.known_namespace(r)}
	not has_policy(ns)
	ws := lib.workloads_in(ns, serving)
	site := lib.namespace_site(ns, serving)
	f := lib.finding(site.resource, site.path, sprintf(
		"Namespace `%s` %s (%s) but has no NetworkPolicy, so any pod of the cluster can call the model servers directly, bypassing the gateway; add a default-deny NetworkPolicy and allow ingress only from the gateway%s",
		[ns, activity(ws), workload_list(named(ws)), note(ws)],
	))
}

activity(ws) := "serves GPU inference" if {
	some w in ws
	lib.role(w) == "inference"
} else := "runs GPU workloads of unknown role"

note(ws) := "" if {
	some w in ws
	lib.role(w) == "inference"
} else := lib.role_note("unknown")

# workload_list(ws): up to three workloads by id.
workload_list(ws) := concat(", ", array.concat(
	[w.id | some i, w in ws; i < 3],
	[sprintf("and %d more", [count(ws) - 3]) | count(ws) > 3],
))
