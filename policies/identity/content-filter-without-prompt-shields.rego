# METADATA
# title: Content filter policy without blocking Prompt Shields
# description: |
#   Prompt Shields are the content filters that screen prompts for attacks on the model itself: the
#   `Jailbreak` filter catches user prompts written to override the system message or the model's
#   safety training, and the `Indirect Attack` filter catches instructions hidden in documents,
#   e-mails or tool output that the application passes to the model. A content filter (RAI) policy
#   that does not list an enabled, blocking `Jailbreak` filter on prompts lets these attacks reach
#   the model of every deployment that uses it. Retrieval and agent applications also need the
#   `Indirect Attack` filter (option `require_indirect_attack`). A shield that is listed but
#   turned off or set to annotate only is reported by AIL203.
# custom:
#   id: AIL207
#   slug: content-filter-without-prompt-shields
#   severity: warning
#   formats: [terraform, arm, bicep]
#   resource_types:
#     - azurerm_cognitive_account_rai_policy
#     - Microsoft.CognitiveServices/accounts/raiPolicies
#   default: on
#   fix: unsafe
#   options: [require_indirect_attack]
#   remediation: |
#     Terraform: add to `azurerm_cognitive_account_rai_policy` a block
#     `content_filter { name = "Jailbreak", source = "Prompt", filter_enabled = true, block_enabled = true }`
#     (no `severity_threshold`), and one named `Indirect Attack` for applications that pass
#     documents or tool output to the model.
#     ARM/Bicep: add to `properties.contentFilters` of `Microsoft.CognitiveServices/accounts/raiPolicies`
#     an entry `{ "name": "Jailbreak", "source": "Prompt", "enabled": true, "blocking": true }`, and
#     one named `Indirect Attack` likewise.
#     Require the indirect-attack shield too with `require_indirect_attack = true` under
#     `[rules.content-filter-without-prompt-shields]`.
#   tags: [security, content-safety, openai]
#   references:
#     - azure_policy: f3a9c2e0-7b4d-4d8f-9c3a-2e1f6b9a8d4e
#       title: "[Preview]: Cognitive Services Deployments should only use allowed prompt content filtering"
#     - url: https://learn.microsoft.com/azure/ai-services/openai/concepts/content-filter-prompt-shields
#       title: Prompt Shields content filtering in Azure OpenAI
#     - url: https://learn.microsoft.com/azure/ai-services/openai/how-to/content-filters
#       title: How to configure content filters with Azure OpenAI
package ailint.rules.content_filter_without_prompt_shields

import data.ailint.lib

slug := "content-filter-without-prompt-shields"

# The shields, keyed by the filter name as normalise() writes it: the API and azurerm spell them
# `Jailbreak` and `Indirect Attack` (users also write `jailbreak`, `indirect_attack`).
jailbreak := {
	"key": "jailbreak",
	"label": "Jailbreak",
	"risk": "prompts written to override the system message or the model's safety training (jailbreaks) reach the model unscreened",
	"attacks": "jailbreak prompts",
}

indirect_attack := {
	"key": "indirectattack",
	"label": "Indirect Attack",
	"risk": "instructions hidden in documents, e-mails or tool output that the application passes to the model are not screened",
	"attacks": "instructions hidden in documents and tool output",
}

# The shields a policy must have: Jailbreak, and Indirect Attack when `require_indirect_attack`.
required := [jailbreak, indirect_attack] if {
	lib.is_true(lib.option(slug, "require_indirect_attack", false))
} else := [jailbreak]

normalise(name) := regex.replace(lower(name), `[^a-z]`, "")

# The attribute names of a content filter per format.
attrs := {
	"terraform": {"enabled": "filter_enabled", "blocking": "block_enabled"},
	"arm": {"enabled": "enabled", "blocking": "blocking"},
}

# A filter screens prompts when its source is Prompt, or absent (ARM: Prompt Shields only act on
# prompts).
on_prompt(cf) if object.get(cf, "source", null) == null

on_prompt(cf) if lib.equals_ci(object.get(cf, "source", null), "Prompt")

# is_shield(cf, key): cf is a known filter of that shield on prompts.
is_shield(cf, key) if {
	is_object(cf)
	lib.is_known(cf)
	name := object.get(cf, "name", null)
	is_string(name)
	normalise(name) == key
	on_prompt(cf)
}

# maybe_shield(cf, key): cf may be that shield on prompts, but ailint cannot tell (an unknown
# filter, name or source).
maybe_shield(cf, _) if lib.is_unknown(cf)

maybe_shield(cf, _) if {
	is_object(cf)
	lib.is_known(cf)
	lib.is_unknown(object.get(cf, "name", null))
}

maybe_shield(cf, key) if {
	is_object(cf)
	lib.is_known(cf)
	name := object.get(cf, "name", null)
	is_string(name)
	normalise(name) == key
	lib.is_unknown(object.get(cf, "source", null))
}

# state(format, cf): "on" (enabled and blocking), "off" (a known false: AIL203 reports it),
# "unknown" (neither off nor known to be on) or "unset" (an attribute absent or not a boolean).
state(format, cf) := "on" if {
	lib.is_true(object.get(cf, attrs[format].enabled, null))
	lib.is_true(object.get(cf, attrs[format].blocking, null))
} else := "off" if {
	some a in ["enabled", "blocking"]
	lib.is_false(object.get(cf, attrs[format][a], null))
} else := "unknown" if {
	some a in ["enabled", "blocking"]
	lib.is_unknown(object.get(cf, attrs[format][a], null))
} else := "unset"

