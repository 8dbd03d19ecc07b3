package ailint.rules.ai_service_outbound_unrestricted_test

import data.ailint.rules.ai_service_outbound_unrestricted as rule
import data.ailint.test_inputs

arm_res(name, config) := {
	"id": sprintf("Microsoft.CognitiveServices/accounts/%s", [name]),
	"type": "Microsoft.CognitiveServices/accounts",
	"name": name,
	"api_version": "2024-10-01",
	"config": object.union({"name": name, "type": "Microsoft.CognitiveServices/accounts"}, config),
}

unknown(src) := {"$unknown": src, "$refs": [src]}

tf(type, config) := test_inputs.unit("terraform", [test_inputs.tf_res(type, "main", config)])

arm(config) := test_inputs.unit("arm", [arm_res("aoai-rag-prod", config)])

# ---------------------------------------------------------------- Terraform

test_tf_openai_account_without_attribute_fires_with_default if {
	findings := rule.deny with input as tf("azurerm_cognitive_account", {"kind": "OpenAI", "sku_name": "S0"})
	count(findings) == 1
	some f in findings
	f.resource == "azurerm_cognitive_account.main"
	f.path == ["outbound_network_access_restricted"]
	f.fix == {"set": true}
	contains(f.message, "Azure OpenAI account azurerm_cognitive_account.main")
	contains(f.message, "defaults to false")
	contains(f.message, "`fqdns`")
}

test_tf_ai_services_kind_fires_case_insensitively if {
	count(rule.deny) == 1 with input as tf("azurerm_cognitive_account", {"kind": "AIServices"})
	count(rule.deny) == 1 with input as tf("azurerm_cognitive_account", {"kind": "aiservices"})
	count(rule.deny) == 1 with input as tf("azurerm_cognitive_account", {"kind": "openai"})
}

test_tf_explicit_false_fires if {
	findings := rule.deny with input as tf("azurerm_cognitive_account", {"kind": "OpenAI", "outbound_network_access_restricted": false})
	count(findings) == 1
	some f in findings
	contains(f.message, "sets `outbound_network_access_restricted = false`")
	count(rule.deny) == 1 with input as tf("azurerm_cognitive_account", {"kind": "OpenAI", "outbound_network_access_restricted": "false"})
}

test_tf_restricted_passes_with_or_without_fqdns if {
	count(rule.deny) == 0 with input as tf("azurerm_cognitive_account", {"kind": "OpenAI", "outbound_network_access_restricted": true, "fqdns": ["srch-rag-prod.search.windows.net"]})
	# An empty allow list is stricter still (no outbound call at all); Checkov's CKV_AZURE_247 asks for a non-empty list.
	count(rule.deny) == 0 with input as tf("azurerm_cognitive_account", {"kind": "OpenAI", "outbound_network_access_restricted": true})
}

test_tf_unknown_values_never_fire if {
	count(rule.deny) == 0 with input as tf("azurerm_cognitive_account", {"kind": "OpenAI", "outbound_network_access_restricted": unknown("var.restrict_outbound")})
	count(rule.deny) == 0 with input as tf("azurerm_cognitive_account", {"kind": unknown("var.kind")})
	count(rule.deny) == 0 with input as tf("azurerm_ai_services", {"outbound_network_access_restricted": unknown("local.dlp")})
}

test_tf_other_kinds_and_missing_kind_pass if {
	count(rule.deny) == 0 with input as tf("azurerm_cognitive_account", {"kind": "SpeechServices"})
	count(rule.deny) == 0 with input as tf("azurerm_cognitive_account", {"kind": "FormRecognizer", "outbound_network_access_restricted": false})
	count(rule.deny) == 0 with input as tf("azurerm_cognitive_account", {"sku_name": "S0"})
}

test_tf_ai_services_fires_without_kind if {
	findings := rule.deny with input as tf("azurerm_ai_services", {"sku_name": "S0"})
	count(findings) == 1
	some f in findings
	f.path == ["outbound_network_access_restricted"]
	contains(f.message, "AI Services account azurerm_ai_services.main")
	count(rule.deny) == 0 with input as tf("azurerm_ai_services", {"outbound_network_access_restricted": true})
}

