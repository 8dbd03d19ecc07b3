# METADATA
# title: Content filter severity threshold is too lenient
# description: |
#   The Hate, Sexual, Violence and Self-harm filters of a content filter (RAI) policy act on content
#   at or above their severity threshold. At `High`, everything the classifier rates low or medium
#   severity reaches the model and the users unfiltered, where Azure's default policy filters from
#   `Medium` up. A threshold above the allowed maximum (option `max_threshold`, default `Medium`;
#   `Low` is the strictest) is often left over from a red-team or evaluation policy that was copied
#   to production. Filters that are turned off or do not block are reported by AIL203 instead.
# custom:
#   id: AIL206
#   slug: content-filter-lenient-threshold
#   severity: warning
#   formats: [terraform, arm, bicep]
#   resource_types:
#     - azurerm_cognitive_account_rai_policy
#     - Microsoft.CognitiveServices/accounts/raiPolicies
#   default: on
#   fix: unsafe
#   options: [max_threshold]
#   remediation: |
#     Terraform: in `azurerm_cognitive_account_rai_policy`, set `severity_threshold` of every
#     `Hate`, `Sexual`, `Violence` and `Selfharm` `content_filter` (prompt and completion) to
#     `Medium` or `Low`.
#     ARM/Bicep: in `Microsoft.CognitiveServices/accounts/raiPolicies`, set `severityThreshold` of
#     the same entries of `properties.contentFilters` to `Medium` or `Low` (`allowedContentLevel`
#     in API versions before 2024-10-01).
#     A lower threshold blocks more requests and completions: check the application's handling of
#     content-filter errors. Allow `High` with `max_threshold = "High"` under
#     `[rules.content-filter-lenient-threshold]`, or change the maximum to `Low`.
#   tags: [security, content-safety, openai]
#   references:
#     - azure_policy: 930f48f9-f07e-427c-9494-52603581c6a9
#       title: "[Preview]: Cognitive Services Deployments should only use allowed control"
#     - url: https://learn.microsoft.com/azure/ai-services/openai/concepts/content-filter
#       title: Azure OpenAI content filtering (severity levels and configurability)
#     - url: https://learn.microsoft.com/azure/ai-services/openai/how-to/content-filters
#       title: How to configure content filters with Azure OpenAI
package ailint.rules.content_filter_lenient_threshold

import data.ailint.lib

slug := "content-filter-lenient-threshold"

# Severity thresholds, strictest first: a filter acts on content at or above its threshold.
levels := {"low": 1, "medium": 2, "high": 3}

spelled := {"low": "Low", "medium": "Medium", "high": "High"}

# max_level: the most lenient threshold allowed (option `max_threshold`, default Medium), lower-cased.
max_level := lower(v) if {
	v := lib.option(slug, "max_threshold", "Medium")
	is_string(v)
	lower(v) in object.keys(levels)
} else := "medium"

# The multi-severity harm filters, as normalise() writes their names: the API spells them
# `Hate`, `Sexual`, `Violence`, `Selfharm`, and users write `hate`, `SelfHarm`, `self_harm`.
harm_filters := {"hate", "sexual", "violence", "selfharm"}

normalise(name) := regex.replace(lower(name), `[^a-z]`, "")

display := {"hate": "Hate", "sexual": "Sexual", "violence": "Violence", "selfharm": "Selfharm"}

# The attribute names of a content filter per format.
attrs := {
	"terraform": {"enabled": "filter_enabled", "blocking": "block_enabled"},
	"arm": {"enabled": "enabled", "blocking": "blocking"},
}

# threshold_attr(format, cf): the attribute that holds the filter's threshold; in ARM the name of
# API versions before 2024-10-01, `allowedContentLevel`, when `severityThreshold` is absent.
threshold_attr("terraform", _) := "severity_threshold"

threshold_attr("arm", cf) := "allowedContentLevel" if {
	not "severityThreshold" in object.keys(cf)
	"allowedContentLevel" in object.keys(cf)
} else := "severityThreshold"

# lenient(format, filters, base): the harm filters whose known threshold is above the maximum, as
# {"path", "attr", "value", "name", "source"}. Filters that are off or do not block (a known false,
# which AIL203 reports) are left to AIL203: their threshold does not matter until they block.
lenient(format, filters, base) := [x |
	is_array(filters)
	some i, cf in filters
	is_object(cf)
	lib.is_known(cf)
	name := object.get(cf, "name", null)
	is_string(name)
	normalise(name) in harm_filters
	not lib.is_false(object.get(cf, attrs[format].enabled, null))
	not lib.is_false(object.get(cf, attrs[format].blocking, null))
	attr := threshold_attr(format, cf)
	v := object.get(cf, attr, null)
	is_string(v)
	level := lower(v)
	levels[level] > levels[max_level]
	x := {
		"path": array.concat(base, [i, attr]),
		"attr": attr,
		"value": v,
		"level": level,
		"name": display[normalise(name)],
		"source": object.get(cf, "source", ""),
	}
]

source_text(s) := " on prompts" if {
	lib.equals_ci(s, "Prompt")
} else := " on completions" if {
	lib.equals_ci(s, "Completion")
} else := ""

# What a filter at this threshold acts on, and what passes it.
acts_on := {"medium": "medium or high", "high": "high"}

passes := {"medium": "low-severity", "high": "low- and medium-severity"}

explain(x) := sprintf(
	"the \"%s\" filter%s acts only on content rated %s, so %s content passes unfiltered; the most lenient threshold allowed is %s (option `max_threshold`)",
	[x.name, source_text(x.source), acts_on[x.level], passes[x.level], spelled[max_level]],
)

# ---------------------------------------------------------------------------------------------
# Terraform
# ---------------------------------------------------------------------------------------------

deny contains f if {
	lib.is_terraform
	some p in lib.resources_of("azurerm_cognitive_account_rai_policy")
	some x in lenient("terraform", lib.get(p.config, ["content_filter"], []), ["content_filter"])
	f := lib.finding_fix(p, x.path, sprintf(
		"%s sets `severity_threshold = \"%s\"`: %s; set `severity_threshold = \"%s\"`",
		[lib.subject("RAI policy", p), x.value, explain(x), spelled[max_level]],
	), {"set": spelled[max_level]})
}

# ---------------------------------------------------------------------------------------------
# ARM and Bicep (and azapi_resource in Terraform, lowered to the ARM shape)
# ---------------------------------------------------------------------------------------------

deny contains f if {
	lib.is_arm
	some p in lib.arm_resources("Microsoft.CognitiveServices/accounts/raiPolicies")
	filters := lib.get(p.config, ["properties", "contentFilters"], [])
	some x in lenient("arm", filters, ["properties", "contentFilters"])
	f := lib.finding_fix(p, x.path, sprintf(
		"%s sets `%s` to \"%s\": %s; set it to \"%s\"",
		[lib.idn_rai_policy_subject(p), x.attr, x.value, explain(x), spelled[max_level]],
	), {"set": spelled[max_level]})
}
