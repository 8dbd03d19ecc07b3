package ailint.rules.ai_service_network_acl_allows_all_test

import data.ailint.rules.ai_service_network_acl_allows_all as rule
import data.ailint.test_inputs

tf(type, config) := test_inputs.unit("terraform", [test_inputs.tf_res(type, "main", config)])

arm(config) := test_inputs.unit("arm", [{"id": "acct", "type": "Microsoft.CognitiveServices/accounts", "name": "aoai-chat", "config": object.union({"name": "aoai-chat"}, config)}])

unknown := {"$unknown": "var.x", "$refs": ["var.x"]}

acl(action) := {"network_acls": [{"default_action": action, "ip_rules": ["203.0.113.0/24"]}]}

test_tf_allow_with_default_public_access_fires if {
	findings := rule.deny with input as tf("azurerm_cognitive_account", acl("Allow"))
	count(findings) == 1
	some f in findings
	f.path == ["network_acls", 0, "default_action"]
	contains(f.message, "`public_network_access_enabled` is not set, which defaults to true")
}

test_tf_allow_with_explicit_public_access_fires if {
	findings := rule.deny with input as tf("azurerm_cognitive_account", object.union(acl("allow"), {"public_network_access_enabled": true}))
	count(findings) == 1
	some f in findings
	contains(f.message, "`public_network_access_enabled = true`")
}

test_tf_ai_services_enum if {
	count(rule.deny) == 1 with input as tf("azurerm_ai_services", acl("Allow"))
	count(rule.deny) == 1 with input as tf("azurerm_ai_services", object.union(acl("Allow"), {"public_network_access": "Enabled"}))
	count(rule.deny) == 0 with input as tf("azurerm_ai_services", object.union(acl("Allow"), {"public_network_access": "Disabled"}))
}

test_tf_passes if {
	# Deny, public access off, unknown action or unknown public access, no ACL at all.
	count(rule.deny) == 0 with input as tf("azurerm_cognitive_account", acl("Deny"))
	count(rule.deny) == 0 with input as tf("azurerm_cognitive_account", object.union(acl("Allow"), {"public_network_access_enabled": false}))
	count(rule.deny) == 0 with input as tf("azurerm_cognitive_account", acl(unknown))
	count(rule.deny) == 0 with input as tf("azurerm_cognitive_account", object.union(acl("Allow"), {"public_network_access_enabled": unknown}))
	count(rule.deny) == 0 with input as tf("azurerm_cognitive_account", {"network_acls": [unknown]})
	count(rule.deny) == 0 with input as tf("azurerm_cognitive_account", {})
	count(rule.deny) == 0 with input as tf("azurerm_search_service", acl("Allow"))
}

test_arm_allow_fires if {
	findings := rule.deny with input as arm({"properties": {"networkAcls": {"defaultAction": "Allow"}}})
	count(findings) == 1
	some f in findings
	f.path == ["properties", "networkAcls", "defaultAction"]
	contains(f.message, "AI services account `aoai-chat`")
	contains(f.message, "`properties.publicNetworkAccess` is not set, which defaults to \"Enabled\"")
	count(rule.deny) == 1 with input as arm({"properties": {"publicNetworkAccess": "enabled", "networkAcls": {"defaultAction": "Allow"}}})
}

test_arm_passes if {
	count(rule.deny) == 0 with input as arm({"properties": {"networkAcls": {"defaultAction": "Deny"}}})
	count(rule.deny) == 0 with input as arm({"properties": {"publicNetworkAccess": "Disabled", "networkAcls": {"defaultAction": "Allow"}}})
	count(rule.deny) == 0 with input as arm({"properties": {"publicNetworkAccess": unknown, "networkAcls": {"defaultAction": "Allow"}}})
	count(rule.deny) == 0 with input as arm({"properties": {"networkAcls": unknown}})
	count(rule.deny) == 0 with input as arm({"properties": {}})
}
