# METADATA
# title: AI service accepts API keys (local authentication)
# description: |
#   Azure OpenAI and AI Services accounts accept their two account keys unless local authentication
#   is disabled, and the provider default is to accept them; ML online endpoints in `Key` auth mode
#   do the same with endpoint keys, Azure AI Search services (the retrieval half of most RAG
#   systems) with admin and query keys, and Azure ML compute clusters and instances with local
#   credentials. A key is a shared secret that never expires, is not tied to a
#   caller, is copied into notebooks, CI variables and container env, and grants full inference
#   access to every model deployment, so a leaked key burns your token quota and exposes prompts
#   with no per-user audit trail. Use Microsoft Entra ID (managed identities and RBAC roles) instead.
# custom:
#   id: AIL201
#   slug: ai-service-local-auth-enabled
#   severity: warning
#   formats: [terraform, arm, bicep]
#   resource_types:
#     - azurerm_cognitive_account
#     - azurerm_ai_services
#     - Microsoft.CognitiveServices/accounts
#     - Microsoft.MachineLearningServices/workspaces/onlineEndpoints
#     - azurerm_search_service
#     - azurerm_machine_learning_compute_cluster
#     - azurerm_machine_learning_compute_instance
#     - Microsoft.Search/searchServices
#     - Microsoft.MachineLearningServices/workspaces/computes
#   default: on
#   fix: unsafe
#   remediation: |
#     Terraform: set `local_auth_enabled = false` on `azurerm_cognitive_account` and
#     `local_authentication_enabled = false` on `azurerm_ai_services` and `azurerm_search_service`,
#     `local_auth_enabled = false` on ML compute clusters and instances, give callers a managed identity
#     with the `Cognitive Services OpenAI User` (or `Cognitive Services User`) role, and authenticate
#     with Microsoft Entra ID tokens instead of keys.
#     ARM/Bicep: set `properties.disableLocalAuth` to `true` on `Microsoft.CognitiveServices/accounts`,
#     `Microsoft.Search/searchServices` and ML computes (`workspaces/computes` of type AmlCompute or
#     ComputeInstance), and `properties.authMode` to `AADToken` (or `AMLToken`) on ML online endpoints; grant callers an
#     RBAC role instead of handing out keys.
#   tags: [security, identity]
#   references:
#     - azure_policy: 71ef260a-8f18-47b7-abcb-62d0673d94dc
#       title: Azure AI Services resources should have key access disabled (disable local authentication)
#     - azure_policy: e96a9a5f-07ca-471b-9bc5-6a0f33cbd68f
#       title: Azure Machine Learning Computes should have local authentication methods disabled
#     - azure_policy: 6300012e-e9a4-4649-b41f-a85f5c43be91
#       title: Azure AI Search services should have local authentication methods disabled
package ailint.rules.ai_service_local_auth_enabled

import data.ailint.lib

# The attribute that turns local (key) authentication off, by Terraform type; both default to true.
tf_attributes := {
	"azurerm_cognitive_account": "local_auth_enabled",
	"azurerm_ai_services": "local_authentication_enabled",
	"azurerm_search_service": "local_authentication_enabled",
	"azurerm_machine_learning_compute_cluster": "local_auth_enabled",
	"azurerm_machine_learning_compute_instance": "local_auth_enabled",
}

# What a message calls each kind of resource, and what accepting local credentials lets in.
tf_kinds := {
	"azurerm_search_service": "AI Search service",
	"azurerm_machine_learning_compute_cluster": "ML compute cluster",
	"azurerm_machine_learning_compute_instance": "ML compute instance",
}

search_consequence := "anyone holding an admin key can read, change or delete every index (the documents a RAG system answers from), and query keys never expire"

compute_consequence := "it accepts local credentials that are not tied to a Microsoft Entra identity, so access to it is not governed by RBAC or audited per user"

tf_consequence("azurerm_search_service") := search_consequence

tf_consequence("azurerm_machine_learning_compute_cluster") := compute_consequence

tf_consequence("azurerm_machine_learning_compute_instance") := compute_consequence

tf_consequence(t) := consequence if not tf_kinds[t]

tf_subject(t, r) := lib.subject(tf_kinds[t], r)

tf_subject(t, r) := lib.subject(lib.idn_account_kind(r), r) if not tf_kinds[t]

consequence := "clients can call it with a shared account key that never expires and is not tied to a caller"

# ---------------------------------------------------------------------------------------------
# Terraform
# ---------------------------------------------------------------------------------------------

