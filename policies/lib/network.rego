# Network helpers shared by the AIL1xx rules: the AI services that take a private endpoint (and the
# sub-resource it connects to), whether their public network access is on, and whether a value
# (an unknown reference or a literal Azure resource id) points at a given resource.
# Names start with `net_` so that they cannot clash with helpers of other families.
package ailint.lib

# AI services by Terraform type: the ARM type their resource id carries, the private endpoint
# sub-resource (`subresource_names`) and how messages name them.
net_ai_services_tf := {
	"azurerm_cognitive_account": {"arm_type": "Microsoft.CognitiveServices/accounts", "subresource": "account", "kind": "AI services account"},
	"azurerm_ai_services": {"arm_type": "Microsoft.CognitiveServices/accounts", "subresource": "account", "kind": "AI services account"},
	"azurerm_ai_foundry": {"arm_type": "Microsoft.MachineLearningServices/workspaces", "subresource": "amlworkspace", "kind": "AI Foundry hub"},
	"azurerm_machine_learning_workspace": {"arm_type": "Microsoft.MachineLearningServices/workspaces", "subresource": "amlworkspace", "kind": "ML workspace"},
	"azurerm_search_service": {"arm_type": "Microsoft.Search/searchServices", "subresource": "searchService", "kind": "AI Search service"},
}

# The same by lower-cased ARM type (ARM compares types case-insensitively).
net_ai_services_arm := {
	"microsoft.cognitiveservices/accounts": {"subresource": "account", "kind": "AI services account"},
	"microsoft.machinelearningservices/workspaces": {"subresource": "amlworkspace", "kind": "ML workspace"},
	"microsoft.search/searchservices": {"subresource": "searchService", "kind": "AI Search service"},
}

# Terraform types whose boolean `public_network_access_enabled` defaults to true, and those whose
# string `public_network_access` defaults to "Enabled" (as AIL101 reads them).
net_tf_public_bool_types := {"azurerm_cognitive_account", "azurerm_machine_learning_workspace", "azurerm_search_service"}

net_tf_public_enum_types := {"azurerm_ai_services", "azurerm_ai_foundry"}

# net_public_access(r): how r's public network access is set, when it is known to be on:
# {"attr": <attribute as users write it>, "value": <the value, null when absent>, "text": <phrase>}.
# Undefined when it is off or unknown.
net_public_access(r) := {"attr": "public_network_access_enabled", "value": v, "text": text} if {
	r.type in net_tf_public_bool_types
	v := get(r.config, ["public_network_access_enabled"], null)
	text := _net_bool_text(v)
} else := {"attr": "public_network_access", "value": v, "text": text} if {
	r.type in net_tf_public_enum_types
	v := get(r.config, ["public_network_access"], null)
	text := _net_enum_text("public_network_access", v)
} else := {"attr": "properties.publicNetworkAccess", "value": v, "text": text} if {
	is_arm
	v := get(r.config, ["properties", "publicNetworkAccess"], null)
	text := _net_enum_text("properties.publicNetworkAccess", v)
}

_net_bool_text(v) := "`public_network_access_enabled` is not set, which defaults to true" if {
	v == null
} else := "`public_network_access_enabled = true`" if {
	is_true(v)
}

_net_enum_text(attr, v) := sprintf("`%s` is not set, which defaults to \"Enabled\"", [attr]) if {
	v == null
} else := sprintf("`%s` is \"%s\"", [attr, v]) if {
	equals_ci(v, "Enabled")
}

# net_arm_type(r): the ARM type of r's resource id (Terraform: known for the AI services only).
net_arm_type(r) := r.type if {
	is_arm
} else := net_ai_services_tf[r.type].arm_type

# net_literal_name(r): r's literal Azure name (TF `name`, ARM `name`); undefined for expressions.
net_literal_name(r) := name if {
	is_arm
	name := r.name
	is_string(name)
	not startswith(name, "[")
} else := name if {
	not is_arm
	name := object.get(r.config, "name", null)
	is_string(name)
}

# net_id_names(id, arm_type, name): the literal resource id `id` ends with
# `/providers/<arm_type>/<name>`, compared case-insensitively as Azure does.
net_id_names(id, arm_type, name) if {
	is_string(id)
	endswith(lower(trim_right(id, "/")), lower(sprintf("/providers/%s/%s", [arm_type, name])))
}

# net_points_to(v, r): the value v is a reference to resource r: an unknown that mentions it
# (`azurerm_x.y.id`, `[resourceId(...)]`, a symbolic name) or a literal resource id naming it.
net_points_to(v, r) if refers_to_resource(v, r)

net_points_to(v, r) if {
	is_string(v)
	net_id_names(v, net_arm_type(r), net_literal_name(r))
}
