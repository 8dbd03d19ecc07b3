# METADATA
# title: AI service without a private endpoint
# description: |
#   An Azure OpenAI or AI Services account, ML workspace, AI Foundry hub or AI Search service that no
#   private endpoint connects to can only be reached over its public endpoint, or not at all once
#   public access is turned off. Prompts, completions and embeddings then cross the internet, and the
#   service cannot be locked down without breaking its clients. Give every AI service a private
#   endpoint in the same configuration, so that private-only access is possible and reviewable.
# custom:
#   id: AIL102
#   slug: ai-service-without-private-endpoint
#   severity: warning
#   formats: [terraform, arm, bicep]
#   resource_types:
#     - azurerm_cognitive_account
#     - azurerm_ai_services
#     - azurerm_ai_foundry
#     - azurerm_machine_learning_workspace
#     - azurerm_search_service
#     - Microsoft.CognitiveServices/accounts
#     - Microsoft.MachineLearningServices/workspaces
#     - Microsoft.Search/searchServices
#   default: on
#   remediation: |
#     Terraform: add an `azurerm_private_endpoint` whose `private_service_connection` sets
#     `private_connection_resource_id` to the service's `.id` and `subresource_names` to `["account"]`
#     (cognitive account, AI services), `["amlworkspace"]` (ML workspace, AI Foundry hub) or
#     `["searchService"]` (AI Search), with a `private_dns_zone_group` for its private DNS zone.
#     ARM/Bicep: add a `Microsoft.Network/privateEndpoints` resource whose
#     `properties.privateLinkServiceConnections[].properties.privateLinkServiceId` is the service's
#     `resourceId()` and `groupIds` is `account`, `amlworkspace` or `searchService`.
#   tags: [security, network]
package ailint.rules.ai_service_without_private_endpoint

import data.ailint.lib

# ---------------------------------------------------------------------------------------------
# What private endpoints in the unit target. A target that is an unknown mentioning nothing we
# can resolve (`var.account_id`, `[parameters('targetId')]`, a module output, a `for_each` value)
# might be any of the unit's services: while one exists the rule stays silent for ALL services of
# the unit rather than guess. An unknown that names a resource of the unit, or a resource of a
# type that is not an AI service (`azurerm_storage_account.x`, `resourceId('Microsoft.Storage/...')`),
# is resolved; so is a literal resource id.
# ---------------------------------------------------------------------------------------------

# targets: every private endpoint target value of the unit.
targets contains v if {
	lib.is_terraform
	some pe in lib.resources_of("azurerm_private_endpoint")
	some v in tf_targets(pe)
}

targets contains v if {
	lib.is_arm
	some pe in lib.arm_resources("Microsoft.Network/privateEndpoints")
	some v in arm_targets(pe.config)
}

# tf_targets(pe): the `private_connection_resource_id` of each connection; the unknown itself when
# the block is dynamic or unknown.
tf_targets(pe) := [v |
	some conn in connections(lib.get(pe.config, ["private_service_connection"], []))
	v := field(conn, ["private_connection_resource_id"])
	v != null
]

connections(v) := [v] if {
	lib.is_unknown(v)
} else := v if {
	is_array(v)
} else := []

# arm_targets(pe): the `privateLinkServiceId` of each automatic and manual connection.
arm_targets(config) := [v |
	some key in ["privateLinkServiceConnections", "manualPrivateLinkServiceConnections"]
	some conn in connections(lib.get(config, ["properties", key], []))
	v := field(conn, ["properties", "privateLinkServiceId"])
	v != null
]

# field(obj, path): the value at path, or obj itself when obj is an unknown (a dynamic block).
field(obj, path) := obj if {
	lib.is_unknown(obj)
} else := lib.get(obj, path, null)

# A Bicep module (nested deployment with an inline template) that declares a private endpoint, at
# any depth of its template (`template_types`, which ailint lists for each deployment): it targets
# whatever its parameters reference.
pe_modules contains d if {
	lib.is_arm
	some d in lib.arm_resources("Microsoft.Resources/deployments")
	"microsoft.network/privateendpoints" in object.get(d, "template_types", [])
}

# module_values(d): the literal strings and unknowns passed as parameters (not the parts of an
# unknown: its source text and refs).
module_values(d) := [v |
	walk(lib.get(d.config, ["properties", "parameters"], {}), [path, v])
	not "$refs" in path
	not "$unknown" in path
	is_leaf(v)
]

is_leaf(v) if lib.is_unknown(v)

is_leaf(v) if is_string(v)

# connected(r): some private endpoint (or private endpoint module) of the unit points at r.
connected(r) if {
	some v in targets
	lib.net_points_to(v, r)
}

