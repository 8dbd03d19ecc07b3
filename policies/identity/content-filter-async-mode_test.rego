package ailint.rules.content_filter_async_mode_test

import data.ailint.rules.content_filter_async_mode as rule
import data.ailint.test_inputs

unknown(src) := {"$unknown": src, "$refs": [src]}

hate := {"name": "Hate", "filter_enabled": true, "block_enabled": true, "severity_threshold": "Medium", "source": "Completion"}

tf_policy(name, extra) := test_inputs.tf_res("azurerm_cognitive_account_rai_policy", name, object.union({
	"name": name,
	"cognitive_account_id": unknown("azurerm_cognitive_account.openai.id"),
	"base_policy_name": "Microsoft.DefaultV2",
	"content_filter": [hate],
}, extra))

arm_policy(name, props) := {
	"id": sprintf("Microsoft.CognitiveServices/accounts/raiPolicies/%s", [name]),
	"type": "Microsoft.CognitiveServices/accounts/raiPolicies",
	"name": name,
	"api_version": "2025-06-01",
	"config": {"name": name, "properties": object.union({"basePolicyName": "Microsoft.DefaultV2"}, props)},
}

# ---------------------------------------------------------------- Terraform

test_tf_asynchronous_filter_fires_with_fix if {
	findings := rule.deny with input as test_inputs.unit("terraform", [tf_policy("chat", {"mode": "Asynchronous_filter"})])
	count(findings) == 1
	some f in findings
	f.path == ["mode"]
	f.fix == {"set": "Default"}
	contains(f.message, "RAI policy azurerm_cognitive_account_rai_policy.chat sets `mode = \"Asynchronous_filter\"`")
	contains(f.message, "set `mode = \"Default\"`")
}

test_tf_deferred_and_case_insensitive_fire if {
	findings := rule.deny with input as test_inputs.unit("terraform", [
		tf_policy("old", {"mode": "Deferred"}),
		tf_policy("lower", {"mode": "asynchronous_filter"}),
	])
	count(findings) == 2
	some f in findings
	f.resource == "azurerm_cognitive_account_rai_policy.old"
	contains(f.message, "the name `Asynchronous_filter` had before API version 2025-06-01")
}

test_tf_plan_fires if {
	count(rule.deny) == 1 with input as test_inputs.unit("terraform-plan", [tf_policy("chat", {"mode": "Deferred"})])
}

test_tf_synchronous_absent_and_unknown_modes_pass if {
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [
		tf_policy("default", {"mode": "Default"}),
		tf_policy("blocking", {"mode": "Blocking"}),
		tf_policy("absent", {}),
		tf_policy("var", {"mode": unknown("var.filter_mode")}),
	])
}

# ---------------------------------------------------------------- ARM / Bicep

test_arm_async_modes_fire if {
	findings := rule.deny with input as test_inputs.unit("arm", [
		arm_policy("aoai/chat", {"mode": "Asynchronous_filter"}),
		arm_policy("aoai/legacy", {"mode": "DEFERRED"}),
	])
	count(findings) == 2
	every f in findings {
		f.path == ["properties", "mode"]
		f.fix == {"set": "Default"}
	}
	some f in findings
	contains(f.message, "RAI policy `aoai/chat` sets `mode` to \"Asynchronous_filter\"")
}

test_bicep_fires if {
	count(rule.deny) == 1 with input as test_inputs.unit("bicep", [arm_policy("aoai/chat", {"mode": "Asynchronous_filter"})])
}

test_arm_other_modes_and_unknown_pass if {
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [
		arm_policy("aoai/default", {"mode": "Default"}),
		arm_policy("aoai/blocking", {"mode": "Blocking"}),
		arm_policy("aoai/absent", {}),
		arm_policy("aoai/param", {"mode": unknown("[parameters('mode')]")}),
	])
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [{
		"id": "p", "type": "Microsoft.CognitiveServices/accounts/raiPolicies", "name": "p",
		"config": {"name": "p", "properties": unknown("[variables('policyProperties')]")},
	}])
}

test_arm_policy_named_by_expression if {
	expr := "[format('{0}/{1}', parameters('accountName'), 'streaming')]"
	p := {"id": "streaming", "type": "Microsoft.CognitiveServices/accounts/raiPolicies", "name": expr, "config": {"name": unknown(expr), "properties": {"mode": "Deferred"}}}
	some f in rule.deny with input as test_inputs.unit("arm", [p])
	startswith(f.message, "RAI policy `streaming` sets")
	q := {"id": "q", "type": "Microsoft.CognitiveServices/accounts/raiPolicies", "name": "[parameters('name')]", "config": {"name": unknown("[parameters('name')]"), "properties": {"mode": "Deferred"}}}
	some g in rule.deny with input as test_inputs.unit("arm", [q])
	startswith(g.message, "This RAI policy sets")
}

test_azapi_policy_in_terraform_named_by_address if {
	p := {"id": "azapi_resource.streaming", "type": "Microsoft.CognitiveServices/accounts/raiPolicies", "name": "streaming", "config": {"name": "streaming", "properties": {"mode": "Asynchronous_filter"}}}
	some f in rule.deny with input as test_inputs.unit("terraform", [p])
	startswith(f.message, "RAI policy azapi_resource.streaming sets `mode` to")
}
