# METADATA
# title: GPU or AI deployment without a budget
# description: |
#   GPU capacity and AI services are the fastest-growing lines of a cloud bill: a forgotten GPU
#   node pool, a cluster that never scales in or a runaway token consumer can cost thousands a day,
#   and nobody notices until the invoice. A consumption budget with alert thresholds, deployed
#   with the capacity, warns the owners within a day. Reported once per evaluation unit (a
#   Terraform directory, an ARM template), on its first GPU or AI resource.
# custom:
#   id: AIL404
#   slug: gpu-deployment-without-budget
#   severity: info
#   formats: [terraform, arm, bicep]
#   resource_types:
#     - azurerm_cognitive_account
#     - azurerm_cognitive_deployment
#     - azurerm_ai_services
#     - azurerm_ai_foundry
#     - azurerm_machine_learning_workspace
#     - azurerm_machine_learning_compute_cluster
#     - azurerm_machine_learning_compute_instance
#     - azurerm_linux_virtual_machine
#     - azurerm_windows_virtual_machine
#     - azurerm_virtual_machine
#     - azurerm_linux_virtual_machine_scale_set
#     - azurerm_windows_virtual_machine_scale_set
#     - azurerm_orchestrated_virtual_machine_scale_set
#     - azurerm_virtual_machine_scale_set
#     - azurerm_kubernetes_cluster_node_pool
#     - azurerm_kubernetes_cluster
#     - Microsoft.CognitiveServices/accounts
#     - Microsoft.CognitiveServices/accounts/deployments
#     - Microsoft.MachineLearningServices/workspaces
#     - Microsoft.MachineLearningServices/workspaces/computes
#     - Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments
#     - Microsoft.Compute/virtualMachines
#     - Microsoft.Compute/virtualMachineScaleSets
#     - Microsoft.ContainerService/managedClusters
#     - Microsoft.ContainerService/managedClusters/agentPools
#   default: on
#   remediation: |
#     Terraform: add an `azurerm_consumption_budget_resource_group` (or `_subscription`,
#     `_management_group`) with an `amount`, a `time_grain`, and `notification` blocks at, for
#     example, 80% actual and 100% forecasted spend, to the configuration that creates the GPU
#     capacity or AI services.
#     ARM/Bicep: add a `Microsoft.Consumption/budgets` resource with `amount`, `timeGrain`,
#     `timePeriod` and `notifications` to the template.
#   tags: [cost, governance, gpu]
package ailint.rules.gpu_deployment_without_budget

import data.ailint.lib

tf_budget_types := [
	"azurerm_consumption_budget_resource_group",
	"azurerm_consumption_budget_subscription",
	"azurerm_consumption_budget_management_group",
]

arm_budget_type := "Microsoft.Consumption/budgets"

# ---------------------------------------------------------------------------------------------
# What counts as GPU capacity or an AI service, and how the message names it.
# ---------------------------------------------------------------------------------------------

# Costly whatever their size: AI services and Azure ML workspaces and compute.
tf_always := {
	"azurerm_cognitive_account": "AI service account",
	"azurerm_cognitive_deployment": "AI model deployment",
	"azurerm_ai_services": "AI service account",
	"azurerm_ai_foundry": "AI Foundry hub",
	"azurerm_machine_learning_workspace": "ML workspace",
	"azurerm_machine_learning_compute_cluster": "ML compute cluster",
	"azurerm_machine_learning_compute_instance": "ML compute instance",
}

arm_always := {
	"microsoft.cognitiveservices/accounts": "AI service account",
	"microsoft.cognitiveservices/accounts/deployments": "AI model deployment",
	"microsoft.machinelearningservices/workspaces": "ML workspace",
	"microsoft.machinelearningservices/workspaces/computes": "ML compute",
}

kind_of(r) := tf_always[r.type]

kind_of(r) := arm_always[lower(r.type)]

kind_of(r) := "GPU VM" if lib.is_gpu_vm(r)

kind_of(r) := "GPU scale set" if lib.is_gpu_scale_set(r)

kind_of(r) := "AKS GPU node pool" if {
	r.type == "azurerm_kubernetes_cluster_node_pool"
	lib.is_gpu_sku(lib.get(r.config, ["vm_size"], null))
}

kind_of(r) := "AKS cluster with GPU nodes" if {
	r.type == "azurerm_kubernetes_cluster"
	lib.is_gpu_sku(lib.get(r.config, ["default_node_pool", 0, "vm_size"], null))
}

kind_of(r) := "AKS GPU node pool" if {
	lower(r.type) == "microsoft.containerservice/managedclusters/agentpools"
	lib.is_gpu_sku(lib.get(r.config, ["properties", "vmSize"], null))
}

kind_of(r) := "AKS cluster with GPU nodes" if {
	lower(r.type) == "microsoft.containerservice/managedclusters"
	pools := lib.get(r.config, ["properties", "agentPoolProfiles"], [])
	is_array(pools)
	some pool in pools
	lib.is_gpu_sku(lib.get(pool, ["vmSize"], null))
}

kind_of(r) := "GPU online deployment" if {
	lower(r.type) == "microsoft.machinelearningservices/workspaces/onlineendpoints/deployments"
	lib.is_gpu_sku(lib.get(r.config, ["properties", "instanceType"], null))
}

# A type can match two definitions only with the same kind (e.g. an AKS cluster with two GPU
# profiles): the set below keeps one entry per resource index.
candidates := {[i, kind] |
	some i, r in input.resources
	kind := kind_of(r)
}

has_budget if {
	lib.is_terraform
	some t in tf_budget_types
	count(lib.resources_of(t)) > 0
}

has_budget if {
	lib.is_arm
	count(lib.arm_resources(arm_budget_type)) > 0
}

# The first candidate in input order, which is file order: the engine lists files by path and
# each parser emits resources in source order (ARM nested children right after their parent).
first := sort([c | some c in candidates])[0]

unit_phrase := "This Terraform module (directory)" if {
	input.format == "terraform"
} else := "This Terraform plan" if {
	lib.is_terraform_plan
} else := "This template"

budget_hint := "an `azurerm_consumption_budget_resource_group` or `azurerm_consumption_budget_subscription` with alert notifications" if {
	lib.is_terraform
} else := "a `Microsoft.Consumption/budgets` resource with notifications"

more(n) := "" if n == 1

else := sprintf(", and %d more", [n - 1])

# named(kind, r): the kind and name of r, or the kind alone for an ARM resource named by an expression.
named(kind, r) := s if {
	s := lib.subject(kind, r)
	not startswith(s, "This ")
} else := kind

deny contains f if {
	input.format in {"terraform", "terraform-plan", "arm", "bicep"}
	count(candidates) > 0
	not has_budget
	[i, kind] := first
	r := input.resources[i]
	n := count({j | some [j, _] in candidates})
	f := lib.finding(r, [], sprintf(
		"%s creates GPU capacity or AI services (%s%s) but no budget, so runaway spend goes unnoticed until the invoice; add %s",
		[unit_phrase, named(kind, r), more(n), budget_hint],
	))
}