connected(r) if {
	lib.is_terraform
	lib.given_to_unread_module(r)
}

# A linked-template deployment's content is invisible: a parameter naming a service counts as
# a possible private endpoint of it.
connected(r) if lib.given_to_linked_deployment(r)

connected(r) if {
	some v in pe_module_values
	lib.net_points_to(v, r)
}

# The parameter values of every private endpoint module, gathered once per unit rather than
# walked again for each service.
pe_module_values contains v if {
	some d in pe_modules
	some v in module_values(d)
}

# ambiguous: some private endpoint target cannot be resolved, so it might be any service.
ambiguous if {
	some v in targets
	unresolved(v)
}

# A private endpoint module none of whose parameters names a possible target (a resource that is
# not networking plumbing such as the subnet or DNS zone, in the unit or elsewhere): its endpoint's
# target is a parameter we cannot see through.
ambiguous if {
	some d in pe_modules
	not module_resolved(d)
}

module_resolved(d) if {
	some v in module_values(d)
	lib.is_unknown(v)
	some r in lib.referred_resources(v)
	lib.refers_to_resource(v, r)
	not startswith(lower(r.type), "microsoft.network/")
}

module_resolved(d) if {
	some v in module_values(d)
	lib.is_unknown(v)
	some ref in v["$refs"]
	other_type_ref(lower(ref))
	not startswith(lower(ref), "microsoft.network/")
}

module_resolved(d) if {
	some v in module_values(d)
	is_string(v)
	contains(lower(v), "/providers/")
	not contains(lower(v), "/providers/microsoft.network/")
}

unresolved(v) if {
	lib.is_unknown(v)
	not mentions_unit_resource(v)
	not mentions_other_type(v)
}

mentions_unit_resource(v) if {
	some r in lib.referred_resources(v)
	lib.refers_to_resource(v, r)
}

# A reference to a resource of a type that cannot be one of the unit's AI services.
mentions_other_type(v) if {
	some ref in v["$refs"]
	other_type_ref(lower(ref))
}

# Terraform: `data.<type>.<name>` or `<type>.<name>` of a type that is not an AI service.
other_type_ref(ref) if {
	lib.is_terraform
	parts := split(lib.tf_local_ref(ref), ".")
	tf_type := tf_ref_type(parts)
	startswith(tf_type, "azurerm_")
	not tf_type in object.keys(lib.net_ai_services_tf)
}

tf_ref_type(parts) := parts[1] if {
	parts[0] == "data"
	count(parts) >= 3
} else := parts[0] if {
	count(parts) == 2
}

# ARM: `<Namespace.Provider>/<type>/<name>...` as resourceId() produces it, of another type.
other_type_ref(ref) if {
	lib.is_arm
	parts := split(ref, "/")
	count(parts) >= 3
	contains(parts[0], ".")
	not startswith(parts[0], "[")
	not sprintf("%s/%s", [parts[0], parts[1]]) in object.keys(lib.net_ai_services_arm)
}

# ---------------------------------------------------------------------------------------------
# The services
# ---------------------------------------------------------------------------------------------

# An AI Foundry project (an ML workspace of kind Project) uses its hub's private endpoint, and ML
# online endpoints are reached through their workspace's: neither takes one of its own.
services contains [r, info] if {
	lib.is_terraform
	some t, info in lib.net_ai_services_tf
	some r in lib.resources_of(t)
}

services contains [r, info] if {
	lib.is_arm
	some r in input.resources
	base := lib.net_ai_services_arm[lower(r.type)]
	kind := lib.get(r.config, ["kind"], "")
	not lib.equals_ci(kind, "Project")
	info := object.union(base, arm_kind_name(kind))
}

arm_kind_name(kind) := {"kind": "AI Foundry hub"} if {
	lib.equals_ci(kind, "Hub")
} else := {}

deny contains f if {
	not ambiguous
	some [r, info] in services
	not connected(r)
	f := lib.finding(r, [], message(r, info))
}

message(r, info) := sprintf(
	"%s has no private endpoint in this configuration: clients can reach it only over the internet, or not at all once public access is off; add an `azurerm_private_endpoint` whose `private_connection_resource_id` is `%s.id` with `subresource_names = [\"%s\"]`",
	[lib.subject(info.kind, r), r.id, info.subresource],
) if {
	lib.is_terraform
} else := sprintf(
	"%s has no private endpoint in this template: clients can reach it only over the internet, or not at all once public access is off; add a `Microsoft.Network/privateEndpoints` whose `privateLinkServiceId` is its `resourceId()` with `groupIds` [\"%s\"]",
	[lib.subject(info.kind, r), info.subresource],
)
