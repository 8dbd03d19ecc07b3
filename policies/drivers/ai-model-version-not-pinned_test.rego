package ailint.rules.ai_model_version_not_pinned_test

import data.ailint.rules.ai_model_version_not_pinned as rule
import data.ailint.test_inputs

unknown(src) := {"$unknown": src, "$refs": [src]}

model(version) := {"format": "OpenAI", "name": "gpt-4o", "version": version}

tf(config) := test_inputs.unit("terraform", [test_inputs.tf_res("azurerm_cognitive_deployment", "chat", object.union(
	{"name": "gpt-4o-chat", "cognitive_account_id": unknown("azurerm_cognitive_account.openai.id"), "sku": [{"name": "GlobalStandard", "capacity": 50}]},
	config,
))])

arm_dep(name, config) := {
	"id": sprintf("Microsoft.CognitiveServices/accounts/deployments/%s", [name]),
	"type": "Microsoft.CognitiveServices/accounts/deployments",
	"name": name,
	"api_version": "2024-10-01",
	"config": object.union({"name": name, "type": "Microsoft.CognitiveServices/accounts/deployments", "sku": {"name": "Standard", "capacity": 10}}, config),
}

arm(config) := test_inputs.unit("arm", [arm_dep("aoai-chat-prod/gpt-4o", config)])

paths(findings) := {f.path | some f in findings}

# ---------------------------------------------------------------- Terraform

test_tf_pinned_deployment_passes if {
	count(rule.deny) == 0 with input as tf({"model": [model("2024-08-06")], "version_upgrade_option": "OnceCurrentVersionExpired"})
	count(rule.deny) == 0 with input as tf({"model": [model("2024-08-06")], "version_upgrade_option": "NoAutoUpgrade"})
	count(rule.deny) == 0 with input as tf({"model": [model("2024-08-06")], "version_upgrade_option": "oncecurrentversionexpired"})
}

test_tf_missing_upgrade_option_fires_with_default_and_safe_fix if {
	findings := rule.deny with input as tf({"model": [model("2024-08-06")]})
	count(findings) == 1
	some f in findings
	f.resource == "azurerm_cognitive_deployment.chat"
	f.path == ["version_upgrade_option"]
	f.fix == {"set": "OnceCurrentVersionExpired"}
	contains(f.message, "Model deployment azurerm_cognitive_deployment.chat")
	contains(f.message, "defaults to \"OnceNewDefaultVersionAvailable\"")
	contains(f.message, "\"OnceCurrentVersionExpired\"")
}

test_tf_explicit_auto_upgrade_fires_case_insensitively if {
	findings := rule.deny with input as tf({"model": [model("2024-08-06")], "version_upgrade_option": "OnceNewDefaultVersionAvailable"})
	count(findings) == 1
	some f in findings
	contains(f.message, "sets `version_upgrade_option = \"OnceNewDefaultVersionAvailable\"`")
	count(rule.deny) == 1 with input as tf({"model": [model("2024-08-06")], "version_upgrade_option": "oncenewdefaultversionavailable"})
}

test_tf_missing_version_fires_on_the_model_block_without_fix if {
	findings := rule.deny with input as tf({"model": [{"format": "OpenAI", "name": "gpt-4o-mini"}], "version_upgrade_option": "OnceCurrentVersionExpired"})
	count(findings) == 1
	some f in findings
	f.path == ["model", 0, "version"]
	not f.fix
	contains(f.message, "no `version` in its `model` block")
	contains(f.message, "\"gpt-4o-mini\"")
}

test_tf_empty_version_counts_as_missing if {
	count(rule.deny) == 1 with input as tf({"model": [model("")], "version_upgrade_option": "NoAutoUpgrade"})
}

test_tf_both_problems_give_two_findings_in_two_places if {
	findings := rule.deny with input as tf({"model": [{"format": "OpenAI", "name": "gpt-4o"}]})
	count(findings) == 2
	paths(findings) == {["version_upgrade_option"], ["model", 0, "version"]}
}

test_tf_unknown_values_never_fire if {
	count(rule.deny) == 0 with input as tf({"model": [model(unknown("var.model_version"))], "version_upgrade_option": unknown("var.upgrade_option")})
	# a dynamic "model" block over an unknown collection
	count(rule.deny) == 0 with input as tf({"model": [unknown("var.models")], "version_upgrade_option": "OnceCurrentVersionExpired"})
	count(rule.deny) == 0 with input as tf({"model": unknown("local.model"), "version_upgrade_option": "OnceCurrentVersionExpired"})
}

test_tf_missing_model_block_is_not_judged if {
	count(rule.deny) == 0 with input as tf({"version_upgrade_option": "OnceCurrentVersionExpired"})
}

