# METADATA
# title: GPU workload does not select a GPU node type
# description: |
#   A pod that asks for `nvidia.com/gpu` (or `amd.com/gpu`) but has neither a `nodeSelector` nor a
#   required node affinity can be scheduled on any node that advertises GPUs. In a cluster with
#   several GPU pools it lands on whichever has room: a small inference server takes an 8×A100 training
#   node, or a 70B model lands on a 16 GB T4 and dies with CUDA out-of-memory. Pin each GPU pod
#   template to its GPU type; a preferred (soft) affinity does not prevent this.
# custom:
#   id: AIL601
#   slug: gpu-workload-without-node-selector
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
#     Kubernetes: add a `nodeSelector` to the pod spec, for example
#     `node.kubernetes.io/instance-type: Standard_NC24ads_A100_v4` or the AKS pool label
#     `kubernetes.azure.com/agentpool: gpua100`, or a
#     `affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution` term on those labels.
#     For a KServe InferenceService set it on the component (`spec.predictor.nodeSelector`). A NIM
#     Operator NIMService takes `spec.nodeSelector`; a vLLM production-stack VLLMRuntime has no node
#     selector, but `spec.deploymentConfig.nodeSelectorTerms`, which its operator makes the required
#     node affinity.
#   tags: [scheduling, gpu, cost]
package ailint.rules.gpu_workload_without_node_selector

import data.ailint.lib

deny contains f if {
	lib.is_kubernetes
	some r in input.resources
	some t in lib.gpu_templates(r)
	not has_node_selector(t.spec)
	not has_required_node_affinity(t.spec)
	not lib.kserve_gke_accelerator(r)
	f := lib.finding(r, lib.field_path(t, ["nodeSelector"]), message(r, t))
}

# has_node_selector(spec): a non-empty nodeSelector, or one ailint cannot read.
has_node_selector(spec) if {
	sel := lib.get(spec, ["nodeSelector"], null)
	is_object(sel)
	count(sel) > 0
}

has_node_selector(spec) if lib.is_unknown(lib.get(spec, ["nodeSelector"], null))

# A pod bound to a named node (`nodeName`) skips the scheduler: its node type is chosen.
has_node_selector(spec) if {
	n := lib.get(spec, ["nodeName"], null)
	is_string(n)
	n != ""
}

# has_required_node_affinity(spec): at least one required node selector term, or an affinity
# ailint cannot read.
has_required_node_affinity(spec) if {
	terms := lib.get(spec, required_terms_path, null)
	is_array(terms)
	count(terms) > 0
}

has_required_node_affinity(spec) if lib.is_unknown(lib.get(spec, required_terms_path, null))

required_terms_path := ["affinity", "nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution", "nodeSelectorTerms"]

message(r, t) := sprintf(
	"%s requests GPUs in %s but has no `%s`, the only way a %s selects nodes (its operator makes them the pods' required node affinity), so its pods can land on any GPU node type; set `%s` to a term on the GPU type's node label (e.g. `node.kubernetes.io/instance-type` or `kubernetes.azure.com/agentpool`)",
	[r.id, template_name(t), where[count(where) - 1], r.type, lib.path_text(where)],
) if {
	# A VLLMRuntime: `spec.deploymentConfig.nodeSelectorTerms`.
	lib.assembled(t)
	where := lib.field_path(t, ["nodeSelector"])
} else := sprintf(
	"%s requests GPUs in %s but has no `nodeSelector` and no required node affinity, so it can land on any GPU node type; %s",
	[r.id, template_name(t), advice(t)],
)

# A preferred-only affinity is the common half-fix; say why it does not count.
advice(t) := "a preferred node affinity does not keep it off other GPU types; add a `nodeSelector` (e.g. `node.kubernetes.io/instance-type`) or make the affinity required" if {
	prefs := lib.get(t.spec, ["affinity", "nodeAffinity", "preferredDuringSchedulingIgnoredDuringExecution"], null)
	is_array(prefs)
	count(prefs) > 0
} else := "add a `nodeSelector` (e.g. `node.kubernetes.io/instance-type` or `kubernetes.azure.com/agentpool`) or a required node affinity for the GPU type it needs"

# template_name(t): a readable name of the pod template, from its path.
template_name(t) := "its pod spec" if {
	t.path == ["spec"]
} else := "its pod template" if {
	t.path == ["spec", "template", "spec"]
} else := "its job template" if {
	t.path == ["spec", "jobTemplate", "spec", "template", "spec"]
} else := sprintf("`%s`", [lib.path_text(array.slice(t.path, 0, count(t.path) - 1))]) if {
	t.path[count(t.path) - 1] == "spec"
} else := sprintf("`%s`", [lib.path_text(t.path)])
