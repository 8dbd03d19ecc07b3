# METADATA
# title: AI service network ACL allows every address
# description: |
#   A network ACL whose default action is Allow lets every internet address that matches no rule
#   reach the Azure OpenAI or AI Services account, so the `ip_rules` and virtual network rules next
#   to it restrict nothing. Teams often add the ACL believing the account is now firewalled, while
#   prompts, completions and the token quota stay open to anyone holding a key. The rule fires only
#   while public network access is on; with it off the ACL does not matter.
# custom:
#   id: AIL103
#   slug: ai-service-network-acl-allows-all
#   severity: warning
#   formats: [terraform, arm, bicep]
#   resource_types:
#     - azurerm_cognitive_account
#     - azurerm_ai_services
#     - Microsoft.CognitiveServices/accounts
#   default: on
#   fix: unsafe
#   remediation: |
#     Terraform: set `network_acls { default_action = "Deny" }` and list the allowed `ip_rules` and
#     `virtual_network_rules`, or turn public access off (`public_network_access_enabled = false`,
#     `public_network_access = "Disabled"` on `azurerm_ai_services`) and use a private endpoint.
#     ARM/Bicep: set `properties.networkAcls.defaultAction` to `Deny` with the allowed `ipRules` and
#     `virtualNetworkRules`, or set `properties.publicNetworkAccess` to `Disabled`.
#   tags: [security, network]
package ailint.rules.ai_service_network_acl_allows_all

import data.ailint.lib

# A missing `network_acls` block also admits every address, but then nothing suggests a firewall:
# that is AIL101's finding (public network access), not this one's.
tf_types := {"azurerm_cognitive_account", "azurerm_ai_services"}

deny contains f if {
	lib.is_terraform
	some t in tf_types
	some r in lib.resources_of(t)
	v := lib.get(r.config, ["network_acls", 0, "default_action"], null)
	lib.equals_ci(v, "Allow")
	access := lib.net_public_access(r)
	f := lib.finding_fix(r, ["network_acls", 0, "default_action"], sprintf(
		"%s sets `network_acls.default_action = \"%s\"` while %s: every internet address reaches the account and its `ip_rules` and `virtual_network_rules` restrict nothing; set `default_action = \"Deny\"`, or turn public network access off",
		[r.id, v, access.text],
	), {"set": "Deny"})
}

deny contains f if {
	lib.is_arm
	some r in lib.arm_resources("Microsoft.CognitiveServices/accounts")
	v := lib.get(r.config, ["properties", "networkAcls", "defaultAction"], null)
	lib.equals_ci(v, "Allow")
	access := lib.net_public_access(r)
	f := lib.finding_fix(r, ["properties", "networkAcls", "defaultAction"], sprintf(
		"%s sets `networkAcls.defaultAction` to \"%s\" while %s: every internet address reaches the account and its `ipRules` and `virtualNetworkRules` restrict nothing; set it to \"Deny\", or set `publicNetworkAccess` to \"Disabled\"",
		[lib.subject("AI services account", r), v, access.text],
	), {"set": "Deny"})
}
