package ailint.rules.content_filter_lenient_threshold_test

import data.ailint.rules.content_filter_lenient_threshold as rule
import data.ailint.rules.openai_content_filter_disabled as ail203
import data.ailint.test_inputs

unknown(src) := {"$unknown": src, "$refs": [src]}

tf_filter(name, source, threshold) := {"name": name, "source": source, "filter_enabled": true, "block_enabled": true, "severity_threshold": threshold}

tf_policy(name, filters) := test_inputs.tf_res("azurerm_cognitive_account_rai_policy", name, {
	"name": name,
	"cognitive_account_id": unknown("azurerm_cognitive_account.openai.id"),
	"base_policy_name": "Microsoft.DefaultV2",
	"content_filter": filters,
})

arm_filter(name, source, threshold) := {"name": name, "source": source, "enabled": true, "blocking": true, "severityThreshold": threshold}

arm_policy(name, filters) := {
	"id": sprintf("Microsoft.CognitiveServices/accounts/raiPolicies/%s", [name]),
	"type": "Microsoft.CognitiveServices/accounts/raiPolicies",
	"name": name,
	"api_version": "2024-10-01",
	"config": {"name": name, "properties": {"basePolicyName": "Microsoft.DefaultV2", "contentFilters": filters}},
}

with_option(doc, value) := object.union(doc, {"config": {"rules": {"content-filter-lenient-threshold": {"max_threshold": value}}}})

# ---------------------------------------------------------------- Terraform

relaxed := tf_policy("relaxed", [
	tf_filter("Hate", "Prompt", "High"),
	tf_filter("Sexual", "Completion", "Medium"),
	tf_filter("Violence", "Completion", "Low"),
	tf_filter("SelfHarm", "Completion", "High"),
])

test_tf_high_threshold_fires_on_the_attribute_with_fix if {
	findings := rule.deny with input as test_inputs.unit("terraform", [relaxed])
	count(findings) == 2
	{f.path | some f in findings} == {["content_filter", 0, "severity_threshold"], ["content_filter", 3, "severity_threshold"]}
	every f in findings {
		f.fix == {"set": "Medium"}
	}
	some f in findings
	f.path == ["content_filter", 0, "severity_threshold"]
	contains(f.message, "RAI policy azurerm_cognitive_account_rai_policy.relaxed sets `severity_threshold = \"High\"`")
	contains(f.message, "the \"Hate\" filter on prompts acts only on content rated high, so low- and medium-severity content passes unfiltered")
	some g in findings
	g.path == ["content_filter", 3, "severity_threshold"]
	contains(g.message, "the \"Selfharm\" filter on completions")
}

test_tf_plan_fires if {
	count(rule.deny) == 2 with input as test_inputs.unit("terraform-plan", [relaxed])
}

test_option_max_threshold if {
	# Low: Medium fires too, and the fix sets Low.
	low := rule.deny with input as with_option(test_inputs.unit("terraform", [relaxed]), "low")
	count(low) == 3
	every f in low {
		f.fix == {"set": "Low"}
		contains(f.message, "the most lenient threshold allowed is Low")
	}
	some m in low
	contains(m.message, "acts only on content rated medium or high, so low-severity content passes unfiltered")

	# High: nothing is above it.
	count(rule.deny) == 0 with input as with_option(test_inputs.unit("terraform", [relaxed]), "High")

	# An invalid option falls back to Medium.
	count(rule.deny) == 2 with input as with_option(test_inputs.unit("terraform", [relaxed]), "Severe")
	count(rule.deny) == 2 with input as with_option(test_inputs.unit("terraform", [relaxed]), 3)
}

