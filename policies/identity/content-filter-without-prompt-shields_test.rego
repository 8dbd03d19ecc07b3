package ailint.rules.content_filter_without_prompt_shields_test

import data.ailint.rules.content_filter_without_prompt_shields as rule
import data.ailint.rules.openai_content_filter_disabled as ail203
import data.ailint.test_inputs

unknown(src) := {"$unknown": src, "$refs": [src]}

tf_filter(name, source, on, block) := {"name": name, "source": source, "filter_enabled": on, "block_enabled": block}

hate := object.union(tf_filter("Hate", "Prompt", true, true), {"severity_threshold": "Medium"})

tf_policy(name, filters) := test_inputs.tf_res("azurerm_cognitive_account_rai_policy", name, {
	"name": name,
	"cognitive_account_id": unknown("azurerm_cognitive_account.openai.id"),
	"base_policy_name": "Microsoft.DefaultV2",
	"content_filter": filters,
})

arm_filter(name, source, on, block) := {"name": name, "source": source, "enabled": on, "blocking": block}

arm_policy(name, filters) := {
	"id": sprintf("Microsoft.CognitiveServices/accounts/raiPolicies/%s", [name]),
	"type": "Microsoft.CognitiveServices/accounts/raiPolicies",
	"name": name,
	"api_version": "2024-10-01",
	"config": {"name": name, "properties": {"basePolicyName": "Microsoft.DefaultV2", "contentFilters": filters}},
}

with_indirect(doc, value) := object.union(doc, {"config": {"rules": {"content-filter-without-prompt-shields": {"require_indirect_attack": value}}}})

# ---------------------------------------------------------------- Terraform

test_tf_missing_jailbreak_points_at_the_policy if {
	findings := rule.deny with input as test_inputs.unit("terraform", [tf_policy("summaries", [hate])])
	count(findings) == 1
	some f in findings
	f.path == []
	not f.fix
	contains(f.message, "RAI policy azurerm_cognitive_account_rai_policy.summaries has no enabled, blocking \"Jailbreak\" content filter on prompts")
	contains(f.message, "add `content_filter { name = \"Jailbreak\", source = \"Prompt\", filter_enabled = true, block_enabled = true }`")
}

test_tf_plan_fires if {
	count(rule.deny) == 1 with input as test_inputs.unit("terraform-plan", [tf_policy("summaries", [hate])])
}

test_tf_jailbreak_on_completion_does_not_count if {
	count(rule.deny) == 1 with input as test_inputs.unit("terraform", [tf_policy("p", [tf_filter("Jailbreak", "Completion", true, true)])])
}

test_tf_blocking_shield_passes_in_any_spelling if {
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [
		tf_policy("a", [hate, tf_filter("Jailbreak", "Prompt", true, true)]),
		tf_policy("b", [tf_filter("jailbreak", "prompt", "true", "true")]),
	])
}

test_tf_unknown_filters_pass if {
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [
		tf_policy("dynamic", unknown("var.filters")),
		tf_policy("item", [hate, unknown("dynamic content_filter")]),
		tf_policy("name", [hate, tf_filter(unknown("each.value.name"), "Prompt", true, true)]),
		tf_policy("source", [tf_filter("Jailbreak", unknown("var.source"), true, true)]),
		tf_policy("flags", [tf_filter("Jailbreak", "Prompt", unknown("var.on"), true)]),
	])
}

# AIL203 reports a listed shield that is off or only annotates; AIL207 stays silent on it, so the
# same filter is never reported twice.
test_tf_disabled_shield_is_left_to_ail203 if {
	for_203 := [
		tf_policy("off", [tf_filter("Jailbreak", "Prompt", false, false)]),
		tf_policy("annotate", [tf_filter("Jailbreak", "Prompt", true, false)]),
	]
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", for_203)
	count(ail203.deny) == 2 with input as test_inputs.unit("terraform", for_203)

	# One of two shields entries on and blocking is enough.
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [tf_policy("two", [
		tf_filter("Jailbreak", "Prompt", true, false),
		tf_filter("Jailbreak", "Prompt", true, true),
	])])
}

test_tf_unset_flag_is_reported_on_the_filter if {
	# azurerm requires both flags; a configuration that omits one still reads as unset.
	f := {"name": "Jailbreak", "source": "Prompt", "filter_enabled": true}
	findings := rule.deny with input as test_inputs.unit("terraform", [tf_policy("p", [hate, f])])
	count(findings) == 1
	some x in findings
	x.path == ["content_filter", 1, "block_enabled"]
	x.fix == {"set": true}
}

