package ailint.rules.openai_content_filter_disabled_test

import data.ailint.rules.openai_content_filter_disabled as rule
import data.ailint.test_inputs

arm_res(type, name, config) := {"id": sprintf("%s/%s", [type, name]), "type": type, "name": name, "api_version": "2024-10-01", "config": object.union({"name": name}, config)}

ref(address) := {"$unknown": sprintf("%s.id", [address]), "$refs": [address]}

unknown(src) := {"$unknown": src, "$refs": [src]}

# ---------------------------------------------------------------- Terraform policies

tf_filter(name, source, on, block) := {"name": name, "source": source, "filter_enabled": on, "block_enabled": block, "severity_threshold": "Medium"}

tf_policy(name, filters) := test_inputs.tf_res("azurerm_cognitive_account_rai_policy", name, {
	"name": name,
	"cognitive_account_id": ref("azurerm_cognitive_account.openai"),
	"base_policy_name": "Microsoft.Default",
	"content_filter": filters,
})

strict := tf_policy("strict", [tf_filter("Hate", "Prompt", true, true), tf_filter("Hate", "Completion", true, true)])

relaxed := tf_policy("relaxed", [
	tf_filter("Hate", "Prompt", true, true),
	tf_filter("Violence", "Completion", false, false),
	tf_filter("Sexual", "Prompt", true, false),
])

test_tf_policy_reports_each_off_filter if {
	findings := rule.deny with input as test_inputs.unit("terraform", [relaxed])
	count(findings) == 2
	paths := {f.path | some f in findings}
	paths == {["content_filter", 1, "filter_enabled"], ["content_filter", 2, "block_enabled"]}
	some f in findings
	f.path == ["content_filter", 1, "filter_enabled"]
	contains(f.message, "turns off the \"Violence\" filter on completions")
	some g in findings
	g.path == ["content_filter", 2, "block_enabled"]
	contains(g.message, "lets the \"Sexual\" filter on prompts annotate without blocking")
}

test_tf_strict_policy_passes if {
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [strict])
}

test_tf_unknown_flags_and_dynamic_blocks_pass if {
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [tf_policy("p", [tf_filter("Hate", "Prompt", unknown("var.on"), unknown("var.block"))])])
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [tf_policy("p", [unknown("var.filters")])])
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [test_inputs.tf_res("azurerm_cognitive_account_rai_policy", "p", {"content_filter": unknown("var.filters")})])
}

test_tf_string_booleans if {
	count(rule.deny) == 1 with input as test_inputs.unit("terraform", [tf_policy("p", [tf_filter("Hate", "Prompt", "false", true)])])
}

# ---------------------------------------------------------------- Terraform deployments

deployment(name, policy_name, account) := test_inputs.tf_res("azurerm_cognitive_deployment", name, {
	"name": name,
	"cognitive_account_id": account,
	"rai_policy_name": policy_name,
	"model": [{"format": "OpenAI", "name": "gpt-4o", "version": "2024-08-06"}],
	"sku": [{"name": "GlobalStandard", "capacity": 50}],
})

deployment_findings(findings) := {f | some f in findings; f.resource == "azurerm_cognitive_deployment.chat"}

test_tf_deployment_joined_by_reference_fires if {
	d := deployment("chat", {"$unknown": "azurerm_cognitive_account_rai_policy.relaxed.name", "$refs": ["azurerm_cognitive_account_rai_policy.relaxed"]}, ref("azurerm_cognitive_account.openai"))
	findings := rule.deny with input as test_inputs.unit("terraform", [relaxed, d])
	count(findings) == 3
	[f] := [x | some x in deployment_findings(findings)]
	f.path == ["rai_policy_name"]
	contains(f.message, "uses the RAI policy \"relaxed\" (azurerm_cognitive_account_rai_policy.relaxed)")
	contains(f.message, "turns off the \"Violence\" filter on completions")
}

