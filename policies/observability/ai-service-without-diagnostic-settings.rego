# METADATA
# title: AI service without diagnostic settings
# description: |
#   Azure OpenAI / AI Services accounts, Azure ML workspaces and ML online endpoints keep their
#   request, audit and throttling logs only when a diagnostic setting sends them to Log Analytics,
#   storage or an event hub; the platform metrics alone say nothing about who called which deployment.
#   Without one there is no audit trail of prompts and completions for abuse or data-leak
#   investigations, and no way to analyse 429 (quota) errors or latency per deployment after the fact.
# custom:
#   id: AIL701
#   slug: ai-service-without-diagnostic-settings
#   severity: warning
#   formats: [terraform, arm, bicep]
#   resource_types:
#     - azurerm_cognitive_account
#     - azurerm_ai_services
#     - azurerm_machine_learning_workspace
#     - azurerm_ai_foundry
#     - Microsoft.CognitiveServices/accounts
#     - Microsoft.MachineLearningServices/workspaces
#     - Microsoft.MachineLearningServices/workspaces/onlineEndpoints
#   default: on
#   remediation: |
#     Terraform: add an `azurerm_monitor_diagnostic_setting` with `target_resource_id` set to the
#     account's or workspace's `id`, an `enabled_log` for the `allLogs` category group (or the `Audit`,
#     `RequestResponse` and `Trace` categories) and `metric { category = "AllMetrics" }` (v4:
#     `enabled_metric`), sent to a Log Analytics workspace.
#     ARM/Bicep: add a `Microsoft.Insights/diagnosticSettings` resource with `scope` set to the account,
#     workspace or online endpoint (Bicep: `scope: account`), `logs` with `categoryGroup: allLogs` and
#     `metrics` with `category: AllMetrics`.
#   tags: [observability, security, audit]
#   references:
#     - azure_policy: afe0c3be-ba3b-4544-ba52-0c99672a8ad6
#       title: Resource logs in Azure Machine Learning Workspaces should be enabled
#     - azure_policy: 1b4d1c4e-934c-4703-944c-27c82c06bebb
#       title: Diagnostic logs in Azure AI services resources should be enabled
package ailint.rules.ai_service_without_diagnostic_settings

import data.ailint.lib

# Terraform AI resources: what the message calls them and the ARM type their ids have.
tf_types := {
	"azurerm_cognitive_account": {"kind": "Cognitive Services account", "arm": "Microsoft.CognitiveServices/accounts"},
	"azurerm_ai_services": {"kind": "AI Services account", "arm": "Microsoft.CognitiveServices/accounts"},
	"azurerm_machine_learning_workspace": {"kind": "Machine Learning workspace", "arm": "Microsoft.MachineLearningServices/workspaces"},
	"azurerm_ai_foundry": {"kind": "AI Foundry hub", "arm": "Microsoft.MachineLearningServices/workspaces"},
}

arm_types := {
	"microsoft.cognitiveservices/accounts": "Cognitive Services account",
	"microsoft.machinelearningservices/workspaces": "Machine Learning workspace",
	"microsoft.machinelearningservices/workspaces/onlineendpoints": "Online endpoint",
}

# References that name no resource of the unit by themselves.
tf_non_resource_roots := {"var", "local", "module", "each", "count", "self", "path", "terraform"}

# ---------------------------------------------------------------------------------------------
# Terraform
# ---------------------------------------------------------------------------------------------

tf_targets := [t |
	some ds in lib.resources_of("azurerm_monitor_diagnostic_setting")
	t := lib.get(ds.config, ["target_resource_id"], null)
]

# tf_joined(target, r): the diagnostic setting target is r: a reference to it, or a literal
# resource id ending in its provider type and name.
tf_joined(target, r) if lib.refers_to_resource(target, r)

tf_joined(target, r) if {
	is_string(target)
	name := lib.get(r.config, ["name"], null)
	is_string(name)
	endswith(lower(target), lower(sprintf("/providers/%s/%s", [tf_types[r.type].arm, name])))
}

# A target that cannot be told apart from the unit's AI resources: an unknown that refers to no
# resource of the unit and to nothing known to be of another type (`var.target_id`, a module output,
# `each.value`, a data source of an AI type). With one of these in the unit, a missing diagnostic
# setting would be a guess, so the rule stays silent for every AI resource of the unit.
tf_ambiguous(target) if {
	lib.is_unknown(target)
	not tf_joins_any(target)
	not tf_refers_to_other_type(target)
}

tf_joins_any(target) if {
	some r in lib.referred_resources(target)
	lib.refers_to_resource(target, r)
}

tf_refers_to_other_type(target) if {
	some ref in target["$refs"]
	t := tf_ref_type(ref)
	not tf_types[t]
}

# tf_ref_type(ref): the resource or data source type a reference names; undefined for var., local.
tf_ref_type(ref) := parts[1] if {
	parts := split(lib.tf_local_ref(ref), ".")
	parts[0] == "data"
	count(parts) > 2
} else := parts[0] if {
	parts := split(lib.tf_local_ref(ref), ".")
	not parts[0] in tf_non_resource_roots
	parts[0] != "data"
	count(parts) > 1
}