test_option_require_indirect_attack if {
	jb := tf_filter("Jailbreak", "Prompt", true, true)

	# Off by default.
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [tf_policy("p", [jb])])

	findings := rule.deny with input as with_indirect(test_inputs.unit("terraform", [tf_policy("p", [jb])]), true)
	count(findings) == 1
	some f in findings
	contains(f.message, "has no enabled, blocking \"Indirect Attack\" content filter on prompts")
	contains(f.message, "instructions hidden in documents")

	# Both missing: one finding on the policy naming both.
	both := rule.deny with input as with_indirect(test_inputs.unit("terraform", [tf_policy("p", [hate])]), "true")
	count(both) == 1
	some g in both
	contains(g.message, "\"Jailbreak\" or \"Indirect Attack\" content filter")

	# Any spelling of the name.
	count(rule.deny) == 0 with input as with_indirect(test_inputs.unit("terraform", [tf_policy("p", [jb, tf_filter("indirect_attack", "Prompt", true, true)])]), true)

	# `Indirect Attack Spotlighting` is another filter.
	count(rule.deny) == 1 with input as with_indirect(test_inputs.unit("terraform", [tf_policy("p", [jb, tf_filter("Indirect Attack Spotlighting", "Prompt", true, true)])]), true)
}

# ---------------------------------------------------------------- ARM / Bicep

test_arm_missing_jailbreak_points_at_content_filters if {
	findings := rule.deny with input as test_inputs.unit("arm", [arm_policy("aoai/harm-only", [arm_filter("Hate", "Prompt", true, true)])])
	count(findings) == 1
	some f in findings
	f.path == ["properties", "contentFilters"]
	contains(f.message, "RAI policy `aoai/harm-only` has no enabled, blocking \"Jailbreak\" content filter on prompts")
	contains(f.message, "to `contentFilters`")
}

test_arm_policy_without_filters_fires if {
	p := {"id": "p", "type": "Microsoft.CognitiveServices/accounts/raiPolicies", "name": "aoai/empty", "config": {"name": "aoai/empty", "properties": {"basePolicyName": "Microsoft.DefaultV2"}}}
	count(rule.deny) == 1 with input as test_inputs.unit("arm", [p])
}

test_arm_unset_blocking_is_reported_with_fix if {
	findings := rule.deny with input as test_inputs.unit("arm", [arm_policy("aoai/p", [{"name": "Jailbreak", "source": "Prompt", "enabled": true}])])
	count(findings) == 1
	some f in findings
	f.path == ["properties", "contentFilters", 0, "blocking"]
	f.fix == {"set": true}
	contains(f.message, "leaves `blocking` of its \"Jailbreak\" filter on prompts unset")

	# Both flags unset: reported once, at `enabled`.
	[g] := [x | some x in rule.deny with input as test_inputs.unit("arm", [arm_policy("aoai/p", [{"name": "Jailbreak"}])])]
	g.path == ["properties", "contentFilters", 0, "enabled"]
}

test_arm_off_shield_is_left_to_ail203 if {
	p := arm_policy("aoai/p", [arm_filter("Jailbreak", "Prompt", false, true)])
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [p])
	count(ail203.deny) == 1 with input as test_inputs.unit("arm", [p])

	# Off and an unset entry: AIL203's finding is enough.
	q := arm_policy("aoai/q", [arm_filter("Jailbreak", "Prompt", false, false), {"name": "Jailbreak", "source": "Prompt"}])
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [q])
}

test_arm_shields_and_unknowns_pass if {
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [
		arm_policy("aoai/a", [arm_filter("Jailbreak", "Prompt", true, true)]),
		arm_policy("aoai/b", [{"name": "jailbreak", "enabled": true, "blocking": true}]),
		arm_policy("aoai/c", [arm_filter("Jailbreak", "Prompt", true, unknown("[parameters('blocking')]"))]),
		arm_policy("aoai/d", unknown("[parameters('filters')]")),
	])
}

test_bicep_fires if {
	count(rule.deny) == 1 with input as test_inputs.unit("bicep", [arm_policy("aoai/p", [arm_filter("Hate", "Prompt", true, true)])])
}
