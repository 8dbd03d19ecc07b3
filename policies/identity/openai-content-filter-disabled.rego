# METADATA
# title: Azure OpenAI content filter turned off
# description: |
#   A responsible-AI (RAI) policy whose content filter is disabled, or only annotates without
#   blocking, lets hateful, sexual, violent or self-harm content, jailbreak attempts or protected
#   material pass between users and the model unchecked; every model deployment that uses the
#   policy inherits the gap. Azure enables and blocks these filters by default, and turning them
#   off is an exception that needs a documented approval, not a line in a module.
#   Keep every filter enabled and blocking, and tune `severity_threshold` instead.
# custom:
#   id: AIL203
#   slug: openai-content-filter-disabled
#   severity: error
#   formats: [terraform, arm, bicep]
#   resource_types:
#     - azurerm_cognitive_account_rai_policy
#     - Microsoft.CognitiveServices/accounts/raiPolicies
#   default: on
#   remediation: |
#     Terraform: in `azurerm_cognitive_account_rai_policy`, set `filter_enabled = true` and
#     `block_enabled = true` on every `content_filter` block (tune `severity_threshold` instead), and
#     point `azurerm_cognitive_deployment.rai_policy_name` only at policies that do so (or at
#     `Microsoft.DefaultV2`).
#     ARM/Bicep: in `Microsoft.CognitiveServices/accounts/raiPolicies`, set `enabled` and `blocking` to
#     true in every entry of `properties.contentFilters`, and reference only such policies from the
#     `raiPolicyName` of `Microsoft.CognitiveServices/accounts/deployments`.
#   tags: [security, content-safety, openai]
package ailint.rules.openai_content_filter_disabled

import data.ailint.lib

# The attribute names of a content filter per format: enabled, blocking.
attrs := {
	"terraform": {"enabled": "filter_enabled", "blocking": "block_enabled"},
	"arm": {"enabled": "enabled", "blocking": "blocking"},
}

# off_filters(format, filters, path): the filters that are off or do not block, in order, as
# {"path", "attr", "off" ("enabled"|"blocking"), "name", "source"}: one per filter, at `enabled`
# when it is off (blocking then does not matter), else at `blocking`. Unknown filters are skipped.
off_filters(format, filters, base) := [x |
	is_array(filters)
	some i, cf in filters
	is_object(cf)
	lib.is_known(cf)
	off := off_attribute(format, cf)
	attr := attrs[format][off]
	x := {
		"path": array.concat(base, [i, attr]),
		"attr": attr,
		"off": off,
		"name": object.get(cf, "name", ""),
		"source": object.get(cf, "source", ""),
	}
]

off_attribute(format, cf) := "enabled" if {
	lib.is_false(object.get(cf, attrs[format].enabled, null))
} else := "blocking" if {
	lib.is_false(object.get(cf, attrs[format].blocking, null))
}

# filter_text(x): `the "Hate" filter on prompts`.
filter_text(x) := sprintf("the %s filter%s", [filter_name(x.name), source_text(x.source)])

filter_name(n) := sprintf("\"%s\"", [n]) if {
	is_string(n)
	n != ""
} else := "unnamed"

source_text(s) := " on prompts" if {
	lib.equals_ci(s, "Prompt")
} else := " on completions" if {
	lib.equals_ci(s, "Completion")
} else := ""

# What an off filter lets through, and how to fix it.
effect(x) := "content it should stop passes between users and the model unchecked" if {
	x.off == "enabled"
} else := "flagged content is only annotated and still passes"

policy_message(what, x, fix) := sprintf(
	"%s turns off %s (`%s` is false): %s; %s",
	[what, filter_text(x), x.attr, effect(x), fix],
) if {
	x.off == "enabled"
} else := sprintf(
	"%s lets %s annotate without blocking (`%s` is false): %s; %s",
	[what, filter_text(x), x.attr, effect(x), fix],
)

# ---------------------------------------------------------------------------------------------
# Terraform
# ---------------------------------------------------------------------------------------------

tf_off_filters(p) := off_filters("terraform", lib.get(p.config, ["content_filter"], []), ["content_filter"])

deny contains f if {
	lib.is_terraform
	some p in lib.resources_of("azurerm_cognitive_account_rai_policy")
	some x in tf_off_filters(p)
	fix := sprintf("set `%s = true` (tune `severity_threshold` instead)", [x.attr])
	f := lib.finding(p, x.path, policy_message(sprintf("RAI policy %s", [p.id]), x, fix))
}

# A deployment whose `rai_policy_name` names a policy of the unit that turns a filter off: by a
# reference to the policy (`azurerm_cognitive_account_rai_policy.x.name`), or by its literal name
# on the same account. One finding per deployment, about the first such policy.
deny contains f if {
	lib.is_terraform
	some d in lib.resources_of("azurerm_cognitive_deployment")
	v := lib.get(d.config, ["rai_policy_name"], null)
	used := [p |
		some p in lib.resources_of("azurerm_cognitive_account_rai_policy")
		tf_uses(d, v, p)
		count(tf_off_filters(p)) > 0
	]
	count(used) > 0
	p := used[0]
	x := tf_off_filters(p)[0]
	f := lib.finding(d, ["rai_policy_name"], sprintf(
		"Deployment %s uses the RAI policy %s, which %s: %s",
		[d.id, tf_policy_phrase(p), off_phrase(x), deployment_fix],
	))
}

deployment_fix := "the model serves content that Azure's default policy would block; point it at a policy that keeps every filter enabled and blocking, or at \"Microsoft.DefaultV2\""

tf_policy_phrase(p) := sprintf("\"%s\" (%s)", [name, p.id]) if {
	name := lib.get(p.config, ["name"], null)
	is_string(name)
} else := p.id

