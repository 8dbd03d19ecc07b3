# METADATA
# title: GPU capacity or AI service without cost-attribution tags
# description: |
#   GPU VMs, scale sets, AKS GPU node pools (and their clusters), Azure ML compute and AI service
#   accounts are the largest lines of an AI platform bill. Without owner, cost-center and environment
#   tags (or labels on GPU pods) nobody can say whose idle A100s ran all weekend, showback and budgets
#   per team do not work, and orphaned capacity is never cleaned up. The required keys are
#   configurable and compared case-insensitively, as Azure treats tag names.
# custom:
#   id: AIL402
#   slug: gpu-resource-missing-cost-tags
#   severity: warning
#   formats: [terraform, arm, bicep, kubernetes]
#   resource_types:
#     - azurerm_linux_virtual_machine
#     - azurerm_windows_virtual_machine
#     - azurerm_virtual_machine
#     - azurerm_linux_virtual_machine_scale_set
#     - azurerm_windows_virtual_machine_scale_set
#     - azurerm_orchestrated_virtual_machine_scale_set
#     - azurerm_virtual_machine_scale_set
#     - azurerm_kubernetes_cluster_node_pool
#     - azurerm_kubernetes_cluster
#     - azurerm_machine_learning_compute_cluster
#     - azurerm_machine_learning_compute_instance
#     - azurerm_cognitive_account
#     - azurerm_ai_services
#     - Microsoft.Compute/virtualMachines
#     - Microsoft.Compute/virtualMachineScaleSets
#     - Microsoft.ContainerService/managedClusters
#     - Microsoft.ContainerService/managedClusters/agentPools
#     - Microsoft.MachineLearningServices/workspaces/computes
#     - Microsoft.CognitiveServices/accounts
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
#     Terraform: add the missing keys to `tags` (for example through a shared `local.cost_tags`).
#     ARM/Bicep: add them to the resource's `tags` (`properties.tags` on an AKS `agentPools` child).
#     Kubernetes: add them as labels to the pod template (`spec.template.metadata.labels`) or to the
#     workload's `metadata.labels`.
#     Change the required keys with `required_tags` under `[rules.gpu-resource-missing-cost-tags]`
#     or globally.
#   tags: [cost, governance, gpu]
#   options: [required_tags]
package ailint.rules.gpu_resource_missing_cost_tags

import data.ailint.lib

slug := "gpu-resource-missing-cost-tags"

required := lib.option(slug, "required_tags", lib.setting("required_tags", lib.default_required_tags))

# --- Terraform -------------------------------------------------------------------------------

# GPU capacity by the attribute path of its VM size.
tf_sized := {
	"azurerm_linux_virtual_machine": ["size"],
	"azurerm_windows_virtual_machine": ["size"],
	"azurerm_virtual_machine": ["vm_size"],
	"azurerm_linux_virtual_machine_scale_set": ["sku"],
	"azurerm_windows_virtual_machine_scale_set": ["sku"],
	"azurerm_orchestrated_virtual_machine_scale_set": ["sku_name"],
	"azurerm_virtual_machine_scale_set": ["sku", 0, "name"],
	"azurerm_kubernetes_cluster_node_pool": ["vm_size"],
}

tf_kind := {
	"azurerm_linux_virtual_machine": "GPU VM",
	"azurerm_windows_virtual_machine": "GPU VM",
	"azurerm_virtual_machine": "GPU VM",
	"azurerm_linux_virtual_machine_scale_set": "GPU scale set",
	"azurerm_windows_virtual_machine_scale_set": "GPU scale set",
	"azurerm_orchestrated_virtual_machine_scale_set": "GPU scale set",
	"azurerm_virtual_machine_scale_set": "GPU scale set",
	"azurerm_kubernetes_cluster_node_pool": "AKS GPU node pool",
	"azurerm_kubernetes_cluster": "AKS cluster with GPU nodes",
	"azurerm_machine_learning_compute_cluster": "ML compute cluster",
	"azurerm_machine_learning_compute_instance": "ML compute instance",
	"azurerm_cognitive_account": "AI service account",
	"azurerm_ai_services": "AI service account",
}

# Resources that are costly AI capacity whatever their size.
tf_always := {
	"azurerm_machine_learning_compute_cluster",
	"azurerm_machine_learning_compute_instance",
	"azurerm_cognitive_account",
	"azurerm_ai_services",
}

tf_targets contains r if {
	some t, path in tf_sized
	some r in lib.resources_of(t)
	lib.is_gpu_sku(lib.get(r.config, path, null))
}

tf_targets contains r if {
	some t in tf_always
	some r in lib.resources_of(t)
}