test_tf_plan_value_is_named if {
	plan := test_inputs.unit("terraform-plan", [test_inputs.tf_res("azurerm_cognitive_deployment", "chat", {"model": [model(null)], "version_upgrade_option": "OnceNewDefaultVersionAvailable"})])
	findings := rule.deny with input as plan
	count(findings) == 2
	some f in findings
	f.path == ["version_upgrade_option"]
	contains(f.message, "is planned with `version_upgrade_option = \"OnceNewDefaultVersionAvailable\"`")
}

test_tf_rule_ignores_terraform_types_in_arm_input if {
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [test_inputs.tf_res("azurerm_cognitive_deployment", "x", {})])
}

# ---------------------------------------------------------------- ARM / Bicep

test_arm_pinned_deployment_passes if {
	count(rule.deny) == 0 with input as arm({"properties": {"model": model("2024-08-06"), "versionUpgradeOption": "OnceCurrentVersionExpired"}})
	count(rule.deny) == 0 with input as arm({"properties": {"model": model("2024-08-06"), "versionUpgradeOption": "NoAutoUpgrade"}})
}

test_arm_absent_upgrade_option_is_null_which_azure_treats_as_once_expired if {
	count(rule.deny) == 0 with input as arm({"properties": {"model": model("2024-08-06")}})
}

test_arm_explicit_auto_upgrade_fires if {
	findings := rule.deny with input as arm({"properties": {"model": model("2024-08-06"), "versionUpgradeOption": "OnceNewDefaultVersionAvailable"}})
	count(findings) == 1
	some f in findings
	f.path == ["properties", "versionUpgradeOption"]
	f.fix == {"set": "OnceCurrentVersionExpired"}
	contains(f.message, "Model deployment `aoai-chat-prod/gpt-4o`")
	contains(f.message, "or remove it (unset is treated as \"OnceCurrentVersionExpired\")")
	count(rule.deny) == 1 with input as arm({"properties": {"model": model("1"), "versionUpgradeOption": "onceNewDefaultVersionAvailable"}})
}

test_arm_missing_version_fires_without_fix if {
	findings := rule.deny with input as arm({"properties": {"model": {"format": "OpenAI", "name": "text-embedding-3-large"}}})
	count(findings) == 1
	some f in findings
	f.path == ["properties", "model", "version"]
	not f.fix
	contains(f.message, "no `properties.model.version`")
	contains(f.message, "\"text-embedding-3-large\"")
}

test_arm_missing_version_and_auto_upgrade_give_two_findings if {
	findings := rule.deny with input as arm({"properties": {"model": {"format": "OpenAI", "name": "gpt-4o"}, "versionUpgradeOption": "OnceNewDefaultVersionAvailable"}})
	paths(findings) == {["properties", "versionUpgradeOption"], ["properties", "model", "version"]}
}

test_arm_unknown_values_never_fire if {
	count(rule.deny) == 0 with input as arm({"properties": {"model": model(unknown("parameters.modelVersion")), "versionUpgradeOption": unknown("parameters.upgradeOption")}})
	count(rule.deny) == 0 with input as arm({"properties": {"model": unknown("parameters.modelProperties")}})
	count(rule.deny) == 0 with input as arm({"properties": unknown("variables.deploymentProperties")})
}

test_arm_subject_from_expression_name if {
	r := object.union(arm_dep("[format('{0}/{1}', parameters('accountName'), 'gpt-4o')]", {"properties": {"model": {"name": "gpt-4o"}}}), {"config": {"name": unknown("[format('{0}/{1}', parameters('accountName'), 'gpt-4o')]"), "properties": {"model": {"name": "gpt-4o"}}}})
	some f in rule.deny with input as test_inputs.unit("arm", [r])
	startswith(f.message, "Model deployment `gpt-4o` has no")
}

test_arm_bicep_uses_symbolic_name_and_any_case_type if {
	r := object.union(arm_dep("aoai/gpt-4o", {"properties": {"model": {"name": "gpt-4o"}}}), {"id": "chatDeployment", "type": "microsoft.cognitiveservices/accounts/Deployments"})
	some f in rule.deny with input as test_inputs.unit("bicep", [r])
	startswith(f.message, "Model deployment chatDeployment has no")
}

test_arm_other_types_pass if {
	account := {
		"id": "Microsoft.CognitiveServices/accounts/aoai",
		"type": "Microsoft.CognitiveServices/accounts",
		"name": "aoai",
		"config": {"kind": "OpenAI", "properties": {}},
	}
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [account])
}

test_arm_malformed_model_is_not_judged if {
	count(rule.deny) == 0 with input as arm({"properties": {"model": "gpt-4o"}})
	count(rule.deny) == 0 with input as arm({"properties": {"model": null}})
}