test_tf_other_filters_unknowns_and_off_filters_pass if {
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [tf_policy("p", [
		# Not a multi-severity harm filter.
		{"name": "Jailbreak", "source": "Prompt", "filter_enabled": true, "block_enabled": true},
		{"name": "Profanity", "source": "Prompt", "filter_enabled": true, "block_enabled": true, "severity_threshold": "High"},
		# Unknown threshold, name or filter.
		tf_filter("Hate", "Prompt", unknown("var.hate_threshold")),
		tf_filter(unknown("each.value.name"), "Prompt", "High"),
		unknown("dynamic content_filter"),
		# Off or not blocking: AIL203 reports these.
		{"name": "Violence", "source": "Completion", "filter_enabled": false, "block_enabled": false, "severity_threshold": "High"},
		{"name": "Sexual", "source": "Completion", "filter_enabled": true, "block_enabled": "false", "severity_threshold": "High"},
		# No threshold (optional in azurerm 4.x): the service default applies.
		{"name": "Selfharm", "source": "Completion", "filter_enabled": true, "block_enabled": true},
	])])
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [tf_policy("dyn", unknown("var.filters"))])
}

test_tf_enabled_unknown_still_fires if {
	# The threshold is known; whether the filter is on does not change that it is too lenient.
	f := {"name": "Hate", "source": "Prompt", "filter_enabled": unknown("var.on"), "block_enabled": true, "severity_threshold": "High"}
	count(rule.deny) == 1 with input as test_inputs.unit("terraform", [tf_policy("p", [f])])
}

# ---------------------------------------------------------------- ARM / Bicep

test_arm_severity_threshold_fires_case_insensitively if {
	findings := rule.deny with input as test_inputs.unit("arm", [arm_policy("aoai/relaxed", [
		arm_filter("hate", "prompt", "high"),
		arm_filter("Selfharm", "Completion", "HIGH"),
		arm_filter("Violence", "Completion", "Medium"),
	])])
	count(findings) == 2
	some f in findings
	f.path == ["properties", "contentFilters", 0, "severityThreshold"]
	f.fix == {"set": "Medium"}
	contains(f.message, "RAI policy `aoai/relaxed` sets `severityThreshold` to \"high\": the \"Hate\" filter on prompts")
}

test_arm_allowed_content_level_of_older_api_versions if {
	legacy := {"name": "sexual", "source": "completion", "enabled": true, "blocking": true, "allowedContentLevel": "High"}
	findings := rule.deny with input as test_inputs.unit("arm", [arm_policy("aoai/legacy", [legacy])])
	count(findings) == 1
	some f in findings
	f.path == ["properties", "contentFilters", 0, "allowedContentLevel"]
	contains(f.message, "sets `allowedContentLevel` to \"High\"")

	# severityThreshold wins when both are written.
	both := object.union(legacy, {"severityThreshold": "Medium"})
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [arm_policy("aoai/legacy", [both])])
}

test_bicep_fires if {
	count(rule.deny) == 1 with input as test_inputs.unit("bicep", [arm_policy("aoai/p", [arm_filter("Violence", "Prompt", "High")])])
}

test_arm_unknowns_and_off_filters_pass if {
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [arm_policy("aoai/p", [
		arm_filter("Hate", "Prompt", unknown("[parameters('threshold')]")),
		{"name": "Violence", "source": "Completion", "enabled": false, "blocking": true, "severityThreshold": "High"},
		{"name": "Jailbreak", "source": "Prompt", "enabled": true, "blocking": true},
	])])
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [arm_policy("aoai/p", unknown("[variables('filters')]"))])
}

# A filter that is off or does not block is AIL203's finding; AIL206 does not report its threshold
# too, so the same filter is never reported twice.
test_off_filters_are_left_to_ail203 if {
	off := tf_policy("sandbox", [
		{"name": "Violence", "source": "Completion", "filter_enabled": false, "block_enabled": false, "severity_threshold": "High"},
		{"name": "Hate", "source": "Prompt", "filter_enabled": true, "block_enabled": false, "severity_threshold": "High"},
	])
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [off])
	count(ail203.deny) == 2 with input as test_inputs.unit("terraform", [off])
}