test_tf_plan_default_is_named if {
	plan := test_inputs.unit("terraform-plan", [test_inputs.tf_res("azurerm_cognitive_account", "main", {"kind": "OpenAI", "outbound_network_access_restricted": false})])
	findings := rule.deny with input as plan
	count(findings) == 1
	some f in findings
	contains(f.message, "is planned with `outbound_network_access_restricted = false` (the provider default)")
}

test_tf_rule_ignores_terraform_types_in_arm_input if {
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [test_inputs.tf_res("azurerm_ai_services", "a", {})])
}

# ---------------------------------------------------------------- ARM / Bicep

test_arm_missing_property_fires if {
	findings := rule.deny with input as arm({"kind": "OpenAI", "properties": {"publicNetworkAccess": "Disabled"}})
	count(findings) == 1
	some f in findings
	f.path == ["properties", "restrictOutboundNetworkAccess"]
	f.fix == {"set": true}
	contains(f.message, "Azure OpenAI account `aoai-rag-prod`")
	contains(f.message, "has no `properties.restrictOutboundNetworkAccess`")
	contains(f.message, "`properties.allowedFqdnList`")
}

test_arm_without_properties_fires if {
	count(rule.deny) == 1 with input as arm({"kind": "AIServices"})
}

test_arm_false_fires_also_as_string if {
	findings := rule.deny with input as arm({"kind": "AIServices", "properties": {"restrictOutboundNetworkAccess": false}})
	count(findings) == 1
	some f in findings
	contains(f.message, "AI Services account")
	contains(f.message, "sets `restrictOutboundNetworkAccess` to false")
	count(rule.deny) == 1 with input as arm({"kind": "openai", "properties": {"restrictOutboundNetworkAccess": "false"}})
}

test_arm_restricted_passes if {
	count(rule.deny) == 0 with input as arm({"kind": "OpenAI", "properties": {"restrictOutboundNetworkAccess": true, "allowedFqdnList": ["stragprod.blob.core.windows.net"]}})
	count(rule.deny) == 0 with input as arm({"kind": "OpenAI", "properties": {"restrictOutboundNetworkAccess": "True"}})
}

test_arm_unknown_values_never_fire if {
	count(rule.deny) == 0 with input as arm({"kind": "OpenAI", "properties": {"restrictOutboundNetworkAccess": unknown("parameters.restrictOutbound")}})
	count(rule.deny) == 0 with input as arm({"kind": "OpenAI", "properties": unknown("variables.accountProperties")})
	count(rule.deny) == 0 with input as arm({"kind": unknown("parameters.kind"), "properties": {}})
}

test_arm_other_kinds_and_children_pass if {
	count(rule.deny) == 0 with input as arm({"kind": "TextAnalytics", "properties": {}})
	count(rule.deny) == 0 with input as arm({"properties": {}})
	child := {
		"id": "Microsoft.CognitiveServices/accounts/deployments/aoai/gpt-4o",
		"type": "Microsoft.CognitiveServices/accounts/deployments",
		"name": "aoai/gpt-4o",
		"api_version": "2024-10-01",
		"config": {"kind": "OpenAI", "properties": {}},
	}
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [child])
}

test_arm_type_compares_case_insensitively if {
	r := object.union(arm_res("aoai", {"kind": "OpenAI"}), {"type": "microsoft.cognitiveservices/Accounts"})
	count(rule.deny) == 1 with input as test_inputs.unit("bicep", [r])
}

test_arm_account_named_by_expression_keeps_the_brand_name if {
	r := arm_res("[parameters('accountName')]", {"kind": "OpenAI", "name": unknown("parameters.accountName")})
	some f in rule.deny with input as test_inputs.unit("arm", [r])
	startswith(f.message, "This Azure OpenAI account has no")
}
