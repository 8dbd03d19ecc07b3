# METADATA
# title: Azure OpenAI / AI Services account can send data to any host
# description: |
#   Azure OpenAI and AI Services accounts make outbound calls on a caller's behalf: they fetch
#   content from URLs named in requests (such as image URLs in chat prompts) and read "On Your Data"
#   sources such as AI Search indexes and Blob containers. Unless outbound network access is
#   restricted, the account can reach any host on the internet, so whoever can call it (or holds a
#   leaked key) can use it to move prompts, documents and results to hosts you never approved,
#   past your own egress controls. Data loss prevention limits those calls to a list of allowed
#   FQDNs; the provider and API default is unrestricted.
# custom:
#   id: AIL106
#   slug: ai-service-outbound-unrestricted
#   severity: warning
#   formats: [terraform, arm, bicep]
#   resource_types:
#     - azurerm_cognitive_account
#     - azurerm_ai_services
#     - Microsoft.CognitiveServices/accounts
#   default: on
#   fix: unsafe
#   remediation: |
#     Terraform: set `outbound_network_access_restricted = true` on `azurerm_cognitive_account`
#     (kind `OpenAI` or `AIServices`) and on `azurerm_ai_services`, and list the hosts the account
#     must still reach (for example the endpoints of its AI Search service and storage account) in
#     `fqdns`.
#     ARM/Bicep: set `properties.restrictOutboundNetworkAccess` to `true` on
#     `Microsoft.CognitiveServices/accounts` and put the allowed hosts in
#     `properties.allowedFqdnList` (at most 1000 FQDNs).
#     With the restriction on, every outbound call to a host that is not listed fails: collect the
#     data sources and URLs the account's callers use before you turn it on. The fix only sets the
#     flag, which is why it is unsafe.
#   tags: [security, network, data-exfiltration]
#   references:
#     - checkov: CKV_AZURE_247
#       title: Ensure that Azure Cognitive Services account hosted with OpenAI is configured with data loss prevention
#     - url: https://learn.microsoft.com/azure/ai-services/cognitive-services-data-loss-prevention
#       title: Configure data loss prevention for Azure AI services
package ailint.rules.ai_service_outbound_unrestricted

import data.ailint.lib

# Account kinds the rule applies to (RULES.md, "Settled details": OpenAI and AIServices in every
# format), lower-cased. An account whose kind is unknown is never reported.
kinds := {"openai", "aiservices"}

consequence := "it can reach any host that a request or data source names, so prompts, documents and results can leave through it to hosts you never approved"

# in_scope(r): r is an Azure OpenAI or AI Services account. `azurerm_ai_services` is always an
# AI Services account; other accounts need a known kind of OpenAI or AIServices.
in_scope(r) if r.type == "azurerm_ai_services"

in_scope(r) if {
	kind := lib.get(r.config, ["kind"], null)
	is_string(kind)
	lower(kind) in kinds
}

# subject(r): how a message names the account. lib.subject lower-cases the first letter of the kind
# for an ARM account named by an expression ("This azure OpenAI account"); keep the brand name.
subject(r) := lib.subject(lib.idn_account_kind(r), r)

# ---------------------------------------------------------------------------------------------
# Terraform (HCL and plan): `outbound_network_access_restricted`, default false, on both types.
# ---------------------------------------------------------------------------------------------

tf_types := {"azurerm_cognitive_account", "azurerm_ai_services"}

tf_attr := "outbound_network_access_restricted"

deny contains f if {
	lib.is_terraform
	some t in tf_types
	some r in lib.resources_of(t)
	in_scope(r)
	text := tf_setting_text(lib.get(r.config, [tf_attr], null))
	f := lib.finding_fix(r, [tf_attr], sprintf(
		"%s %s: %s; set `%s = true` and list the hosts it must reach in `fqdns`",
		[subject(r), text, consequence, tf_attr],
	), {"set": true})
}

tf_setting_text(v) := sprintf("has no `%s`, which defaults to false", [tf_attr]) if {
	v == null
} else := sprintf("is planned with `%s = false` (the provider default)", [tf_attr]) if {
	lib.is_terraform_plan
	lib.is_false(v)
} else := sprintf("sets `%s = false`", [tf_attr]) if {
	lib.is_false(v)
}

# ---------------------------------------------------------------------------------------------
# ARM / Bicep (and azapi resources lowered to the ARM shape): `restrictOutboundNetworkAccess`
# absent means unrestricted.
# ---------------------------------------------------------------------------------------------

deny contains f if {
	lib.is_arm
	some r in lib.arm_resources(lib.idn_arm_account_type)
	in_scope(r)
	text := arm_setting_text(lib.get(r.config, ["properties", "restrictOutboundNetworkAccess"], null))
	f := lib.finding_fix(r, ["properties", "restrictOutboundNetworkAccess"], sprintf(
		"%s %s: %s; set it to true and list the hosts it must reach in `properties.allowedFqdnList`",
		[subject(r), text, consequence],
	), {"set": true})
}

arm_setting_text(v) := "has no `properties.restrictOutboundNetworkAccess` (outbound access is unrestricted by default)" if {
	v == null
} else := sprintf("sets `restrictOutboundNetworkAccess` to %v", [v]) if {
	lib.is_false(v)
}
