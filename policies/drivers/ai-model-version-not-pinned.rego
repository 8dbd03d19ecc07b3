# METADATA
# title: AI model deployment changes model version by itself
# description: |
#   An Azure OpenAI / AI Services model deployment without a model version gets whatever version is
#   the default on the day it is created, so two environments built from the same code can serve
#   different models. With the upgrade policy `OnceNewDefaultVersionAvailable` (the azurerm default)
#   Azure also moves a running deployment to each new default version within about two weeks of the
#   change. A new model version changes answers, output format, tool calling, safety behaviour and
#   token use under the same deployment name: prompts and evaluations that passed last week break in
#   production with no change in your code. Pin the version and let it move only when the pinned
#   version retires, the same reasoning as pinning a GPU driver.
# custom:
#   id: AIL505
#   slug: ai-model-version-not-pinned
#   severity: warning
#   formats: [terraform, arm, bicep]
#   resource_types:
#     - azurerm_cognitive_deployment
#     - Microsoft.CognitiveServices/accounts/deployments
#   default: on
#   fix: safe
#   remediation: |
#     Terraform: in `azurerm_cognitive_deployment`, set `version` in the `model` block to the version
#     you tested (`az cognitiveservices account list-models` lists them) and
#     `version_upgrade_option = "OnceCurrentVersionExpired"`.
#     ARM/Bicep: in `Microsoft.CognitiveServices/accounts/deployments`, set
#     `properties.model.version` and leave `properties.versionUpgradeOption` unset or set it to
#     `OnceCurrentVersionExpired`.
#     `OnceCurrentVersionExpired` upgrades only when the pinned version is retired. `NoAutoUpgrade`
#     also passes, but then the deployment stops working on the retirement date unless you move it
#     yourself. The fix sets the upgrade option; only you know which version to pin.
#   tags: [reliability, openai, versioning]
#   references:
#     - url: https://learn.microsoft.com/azure/ai-foundry/openai/how-to/working-with-models
#       title: Working with Azure OpenAI models (model updates and version upgrade policy)
package ailint.rules.ai_model_version_not_pinned

import data.ailint.lib

auto_upgrade := "OnceNewDefaultVersionAvailable"

pinned_option := "OnceCurrentVersionExpired"

upgrade_effect := "Azure moves the deployment to every new default model version within about two weeks of the default changing, which changes answers, output format and token use in production without a change in your code"

upgrade_advice := "set it to \"OnceCurrentVersionExpired\" (upgrade only when the pinned version retires)"

# ---------------------------------------------------------------------------------------------
# Terraform (HCL and plan)
# ---------------------------------------------------------------------------------------------

tf_type := "azurerm_cognitive_deployment"

# Upgrade option absent: azurerm defaults it to OnceNewDefaultVersionAvailable and sends it.
deny contains f if {
	lib.is_terraform
	some r in lib.resources_of(tf_type)
	v := lib.get(r.config, ["version_upgrade_option"], null)
	text := tf_option_text(v)
	f := lib.finding_fix(r, ["version_upgrade_option"], sprintf(
		"%s %s: %s; %s",
		[lib.subject("Model deployment", r), text, upgrade_effect, upgrade_advice],
	), {"set": pinned_option})
}

tf_option_text(v) := sprintf("has no `version_upgrade_option`, which defaults to \"%s\"", [auto_upgrade]) if {
	v == null
} else := sprintf("is planned with `version_upgrade_option = \"%s\"` (the provider default)", [v]) if {
	lib.is_terraform_plan
	lib.equals_ci(v, auto_upgrade)
} else := sprintf("sets `version_upgrade_option = \"%s\"`", [v]) if {
	lib.equals_ci(v, auto_upgrade)
}

# Model version absent (or empty) in the `model` block. A `model` block that is unknown (a
# `dynamic` block over an unknown collection) or missing is not judged.
deny contains f if {
	lib.is_terraform
	some r in lib.resources_of(tf_type)
	models := lib.get(r.config, ["model"], null)
	is_array(models)
	count(models) > 0
	model := models[0]
	is_object(model)
	lib.is_known(model)
	no_version(object.get(model, "version", null))
	f := lib.finding(r, ["model", 0, "version"], sprintf(
		"%s has no `version` in its `model` block: %s; set `version` to the version you tested",
		[lib.subject("Model deployment", r), version_effect(model)],
	))
}

# ---------------------------------------------------------------------------------------------
# ARM / Bicep (also children nested in an account's `resources`, and azapi resources). An absent
# `versionUpgradeOption` is null, which Azure treats as OnceCurrentVersionExpired: not a finding.
# ---------------------------------------------------------------------------------------------

arm_type := "Microsoft.CognitiveServices/accounts/deployments"

deny contains f if {
	lib.is_arm
	some r in lib.arm_resources(arm_type)
	v := lib.get(r.config, ["properties", "versionUpgradeOption"], null)
	lib.equals_ci(v, auto_upgrade)
	f := lib.finding_fix(r, ["properties", "versionUpgradeOption"], sprintf(
		"%s sets `versionUpgradeOption` to \"%s\": %s; %s, or remove it (unset is treated as \"OnceCurrentVersionExpired\")",
		[arm_subject(r), v, upgrade_effect, upgrade_advice],
	), {"set": pinned_option})
}

# `properties.model.version` absent. An unknown `properties` or `model` (a parameter object) is
# not judged: lib.get returns the unknown.
deny contains f if {
	lib.is_arm
	some r in lib.arm_resources(arm_type)
	no_version(lib.get(r.config, ["properties", "model", "version"], null))
	model := object.get(r.config, ["properties", "model"], {})
	is_object(model)
	f := lib.finding(r, ["properties", "model", "version"], sprintf(
		"%s has no `properties.model.version`: %s; set `version` to the version you tested",
		[arm_subject(r), version_effect(model)],
	))
}

# ---------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------

no_version(v) if v == null

no_version(v) if v == ""

# version_effect(model): what an unpinned version does, naming the model when it is a literal.
version_effect(model) := sprintf(
	"Azure deploys whichever version of \"%s\" is the default when it is created, so environments created at different times serve different model versions",
	[name],
) if {
	name := object.get(model, "name", null)
	is_string(name)
	name != ""
} else := "Azure deploys whichever version of the model is the default when it is created, so environments created at different times serve different model versions"

# arm_subject(r): "Model deployment `account/name`" when the full name is a literal, else
# "Model deployment `name`" when its own name is (`[format('{0}/{1}', parameters('a'), 'gpt-4o')]`),
# else "This model deployment"; in Bicep and azapi its symbolic name or address (lib.subject).
arm_subject(r) := lib.subject("Model deployment", r) if {
	input.format != "arm"
} else := sprintf("Model deployment `%s`", [r.name]) if {
	is_string(r.name)
	not contains(r.name, "[")
} else := sprintf("Model deployment `%s`", [m[0][1]]) if {
	n := lib.get(r.config, ["name"], null)
	lib.is_unknown(n)
	m := regex.find_all_string_submatch_n(`,\s*'(?:[^']*/)?([a-zA-Z0-9][a-zA-Z0-9_.-]*)'\)\]$`, n["$unknown"], 1)
	count(m) == 1
} else := "This model deployment"