# A literal target of the provider type of r, when r's name is not known.
tf_maybe(target, r) if {
	is_string(target)
	not is_string(lib.get(r.config, ["name"], null))
	contains(lower(target), lower(sprintf("/providers/%s/", [tf_types[r.type].arm])))
}

deny contains f if {
	lib.is_terraform
	not tf_unit_ambiguous
	some rtype, info in tf_types
	some r in lib.resources_of(rtype)
	not tf_covered(r)
	f := lib.finding(r, [], sprintf(
		"%s %s has no diagnostic setting (no `azurerm_monitor_diagnostic_setting` whose `target_resource_id` refers to it), so its request, audit and throttling logs are not kept; add one that sends the `allLogs` category group and `AllMetrics` to a Log Analytics workspace",
		[info.kind, r.id],
	))
}

tf_unit_ambiguous if {
	some t in tf_targets
	tf_ambiguous(t)
}

tf_covered(r) if {
	some t in tf_targets
	tf_joined(t, r)
}

# A registry or Git module given the resource may create its diagnostic setting.
tf_covered(r) if lib.given_to_unread_module(r)

tf_covered(r) if {
	some t in tf_targets
	tf_maybe(t, r)
}

# ---------------------------------------------------------------------------------------------
# ARM
# ---------------------------------------------------------------------------------------------

# arm_resources: the unit's AI resources that this template deploys (not `existing` references).
arm_ai_resources contains r if {
	some r in input.resources
	arm_types[lower(r.type)]
	not lib.is_true(object.get(r.config, "existing", false))
}

# Extension-resource diagnostic settings: their `scope`.
arm_scopes := [s |
	some ds in lib.arm_resources("Microsoft.Insights/diagnosticSettings")
	s := lib.get(ds.config, ["scope"], null)
	s != null
]

# Child-form diagnostic settings: `<parent type>/providers/diagnosticSettings`, named
# `<parent name>/Microsoft.Insights/<setting>`.
arm_children contains ds if {
	some ds in input.resources
	endswith(lower(ds.type), "/providers/diagnosticsettings")
}

# Declared inside its parent's `resources` with the relative type `providers/diagnosticSettings`
# (the parser keeps such a type as written).
arm_children contains ds if {
	some ds in input.resources
	lower(ds.type) == "providers/diagnosticsettings"
}

# arm_scope_joined(scope, r): an extension diagnostic setting's scope is r.
arm_scope_joined(scope, r) if lib.refers_to_resource(scope, r)

# A literal: the symbolic name, `Type/name`, or a full resource id.
arm_scope_joined(scope, r) if {
	is_string(scope)
	lower(scope) == lower(r.id)
}

arm_scope_joined(scope, r) if {
	is_string(scope)
	lower(scope) == lower(arm_id_tail(r))
}

arm_scope_joined(scope, r) if {
	is_string(scope)
	endswith(lower(scope), sprintf("/providers/%s", [lower(arm_id_tail(r))]))
}

# Bicep's `scope: account` compiles to `[format('Microsoft.CognitiveServices/accounts/{0}', <name>)]`
# (top-level types): the expression names r's type and r's name expression (or quoted literal).
arm_scope_joined(scope, r) if {
	lib.is_unknown(scope)
	count(split(r.type, "/")) == 2
	text := lower(scope["$unknown"])
	contains(text, sprintf("'%s/{0}'", [lower(r.type)]))
	contains(text, lower(name_token(r)))
}

name_token(r) := substring(r.name, 1, count(r.name) - 2) if {
	startswith(r.name, "[")
	endswith(r.name, "]")
} else := sprintf("'%s'", [r.name])

# arm_id_tail(r): `Namespace/type1/name1/type2/name2` as a resource id ends, for a literal name.
arm_id_tail(r) := concat("/", array.concat([types[0]], [seg |
	some i in numbers.range(1, count(types) - 1)
	some seg in [types[i], names[i - 1]]
])) if {
	not startswith(r.name, "[")
	types := split(r.type, "/")
	names := split(r.name, "/")
	count(types) == count(names) + 1
}

# arm_child_joined(ds, r): a child-form diagnostic setting of r.
arm_child_joined(ds, r) if {
	lower(ds.type) == lower(sprintf("%s/providers/diagnosticSettings", [r.type]))
	startswith(lower(ds.name), lower(sprintf("%s/", [r.name])))
}

# Classic templates build the child's name from the parent's: `[concat(parameters('acct'),
# '/Microsoft.Insights/diag')]` belongs to the account named `[parameters('acct')]`.
arm_child_joined(ds, r) if {
	lower(ds.type) == lower(sprintf("%s/providers/diagnosticSettings", [r.type]))
	startswith(r.name, "[")
	startswith(ds.name, "[")
	contains(lower(ds.name), lower(name_token(r)))
}

# A nested `providers/diagnosticSettings` keeps its relative type (the unit does not record its
# parent): it belongs to the AI resource it depends on.
arm_child_joined(ds, r) if {
	lower(ds.type) == "providers/diagnosticsettings"
	deps := object.get(ds.config, "dependsOn", [])
	is_array(deps)
	some d in deps
	arm_depends_on(d, r)
}