deny contains f if {
	lib.is_terraform
	some t, attr in tf_attributes
	some r in lib.resources_of(t)
	v := lib.get(r.config, [attr], null)
	text := tf_setting_text(attr, v)
	f := lib.finding_fix(r, [attr], sprintf(
		"%s %s: %s; set `%s = false` and authenticate with Microsoft Entra ID",
		[tf_subject(t, r), text, tf_consequence(t), attr],
	), {"set": false})
}

tf_setting_text(attr, v) := sprintf("has no `%s`, which defaults to true", [attr]) if {
	v == null
} else := sprintf("sets `%s = true`", [attr]) if {
	lib.is_true(v)
}

# ---------------------------------------------------------------------------------------------
# ARM: accounts; `disableLocalAuth` absent means keys are accepted.
# ---------------------------------------------------------------------------------------------

deny contains f if {
	lib.is_arm
	some r in lib.arm_resources(lib.idn_arm_account_type)
	v := lib.get(r.config, ["properties", "disableLocalAuth"], null)
	text := arm_setting_text(v)
	f := lib.finding_fix(r, ["properties", "disableLocalAuth"], sprintf(
		"%s %s: %s; set `disableLocalAuth` to true and authenticate with Microsoft Entra ID",
		[lib.subject(lib.idn_account_kind(r), r), text, consequence],
	), {"set": true})
}

# ---------------------------------------------------------------------------------------------
# ARM: AI Search services and ML compute clusters/instances; `disableLocalAuth` absent means local
# credentials are accepted. Other compute types (attached Kubernetes, Databricks, ...) have their
# own authentication and are not judged.
# ---------------------------------------------------------------------------------------------

deny contains f if {
	lib.is_arm
	some r in lib.arm_resources("Microsoft.Search/searchServices")
	v := lib.get(r.config, ["properties", "disableLocalAuth"], null)
	text := arm_setting_text(v)
	f := lib.finding_fix(r, ["properties", "disableLocalAuth"], sprintf(
		"%s %s: %s; set `disableLocalAuth` to true (and drop `authOptions`) and grant callers the Search Index Data Reader/Contributor roles",
		[lib.subject("AI Search service", r), text, search_consequence],
	), {"set": true})
}

ml_compute_kinds := {"amlcompute": "ML compute cluster", "computeinstance": "ML compute instance"}

deny contains f if {
	lib.is_arm
	some r in lib.arm_resources("Microsoft.MachineLearningServices/workspaces/computes")
	compute_type := lib.get(r.config, ["properties", "computeType"], null)
	is_string(compute_type)
	kind := ml_compute_kinds[lower(compute_type)]
	v := lib.get(r.config, ["properties", "disableLocalAuth"], null)
	text := compute_setting_text(v)
	f := lib.finding_fix(r, ["properties", "disableLocalAuth"], sprintf(
		"%s %s: %s; set `disableLocalAuth` to true and authenticate with Microsoft Entra ID",
		[lib.subject(kind, r), text, compute_consequence],
	), {"set": true})
}

compute_setting_text(v) := "has no `properties.disableLocalAuth`, which defaults to false (local authentication on)" if {
	v == null
} else := sprintf("sets `disableLocalAuth` to %v", [v]) if {
	lib.is_false(v)
}

arm_setting_text(v) := "has no `properties.disableLocalAuth`, which defaults to false (keys enabled)" if {
	v == null
} else := sprintf("sets `disableLocalAuth` to %v", [v]) if {
	lib.is_false(v)
}

# ---------------------------------------------------------------------------------------------
# ARM: ML online endpoints in `Key` auth mode. RULES.md proposed reporting these as `info`; a rule
# has one severity, so they are reported at this rule's severity: endpoint keys are the same kind
# of long-lived shared secret as account keys. `authMode` is required by the API, so there is no
# default to report when it is absent.
# ---------------------------------------------------------------------------------------------

deny contains f if {
	lib.is_arm
	some r in lib.arm_resources("Microsoft.MachineLearningServices/workspaces/onlineEndpoints")
	v := lib.get(r.config, ["properties", "authMode"], null)
	lib.equals_ci(v, "Key")
	f := lib.finding_fix(r, ["properties", "authMode"], sprintf(
		"%s sets `authMode` to \"%s\": clients call it with static endpoint keys that never expire and are not tied to a caller; set it to \"AADToken\" (Microsoft Entra ID) or \"AMLToken\"",
		[lib.subject("ML online endpoint", r), v],
	), {"set": "AADToken"})
}