# verdict(format, filters, shield): what the policy's filters say about one shield:
# "ok" (a filter is on, or may be), "off" (only filters AIL203 reports), "unset" (only filters
# that leave an attribute unset), "missing" (none).
verdict(format, filters, shield) := "ok" if {
	some cf in filters
	maybe_shield(cf, shield.key)
} else := "ok" if {
	some cf in filters
	is_shield(cf, shield.key)
	state(format, cf) in {"on", "unknown"}
} else := "off" if {
	some cf in filters
	is_shield(cf, shield.key)
	state(format, cf) == "off"
} else := "unset" if {
	some cf in filters
	is_shield(cf, shield.key)
} else := "missing"

# The filters of a policy when ailint knows the list; undefined when it is an unknown (a dynamic
# block, a parameter): the rule stays silent then. An absent list has no filters.
known_filters(v) := [] if {
	v == null
} else := v if {
	is_array(v)
}

# missing(format, filters): the required shields the policy does not list at all.
missing(format, filters) := [s |
	some s in required
	verdict(format, filters, s) == "missing"
]

# unset(format, filters, base): for each required shield listed only with an attribute left unset,
# the first such filter and the attribute, as {"shield", "path", "attr"}.
unset(format, filters, base) := [x |
	some s in required
	verdict(format, filters, s) == "unset"
	some i, cf in filters
	is_shield(cf, s.key)
	i == min({j | some j, c in filters; is_shield(c, s.key)})
	attr := first_not_true(format, cf)
	x := {"shield": s, "path": array.concat(base, [i, attr]), "attr": attr}
]

first_not_true(format, cf) := attrs[format].enabled if {
	not lib.is_true(object.get(cf, attrs[format].enabled, null))
} else := attrs[format].blocking

names_text(shields) := concat(" or ", [sprintf("\"%s\"", [s.label]) | some s in shields])

risks_text(shields) := concat("; ", [s.risk | some s in shields])

tf_block(s) := sprintf("`content_filter { name = \"%s\", source = \"Prompt\", filter_enabled = true, block_enabled = true }`", [s.label])

arm_entry(s) := sprintf("`{ \"name\": \"%s\", \"source\": \"Prompt\", \"enabled\": true, \"blocking\": true }`", [s.label])

# ---------------------------------------------------------------------------------------------
# Terraform
# ---------------------------------------------------------------------------------------------

deny contains f if {
	lib.is_terraform
	some p in lib.resources_of("azurerm_cognitive_account_rai_policy")
	filters := known_filters(lib.get(p.config, ["content_filter"], null))
	shields := missing("terraform", filters)
	count(shields) > 0

	# The missing filter is a new `content_filter` block of the resource: HCL has no element that
	# holds the blocks, so the finding points at the resource header (RULES.md, "Where a finding
	# points"), as ARM's points at the `contentFilters` key.
	f := lib.finding(p, [], sprintf(
		"%s has no enabled, blocking %s content filter on prompts (Prompt Shields): %s; add %s",
		[lib.subject("RAI policy", p), names_text(shields), risks_text(shields), concat(" and ", [tf_block(s) | some s in shields])],
	))
}

deny contains f if {
	lib.is_terraform
	some p in lib.resources_of("azurerm_cognitive_account_rai_policy")
	filters := known_filters(lib.get(p.config, ["content_filter"], null))
	some x in unset("terraform", filters, ["content_filter"])
	f := lib.finding_fix(p, x.path, unset_message(lib.subject("RAI policy", p), x, sprintf("set `%s = true`", [x.attr])), {"set": true})
}

# ---------------------------------------------------------------------------------------------
# ARM and Bicep (and azapi_resource in Terraform, lowered to the ARM shape)
# ---------------------------------------------------------------------------------------------

deny contains f if {
	lib.is_arm
	some p in lib.arm_resources("Microsoft.CognitiveServices/accounts/raiPolicies")
	filters := known_filters(lib.get(p.config, ["properties", "contentFilters"], null))
	shields := missing("arm", filters)
	count(shields) > 0
	f := lib.finding(p, ["properties", "contentFilters"], sprintf(
		"%s has no enabled, blocking %s content filter on prompts (Prompt Shields): %s; add %s to `contentFilters`",
		[lib.idn_rai_policy_subject(p), names_text(shields), risks_text(shields), concat(" and ", [arm_entry(s) | some s in shields])],
	))
}

deny contains f if {
	lib.is_arm
	some p in lib.arm_resources("Microsoft.CognitiveServices/accounts/raiPolicies")
	filters := known_filters(lib.get(p.config, ["properties", "contentFilters"], null))
	some x in unset("arm", filters, ["properties", "contentFilters"])
	f := lib.finding_fix(p, x.path, unset_message(lib.idn_rai_policy_subject(p), x, sprintf("set `%s` to true", [x.attr])), {"set": true})
}

unset_message(subject, x, fix) := sprintf(
	"%s leaves `%s` of its \"%s\" filter on prompts unset (the API documents no default), so the shield may %s %s; %s",
	[subject, x.attr, x.shield.label, unset_effect[x.attr], x.shield.attacks, fix],
)

unset_effect := {
	"filter_enabled": "not screen",
	"block_enabled": "only annotate, not block,",
	"enabled": "not screen",
	"blocking": "only annotate, not block,",
}