arm_depends_on(d, r) if lib.refers_to_resource(d, r)

arm_depends_on(d, r) if {
	is_string(d)
	lower(d) in {lower(r.id), lower(sprintf("%s/%s", [r.type, r.name]))}
}

# Ambiguous diagnostic settings make the rule silent for the whole file (see tf_ambiguous): an
# unknown scope that joins no resource of the unit and names no other type, a child-form setting
# of an AI type whose name is an expression that joins none of the unit's resources, or a nested
# `providers/diagnosticSettings` that depends on none of them.
arm_ambiguous if {
	some s in arm_scopes
	lib.is_unknown(s)
	not arm_scope_joins_any(s)
	not arm_refers_to_other_type(s)
}

arm_ambiguous if {
	some ds in arm_children
	not contains(ds.type, ".")
	not arm_child_joins_any(ds)
}

arm_ambiguous if {
	some ds in arm_children
	parent := lower(substring(ds.type, 0, count(ds.type) - count("/providers/diagnosticSettings")))
	arm_types[parent]
	startswith(ds.name, "[")
	not arm_child_joins_any(ds)
}

# The resources a scope names through its references come first: only when none of them is its
# target are all resources tried (by name, by id text).
arm_scope_joins_any(s) if {
	some r in lib.referred_resources(s)
	arm_scope_joined(s, r)
} else := true if {
	some r in input.resources
	arm_scope_joined(s, r)
}

# A child setting's parent has the type before `/providers/diagnosticSettings`; a
# `providers/diagnosticSettings` extension names its target in `dependsOn`.
arm_child_joins_any(ds) if {
	some r in arm_child_candidates(ds)
	arm_child_joined(ds, r)
}

arm_child_candidates(ds) := lib.arm_resources(parent) if {
	endswith(lower(ds.type), "/providers/diagnosticsettings")
	parent := substring(ds.type, 0, count(ds.type) - count("/providers/diagnosticSettings"))
} else := [r |
	lower(ds.type) == "providers/diagnosticsettings"
	deps := object.get(ds.config, "dependsOn", [])
	is_array(deps)
	ids := {id |
		some d in deps
		some key in _dep_keys(d)
		some id in object.get(input.ref_index, key, [])
	}
	some id in ids
	r := input.resources_by_id[id]
] if {
	is_object(input.ref_index)
} else := input.resources

# How a dependsOn entry may name a resource: its references, or the entry itself (an id or
# `<type>/<name>`), lower-cased as `ref_index` keys are, and as written.
_dep_keys(d) := {k | some ref in d["$refs"]; some k in {ref, lower(ref)}} if {
	lib.is_unknown(d)
} else := {lower(d)} if {
	is_string(d)
} else := set()

# A `resourceId('Microsoft.Storage/...', ...)` ref: the setting is on another kind of resource.
arm_refers_to_other_type(s) if {
	some ref in s["$refs"]
	contains(ref, "/")
	not startswith(ref, "[")
	not arm_ai_type_prefix(ref)
}

arm_ai_type_prefix(ref) if {
	some t, _ in arm_types
	startswith(lower(ref), sprintf("%s/", [t]))
}

arm_covered(r) if {
	some s in arm_scopes
	arm_scope_joined(s, r)
}

arm_covered(r) if {
	some ds in arm_children
	arm_child_joined(ds, r)
}

arm_covered(r) if lib.given_to_linked_deployment(r)

# In Terraform, `azapi_resource` settings (lowered to the ARM shape) and azurerm ones join both
# ways: an azurerm setting for an azapi account, an azapi setting for an azurerm account.
arm_covered(r) if {
	lib.is_terraform
	some t in tf_targets
	lib.refers_to_resource(t, r)
}

tf_covered(r) if {
	some s in arm_scopes
	arm_scope_joined(s, r)
}

deny contains f if {
	lib.is_arm
	not arm_ambiguous
	some r in arm_ai_resources
	not arm_covered(r)
	f := lib.finding(r, [], sprintf(
		"%s has no diagnostic setting (no %s scoped to it), so its request, audit and throttling logs are not kept; add one with `logs` for the `allLogs` category group and `metrics` for `AllMetrics`, sent to a Log Analytics workspace",
		[arm_subject(r), arm_setting_kinds],
	))
}

arm_setting_kinds := "`azurerm_monitor_diagnostic_setting` or `Microsoft.Insights/diagnosticSettings` azapi resource" if {
	lib.is_terraform
} else := "`Microsoft.Insights/diagnosticSettings`"

# An azapi resource is named by its Terraform address, as the unit's other Terraform findings.
arm_subject(r) := sprintf("%s %s", [arm_types[lower(r.type)], r.id]) if {
	lib.is_terraform
} else := sprintf("%s `%s`", [arm_types[lower(r.type)], r.name]) if {
	not startswith(r.name, "[")
} else := sprintf("This %s", [arm_types[lower(r.type)]])