test_tf_deployment_joined_by_literal_name_fires if {
	d := deployment("chat", "relaxed", ref("azurerm_cognitive_account.openai"))
	findings := rule.deny with input as test_inputs.unit("terraform", [relaxed, d])
	count(deployment_findings(findings)) == 1
}

test_tf_deployment_of_strict_policy_passes if {
	d := deployment("chat", {"$unknown": "azurerm_cognitive_account_rai_policy.strict.name", "$refs": ["azurerm_cognitive_account_rai_policy.strict"]}, ref("azurerm_cognitive_account.openai"))
	count(deployment_findings(rule.deny)) == 0 with input as test_inputs.unit("terraform", [strict, relaxed, d])
	count(deployment_findings(rule.deny)) == 0 with input as test_inputs.unit("terraform", [relaxed, deployment("chat", "strict", ref("azurerm_cognitive_account.openai"))])
	count(deployment_findings(rule.deny)) == 0 with input as test_inputs.unit("terraform", [relaxed, deployment("chat", "Microsoft.DefaultV2", ref("azurerm_cognitive_account.openai"))])
}

test_tf_deployment_on_another_account_is_not_joined if {
	d := deployment("chat", "relaxed", ref("azurerm_cognitive_account.other"))
	count(deployment_findings(rule.deny)) == 0 with input as test_inputs.unit("terraform", [relaxed, d])
}

test_tf_deployment_with_unknown_account_joins_by_name if {
	d := deployment("chat", "relaxed", unknown("var.account_id"))
	count(deployment_findings(rule.deny)) == 1 with input as test_inputs.unit("terraform", [relaxed, d])
}

test_tf_deployment_unknown_policy_name_passes if {
	d := deployment("chat", unknown("var.rai_policy"), ref("azurerm_cognitive_account.openai"))
	count(deployment_findings(rule.deny)) == 0 with input as test_inputs.unit("terraform", [relaxed, d])
}

test_tf_deployment_without_policy_passes if {
	d := test_inputs.tf_res("azurerm_cognitive_deployment", "chat", {"cognitive_account_id": ref("azurerm_cognitive_account.openai")})
	count(deployment_findings(rule.deny)) == 0 with input as test_inputs.unit("terraform", [relaxed, d])
}

# ---------------------------------------------------------------- ARM

arm_filter(name, source, on, block) := {"name": name, "source": source, "enabled": on, "blocking": block, "severityThreshold": "Medium"}

arm_policy(name, filters) := arm_res("Microsoft.CognitiveServices/accounts/raiPolicies", name, {"properties": {"basePolicyName": "Microsoft.Default", "contentFilters": filters}})

arm_deployment(name, policy_name) := arm_res("Microsoft.CognitiveServices/accounts/deployments", name, {"properties": {
	"model": {"format": "OpenAI", "name": "gpt-4o"},
	"raiPolicyName": policy_name,
}})

arm_relaxed := arm_policy("aoai/no-jailbreak", [arm_filter("Jailbreak", "Prompt", false, false), arm_filter("Hate", "Completion", true, true)])

test_arm_policy_filter_off_fires if {
	findings := rule.deny with input as test_inputs.unit("arm", [arm_relaxed])
	count(findings) == 1
	some f in findings
	f.path == ["properties", "contentFilters", 0, "enabled"]
	contains(f.message, "RAI policy `aoai/no-jailbreak` turns off the \"Jailbreak\" filter on prompts")
}

test_arm_policy_blocking_off_fires if {
	findings := rule.deny with input as test_inputs.unit("arm", [arm_policy("aoai/annotate", [arm_filter("Violence", "Completion", true, "false")])])
	count(findings) == 1
	some f in findings
	f.path == ["properties", "contentFilters", 0, "blocking"]
}

test_arm_strict_and_unknown_pass if {
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [arm_policy("aoai/strict", [arm_filter("Hate", "Prompt", true, true)])])
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [arm_policy("aoai/p", [arm_filter("Hate", "Prompt", unknown("parameters.on"), true)])])
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [arm_policy("aoai/p", unknown("parameters.filters"))])
}

