# METADATA
# title: AI service reachable from the public internet
# description: |
#   Azure OpenAI, AI Services, Azure ML workspaces, ML online endpoints and AI Search accept traffic
#   from the internet unless public network access is turned off, and the provider default is on.
#   An exposed inference endpoint leaks prompts, completions and proprietary model behaviour, and
#   lets anyone with a key burn your token quota. Serve it through a private endpoint instead.
# custom:
#   id: AIL101
#   slug: ai-service-public-network-access
#   severity: error
#   formats: [terraform, arm, bicep]
#   resource_types:
#     - azurerm_cognitive_account
#     - azurerm_ai_services
#     - azurerm_ai_foundry
#     - azurerm_machine_learning_workspace
#     - azurerm_search_service
#     - Microsoft.CognitiveServices/accounts
#     - Microsoft.MachineLearningServices/workspaces
#     - Microsoft.MachineLearningServices/workspaces/onlineEndpoints
#     - Microsoft.Search/searchServices
#   default: on
#   fix: unsafe
#   remediation: |
#     Terraform: set `public_network_access_enabled = false` (cognitive account, ML workspace, search
#     service) or `public_network_access = "Disabled"` (azurerm_ai_services, azurerm_ai_foundry), and
#     reach the service through an `azurerm_private_endpoint`.
#     ARM/Bicep: set `properties.publicNetworkAccess` to `Disabled`.
#   tags: [security, network]
#   references:
#     - azure_policy: 0725b4dd-7e76-479c-a735-68e7ee23d5ca
#       title: Cognitive Services accounts should disable public network access
#     - azure_policy: 438c38d2-3772-465a-a9cc-7a6666a275ce
#       title: Azure Machine Learning Workspaces should disable public network access
#     - azure_policy: ee980b6d-0eca-4501-8d54-f6290fd512c3
#       title: Azure AI Search services should disable public network access
#     - checkov: CKV_AZURE_134
#       title: Ensure that Cognitive Services accounts disable public network access
package ailint.rules.ai_service_public_network_access

import data.ailint.lib

# Terraform resources whose boolean `public_network_access_enabled` defaults to true.
tf_bool_types := {
	"azurerm_cognitive_account",
	"azurerm_machine_learning_workspace",
	"azurerm_search_service",
}

# Terraform resources whose string `public_network_access` defaults to "Enabled".
tf_enum_types := {"azurerm_ai_services", "azurerm_ai_foundry"}

arm_types := {
	"microsoft.cognitiveservices/accounts",
	"microsoft.machinelearningservices/workspaces",
	"microsoft.machinelearningservices/workspaces/onlineendpoints",
	"microsoft.search/searchservices",
}

deny contains f if {
	lib.is_terraform
	some t in tf_bool_types
	some r in lib.resources_of(t)
	v := lib.get(r.config, ["public_network_access_enabled"], null)
	v == null
	f := lib.finding_fix(r, ["public_network_access_enabled"], sprintf(
		"%s has no `public_network_access_enabled`, which defaults to true: the service is reachable from the internet; set it to false",
		[r.id],
	), {"set": false})
}

deny contains f if {
	lib.is_terraform
	some t in tf_bool_types
	some r in lib.resources_of(t)
	lib.is_true(lib.get(r.config, ["public_network_access_enabled"], null))
	f := lib.finding_fix(r, ["public_network_access_enabled"], sprintf(
		"%s sets `public_network_access_enabled = true`: the service is reachable from the internet; set it to false",
		[r.id],
	), {"set": false})
}

deny contains f if {
	lib.is_terraform
	some t in tf_enum_types
	some r in lib.resources_of(t)
	v := lib.get(r.config, ["public_network_access"], null)
	msg := tf_enum_message(r, v)
	f := lib.finding_fix(r, ["public_network_access"], msg, {"set": "Disabled"})
}

tf_enum_message(r, v) := sprintf(
	"%s has no `public_network_access`, which defaults to \"Enabled\": the service is reachable from the internet; set it to \"Disabled\"",
	[r.id],
) if {
	v == null
}

tf_enum_message(r, v) := sprintf(
	"%s sets `public_network_access = \"%s\"`: the service is reachable from the internet; set it to \"Disabled\"",
	[r.id, v],
) if {
	lib.equals_ci(v, "Enabled")
}

deny contains f if {
	lib.is_arm
	some r in input.resources
	lower(r.type) in arm_types
	not foundry_project(r)
	v := lib.get(r.config, ["properties", "publicNetworkAccess"], null)
	msg := arm_message(r, v)
	f := lib.finding_fix(r, ["properties", "publicNetworkAccess"], msg, {"set": "Disabled"})
}

# An AI Foundry project (an ML workspace of kind Project) is reached through its hub, whose network
# settings it inherits: the hub is the one to judge.
foundry_project(r) if {
	lower(r.type) == "microsoft.machinelearningservices/workspaces"
	lib.equals_ci(lib.get(r.config, ["kind"], ""), "Project")
}

arm_message(r, v) := sprintf(
	"%s has no `properties.publicNetworkAccess`, which defaults to \"Enabled\": the service is reachable from the internet; set it to \"Disabled\"",
	[r.id],
) if {
	v == null
}

arm_message(r, v) := sprintf(
	"%s sets `publicNetworkAccess` to \"%s\": the service is reachable from the internet; set it to \"Disabled\"",
	[r.id, v],
) if {
	lib.equals_ci(v, "Enabled")
}
