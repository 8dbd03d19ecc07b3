package ailint.lib_network_test

import data.ailint.lib

unknown := {"$unknown": "var.x", "$refs": ["var.x"]}

tf := {"format": "terraform", "config": {}}

arm := {"format": "arm", "config": {}}

account(config) := {"id": "azurerm_cognitive_account.main", "type": "azurerm_cognitive_account", "name": "main", "config": config}

services(config) := {"id": "azurerm_ai_services.main", "type": "azurerm_ai_services", "name": "main", "config": config}

arm_account(name, config) := {"id": "acct", "type": "Microsoft.CognitiveServices/accounts", "name": name, "config": config}

test_public_access_bool_defaults_to_on if {
	a := lib.net_public_access(account({})) with input as tf
	a.value == null
	contains(a.text, "defaults to true")
	b := lib.net_public_access(account({"public_network_access_enabled": "true"})) with input as tf
	b.text == "`public_network_access_enabled = true`"
	not lib.net_public_access(account({"public_network_access_enabled": false})) with input as tf
	not lib.net_public_access(account({"public_network_access_enabled": unknown})) with input as tf
}

test_public_access_enum if {
	a := lib.net_public_access(services({})) with input as tf
	a.attr == "public_network_access"
	contains(a.text, "defaults to \"Enabled\"")
	lib.net_public_access(services({"public_network_access": "enabled"})) with input as tf
	not lib.net_public_access(services({"public_network_access": "Disabled"})) with input as tf
	c := lib.net_public_access(arm_account("a", {"properties": {}})) with input as arm
	c.attr == "properties.publicNetworkAccess"
	not lib.net_public_access(arm_account("a", {"properties": {"publicNetworkAccess": "Disabled"}})) with input as arm
	not lib.net_public_access(arm_account("a", {"properties": {"publicNetworkAccess": unknown}})) with input as arm
}

test_id_names_compares_case_insensitively if {
	lib.net_id_names("/subscriptions/0/resourceGroups/rg/providers/microsoft.cognitiveservices/Accounts/AOAI/", "Microsoft.CognitiveServices/accounts", "aoai")
	not lib.net_id_names("/subscriptions/0/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/aoai-2", "Microsoft.CognitiveServices/accounts", "aoai")
	not lib.net_id_names("/subscriptions/0/resourceGroups/rg/providers/Microsoft.Search/searchServices/aoai", "Microsoft.CognitiveServices/accounts", "aoai")
	not lib.net_id_names(unknown, "Microsoft.CognitiveServices/accounts", "aoai")
}

test_points_to_by_reference_or_literal_id if {
	r := account({"name": "aoai-chat"})
	lib.net_points_to({"$unknown": "azurerm_cognitive_account.main.id", "$refs": ["azurerm_cognitive_account.main"]}, r) with input as tf
	lib.net_points_to("/subscriptions/0/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/aoai-chat", r) with input as tf
	not lib.net_points_to("/subscriptions/0/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/other", r) with input as tf
	not lib.net_points_to(unknown, r) with input as tf
	a := arm_account("aoai-chat", {})
	lib.net_points_to("/subscriptions/0/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/aoai-chat", a) with input as arm
	# A resource named by an expression has no literal name to compare.
	not lib.net_points_to("/subscriptions/0/x/providers/Microsoft.CognitiveServices/accounts/[parameters('n')]", arm_account("[parameters('n')]", {})) with input as arm
}