arm_deployment_findings(findings) := {f | some f in findings; f.resource == "Microsoft.CognitiveServices/accounts/deployments/aoai/chat"}

test_arm_deployment_joined_by_name_fires if {
	findings := rule.deny with input as test_inputs.unit("arm", [arm_relaxed, arm_deployment("aoai/chat", "no-jailbreak")])
	[f] := [x | some x in arm_deployment_findings(findings)]
	f.path == ["properties", "raiPolicyName"]
	contains(f.message, "Deployment `aoai/chat` uses the RAI policy `aoai/no-jailbreak`")
}

test_arm_deployment_on_another_account_or_other_policy_passes if {
	count(arm_deployment_findings(rule.deny)) == 0 with input as test_inputs.unit("arm", [arm_relaxed, arm_deployment("other/chat", "no-jailbreak")])
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [arm_deployment("aoai/chat", "Microsoft.DefaultV2")])
	count(arm_deployment_findings(rule.deny)) == 0 with input as test_inputs.unit("arm", [arm_relaxed, arm_deployment("aoai/chat", unknown("parameters.policy"))])
}

test_arm_deployment_joined_by_resource_reference_fires if {
	v := {"$unknown": "[last(split(resourceId('Microsoft.CognitiveServices/accounts/raiPolicies', 'aoai', 'no-jailbreak'), '/'))]", "$refs": ["Microsoft.CognitiveServices/accounts/raiPolicies/aoai/no-jailbreak"]}
	count(arm_deployment_findings(rule.deny)) == 1 with input as test_inputs.unit("arm", [arm_relaxed, arm_deployment("aoai/chat", v)])
}

test_arm_nested_child_and_expression_names_join if {
	# A policy nested in its account: `name` is its own name, the parser's name the full one.
	nested := {"id": "Microsoft.CognitiveServices/accounts/raiPolicies/aoai/no-jailbreak", "type": "Microsoft.CognitiveServices/accounts/raiPolicies", "name": "aoai/no-jailbreak", "config": {"name": "no-jailbreak", "properties": {"contentFilters": [arm_filter("Jailbreak", "Prompt", false, true)]}}}
	count(arm_deployment_findings(rule.deny)) == 1 with input as test_inputs.unit("arm", [nested, arm_deployment("aoai/chat", "no-jailbreak")])

	# Bicep children named by format(): the own name is the last literal argument.
	expr := "[format('{0}/{1}', parameters('accountName'), 'no-jailbreak')]"
	bicep := {"id": "policy", "type": "Microsoft.CognitiveServices/accounts/raiPolicies", "name": expr, "config": {"name": unknown(expr), "properties": {"contentFilters": [arm_filter("Jailbreak", "Prompt", false, true)]}}}
	dexpr := "[format('{0}/{1}', parameters('accountName'), 'chat')]"
	dep := {"id": "chat", "type": "Microsoft.CognitiveServices/accounts/deployments", "name": dexpr, "config": {"name": unknown(dexpr), "properties": {"raiPolicyName": "no-jailbreak"}}}
	findings := rule.deny with input as test_inputs.unit("arm", [bicep, dep])
	count({f | some f in findings; f.resource == "chat"}) == 1

	# A name that is a bare parameter says nothing about the own name.
	pexpr := "[parameters('policyName')]"
	param := {"id": "policy", "type": "Microsoft.CognitiveServices/accounts/raiPolicies", "name": pexpr, "config": {"name": unknown(pexpr), "properties": {"contentFilters": [arm_filter("Jailbreak", "Prompt", false, true)]}}}
	dep2 := {"id": "chat", "type": "Microsoft.CognitiveServices/accounts/deployments", "name": dexpr, "config": {"name": unknown(dexpr), "properties": {"raiPolicyName": "policyName"}}}
	count({f | some f in rule.deny; f.resource == "chat"}) == 0 with input as test_inputs.unit("arm", [param, dep2])
}