tf_targets contains r if {
	some r in lib.resources_of("azurerm_kubernetes_cluster")
	lib.aks_tf_has_gpu_pool(r)
}

deny contains f if {
	lib.is_terraform
	some r in tf_targets
	tags := lib.get(r.config, ["tags"], {})
	missing := missing_keys(tags)
	f := lib.finding(r, ["tags"], message(r.id, tf_kind[r.type], missing, "`tags`"))
}

# --- ARM ------------------------------------------------------------------------------------

arm_kind := {
	"microsoft.compute/virtualmachines": "GPU VM",
	"microsoft.compute/virtualmachinescalesets": "GPU scale set",
	"microsoft.containerservice/managedclusters": "AKS cluster with GPU nodes",
	"microsoft.containerservice/managedclusters/agentpools": "AKS GPU node pool",
	"microsoft.machinelearningservices/workspaces/computes": "ML compute",
	"microsoft.cognitiveservices/accounts": "AI service account",
}

arm_gpu(r) if {
	lower(r.type) == "microsoft.compute/virtualmachines"
	lib.is_gpu_sku(lib.get(r.config, ["properties", "hardwareProfile", "vmSize"], null))
}

arm_gpu(r) if {
	lower(r.type) == "microsoft.compute/virtualmachinescalesets"
	lib.is_gpu_sku(lib.get(r.config, ["sku", "name"], null))
}

arm_gpu(r) if {
	lower(r.type) == "microsoft.containerservice/managedclusters/agentpools"
	lib.is_gpu_sku(lib.get(r.config, ["properties", "vmSize"], null))
}

# A cluster with a GPU pool in `agentPoolProfiles` or an `agentPools` child resource.
arm_gpu(r) if {
	lower(r.type) == "microsoft.containerservice/managedclusters"
	lib.aks_arm_has_gpu_pool(r)
}

arm_gpu(r) if lower(r.type) in {
	"microsoft.machinelearningservices/workspaces/computes",
	"microsoft.cognitiveservices/accounts",
}

arm_tags_path(r) := ["properties", "tags"] if {
	lower(r.type) == "microsoft.containerservice/managedclusters/agentpools"
} else := ["tags"]

deny contains f if {
	lib.is_arm
	some r in input.resources
	kind := arm_kind[lower(r.type)]
	arm_gpu(r)
	path := arm_tags_path(r)
	tags := lib.get(r.config, path, {})
	missing := missing_keys(tags)
	f := lib.finding(r, path, message(r.id, kind, missing, sprintf("`%s`", [lib.path_text(path)])))
}

# --- Kubernetes ------------------------------------------------------------------------------

# One finding per GPU workload. Labels count on the workload's `metadata.labels` or on the GPU pod
# template's labels; the finding points at the labels of the first GPU pod template that lacks a
# key (falling back to that template's metadata).
deny contains f if {
	lib.is_kubernetes
	some r in input.resources
	templates := lib.gpu_templates(r)
	count(templates) > 0
	own := labels_or_empty(lib.get(r.config, ["metadata", "labels"], {}))
	lacking := [x |
		some t in templates
		m := lib.missing_tags(object.union(own, labels_or_empty(t.labels)), required)
		count(m) > 0
		x := {"t": t, "missing": m}
	]
	count(lacking) > 0
	missing := [k |
		some k in required
		some x in lacking
		k in x.missing
	]
	labels_path := lacking[0].t.labels_path
	where := sprintf("`%s`", [lib.path_text(labels_path)])
	f := lib.finding(r, labels_path, message(r.id, "GPU workload", dedup(missing), where))
}

labels_or_empty(v) := v if {
	is_object(v)
	lib.is_known(v)
} else := {}

dedup(keys) := [k |
	some i, k in keys
	not k in array.slice(keys, 0, i)
]

# --- shared ----------------------------------------------------------------------------------

# missing_keys(tags): the required keys known tags lack; undefined when none is missing or the
# tags are unknown.
missing_keys(tags) := missing if {
	is_object(tags)
	lib.is_known(tags)
	missing := lib.missing_tags(tags, required)
	count(missing) > 0
}

message(id, kind, missing, where) := sprintf(
	"%s (%s) has no %s %s, so its spend cannot be attributed; add %s to %s",
	[id, kind, plural(missing), quoted(missing), it_them(missing), where],
)

plural(missing) := "cost tag" if count(missing) == 1

plural(missing) := "cost tags" if count(missing) > 1

it_them(missing) := "it" if count(missing) == 1

it_them(missing) := "them" if count(missing) > 1

quoted(missing) := concat(", ", [sprintf("`%s`", [k]) | some k in missing])