off_phrase(x) := sprintf("turns off %s", [filter_text(x)]) if {
	x.off == "enabled"
} else := sprintf("lets %s annotate without blocking", [filter_text(x)])

tf_uses(_, v, p) if {
	lib.is_unknown(v)
	lib.refers_to_resource(v, p)
}

tf_uses(d, v, p) if {
	is_string(v)
	name := lib.get(p.config, ["name"], null)
	is_string(name)
	lower(name) == lower(v)
	not different_tf_accounts(d, p)
}

# The deployment and the policy are known to belong to different accounts: both reference
# accounts, and not the same one, or both give different literal ids.
different_tf_accounts(d, p) if {
	a := tf_account_refs(lib.get(d.config, ["cognitive_account_id"], null))
	b := tf_account_refs(lib.get(p.config, ["cognitive_account_id"], null))
	count(a) > 0
	count(b) > 0
	count(a & b) == 0
}

different_tf_accounts(d, p) if {
	a := lib.get(d.config, ["cognitive_account_id"], null)
	b := lib.get(p.config, ["cognitive_account_id"], null)
	is_string(a)
	is_string(b)
	lower(a) != lower(b)
}

tf_account_refs(v) := {ref |
	lib.is_unknown(v)
	some ref in v["$refs"]
	some t in lib.idn_tf_account_types
	tf_ref_of_type(ref, t)
}

tf_ref_of_type(ref, t) if startswith(lib.tf_local_ref(ref), sprintf("%s.", [t]))

tf_ref_of_type(ref, t) if startswith(lib.tf_local_ref(ref), sprintf("data.%s.", [t]))

# ---------------------------------------------------------------------------------------------
# ARM
# ---------------------------------------------------------------------------------------------

arm_off_filters(p) := off_filters("arm", lib.get(p.config, ["properties", "contentFilters"], []), ["properties", "contentFilters"])

deny contains f if {
	lib.is_arm
	some p in lib.arm_resources("Microsoft.CognitiveServices/accounts/raiPolicies")
	some x in arm_off_filters(p)
	fix := sprintf("set `%s` to true (tune `severityThreshold` instead)", [x.attr])
	f := lib.finding(p, x.path, policy_message(arm_subject("RAI policy", p), x, fix))
}

deny contains f if {
	lib.is_arm
	some d in lib.arm_resources("Microsoft.CognitiveServices/accounts/deployments")
	v := lib.get(d.config, ["properties", "raiPolicyName"], null)
	used := [p |
		some p in lib.arm_resources("Microsoft.CognitiveServices/accounts/raiPolicies")
		arm_uses(d, v, p)
		count(arm_off_filters(p)) > 0
	]
	count(used) > 0
	p := used[0]
	x := arm_off_filters(p)[0]
	f := lib.finding(d, ["properties", "raiPolicyName"], sprintf(
		"%s uses %s, which %s: %s",
		[arm_subject("Deployment", d), arm_policy_object(p), off_phrase(x), deployment_fix],
	))
}

# arm_subject(kind, r): "<kind> `account/name`", "<kind> `name`" when the account is an
# expression, else "This <kind>"; in Terraform (an azapi resource) its address.
arm_subject(kind, r) := sprintf("%s %s", [kind, r.id]) if {
	lib.is_terraform
} else := sprintf("%s `%s`", [kind, n]) if {
	n := arm_full_name(r)
} else := sprintf("%s `%s`", [kind, n]) if {
	[_, n] := arm_name_parts(r)
} else := sprintf("This %s", [kind])

arm_policy_object(p) := sprintf("the RAI policy %s", [p.id]) if {
	lib.is_terraform
} else := sprintf("the RAI policy `%s`", [n]) if {
	n := arm_full_name(p)
} else := sprintf("the RAI policy `%s`", [n]) if {
	[_, n] := arm_name_parts(p)
} else := "a RAI policy of this template"

arm_uses(_, v, p) if {
	lib.is_unknown(v)
	lib.refers_to_resource(v, p)
}

arm_uses(d, v, p) if {
	is_string(v)
	[_, leaf] := arm_name_parts(p)
	lower(leaf) == lower(v)
	not different_arm_accounts(d, p)
}

different_arm_accounts(d, p) if {
	[a, _] := arm_name_parts(d)
	[b, _] := arm_name_parts(p)
	is_string(a)
	is_string(b)
	lower(a) != lower(b)
}

# arm_full_name(r): the literal `account/child` name of a child resource; undefined when its name
# is an expression. A child nested in its account writes only its own name: the parser's `name`
# then holds the full one.
arm_full_name(r) := n if {
	n := lib.get(r.config, ["name"], null)
	is_string(n)
	count(split(n, "/")) == 2
} else := r.name if {
	is_string(r.name)
	not contains(r.name, "[")
	count(split(r.name, "/")) == 2
}

# arm_name_parts(r): [account name or null, own name]; undefined when the own name is unknown.
# A name built by an expression whose last argument is the literal own name, as Bicep writes
# children (`[format('{0}/{1}', parameters('account'), 'no-filter')]`, `[concat(..., '/no-filter')]`),
# gives that own name with an unknown account.
arm_name_parts(r) := split(n, "/") if {
	n := arm_full_name(r)
} else := [null, n] if {
	n := lib.get(r.config, ["name"], null)
	is_string(n)
	not contains(n, "/")
	not startswith(n, "[")
} else := [null, m[0][1]] if {
	n := lib.get(r.config, ["name"], null)
	lib.is_unknown(n)
	m := regex.find_all_string_submatch_n(`,\s*'(?:[^']*/)?([a-zA-Z0-9][a-zA-Z0-9_.-]*)'\)\]$`, n["$unknown"], 1)
	count(m) == 1
}
