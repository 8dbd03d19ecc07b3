# METADATA
# title: AI service or AKS cluster without a managed identity
# description: |
#   An Azure OpenAI or AI Services account, an ML online endpoint or an AKS cluster without a managed
#   identity has to reach storage, Key Vault, AI Search or container registries with keys,
#   connection strings or a service principal secret that someone must store, rotate and not leak:
#   customer-managed keys, "on your data" retrieval, batch jobs and model downloads all need an
#   identity. AKS service principals also expire and break node scaling and image pulls when they do.
#   Give each service a system- or user-assigned managed identity and grant it RBAC roles instead.
# custom:
#   id: AIL202
#   slug: ai-service-without-managed-identity
#   severity: warning
#   formats: [terraform, arm, bicep]
#   resource_types:
#     - azurerm_cognitive_account
#     - azurerm_ai_services
#     - azurerm_kubernetes_cluster
#     - Microsoft.CognitiveServices/accounts
#     - Microsoft.MachineLearningServices/workspaces/onlineEndpoints
#     - Microsoft.ContainerService/managedClusters
#   default: on
#   remediation: |
#     Terraform: add an `identity { type = "SystemAssigned" }` block (or `UserAssigned` with
#     `identity_ids`) to `azurerm_cognitive_account`, `azurerm_ai_services` and
#     `azurerm_kubernetes_cluster`; on AKS, replace the `service_principal` block with the `identity`
#     block and grant the identity the roles the service principal had.
#     ARM/Bicep: set `identity.type` to `SystemAssigned` or `UserAssigned` (with
#     `userAssignedIdentities`) on `Microsoft.CognitiveServices/accounts`, ML online endpoints and
#     `Microsoft.ContainerService/managedClusters` (and drop the AKS `servicePrincipalProfile`).
#   tags: [security, identity]
package ailint.rules.ai_service_without_managed_identity

import data.ailint.lib

fix_tf := "add an `identity` block with `type = \"SystemAssigned\"` (or `UserAssigned` with `identity_ids`)"

fix_arm := "set `identity.type` to \"SystemAssigned\" (or \"UserAssigned\" with `userAssignedIdentities`)"

# ---------------------------------------------------------------------------------------------
# Terraform: a missing `identity` block. A `dynamic "identity"` block is an unknown: no finding.
# ---------------------------------------------------------------------------------------------

deny contains f if {
	lib.is_terraform
	some t in lib.idn_tf_account_types
	some r in lib.resources_of(t)
	lib.get(r.config, ["identity"], null) == null
	f := lib.finding(r, ["identity"], sprintf(
		"%s has no `identity` block: it can reach storage, Key Vault or AI Search only with keys or connection strings; %s",
		[lib.subject(lib.idn_account_kind(r), r), fix_tf],
	))
}

# azurerm requires either `identity` or `service_principal` on a cluster: without `identity`, the
# cluster runs as a service principal whose secret must be stored, rotated and kept from leaking.
# Only clusters with a GPU node pool (default pool or an `azurerm_kubernetes_cluster_node_pool`
# referring to it) are AI platforms; CPU-only clusters are out of scope.
deny contains f if {
	lib.is_terraform
	some r in lib.resources_of("azurerm_kubernetes_cluster")
	lib.aks_tf_has_gpu_pool(r)
	lib.get(r.config, ["identity"], null) == null
	f := lib.finding(r, ["identity"], sprintf(
		"%s %s: the cluster authenticates to Azure with a service principal secret that expires and must be rotated; %s in place of `service_principal`",
		[lib.subject("AKS cluster", r), aks_tf_text(r), fix_tf],
	))
}

aks_tf_text(r) := "has a `service_principal` block and no `identity` block" if {
	lib.get(r.config, ["service_principal"], null) != null
} else := "has no `identity` block"

# ---------------------------------------------------------------------------------------------
# ARM: `identity.type` missing or "None".
# ---------------------------------------------------------------------------------------------

arm_kinds := {
	"microsoft.cognitiveservices/accounts": "account",
	"microsoft.machinelearningservices/workspaces/onlineendpoints": "ML online endpoint",
	"microsoft.containerservice/managedclusters": "AKS cluster",
}

deny contains f if {
	lib.is_arm
	some r in input.resources
	kind := arm_kinds[lower(r.type)]
	in_scope(kind, r)
	v := lib.get(r.config, ["identity", "type"], null)
	text := arm_identity_text(v)
	f := lib.finding(r, ["identity", "type"], sprintf(
		"%s %s: %s; %s",
		[lib.subject(arm_kind_name(kind, r), r), text, arm_consequence(kind, r), fix_arm],
	))
}

# in_scope(kind, r): accounts and endpoints always; an AKS cluster only with a GPU agent pool (in
# `agentPoolProfiles` or an `agentPools` resource of it).
in_scope(kind, _) if kind != "AKS cluster"

in_scope("AKS cluster", r) if lib.aks_arm_has_gpu_pool(r)

arm_kind_name("account", r) := lib.idn_account_kind(r)

arm_kind_name(kind, _) := kind if kind != "account"

arm_identity_text(v) := "has no `identity.type`, so it has no managed identity" if {
	v == null
} else := sprintf("sets `identity.type` to \"%s\"", [v]) if {
	lib.equals_ci(v, "None")
}

arm_consequence("AKS cluster", r) := "the cluster authenticates to Azure with the service principal of `servicePrincipalProfile`, whose secret expires and must be rotated" if {
	client := lib.get(r.config, ["properties", "servicePrincipalProfile", "clientId"], null)
	client != null
	not lib.equals_ci(client, "msi")
} else := "the cluster needs a service principal secret that expires and must be rotated"

arm_consequence("account", _) := "it can reach storage, Key Vault or AI Search only with keys or connection strings"

arm_consequence("ML online endpoint", _) := "it has no identity of its own to pull its image and model or to reach storage and Key Vault, so that access needs keys or secrets"
