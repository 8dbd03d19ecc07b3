package ailint.rules.ai_service_without_private_endpoint_test

import data.ailint.rules.ai_service_without_private_endpoint as rule
import data.ailint.test_inputs

arm_res(id, type, name, config) := {"id": id, "type": type, "name": name, "config": object.union({"type": type, "name": name}, config)}

ref(src, refs) := {"$unknown": src, "$refs": refs}

account := test_inputs.tf_res("azurerm_cognitive_account", "openai", {"name": "aoai-chat", "kind": "OpenAI", "public_network_access_enabled": false})

search := test_inputs.tf_res("azurerm_search_service", "rag", {"name": "srch-rag"})

tf_pe(name, target) := test_inputs.tf_res("azurerm_private_endpoint", name, {"private_service_connection": [{"name": "c", "private_connection_resource_id": target, "subresource_names": ["account"]}]})

test_tf_service_without_endpoint_fires_at_header if {
	findings := rule.deny with input as test_inputs.unit("terraform", [account])
	count(findings) == 1
	some f in findings
	f.resource == "azurerm_cognitive_account.openai"
	f.path == []
	contains(f.message, "no private endpoint")
	contains(f.message, "[\"account\"]")
}

test_tf_joined_endpoint_passes if {
	pe := tf_pe("openai", ref("azurerm_cognitive_account.openai.id", ["azurerm_cognitive_account.openai"]))
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [account, pe])
}

test_tf_endpoint_for_another_service_still_fires if {
	pe := tf_pe("openai", ref("azurerm_cognitive_account.openai.id", ["azurerm_cognitive_account.openai"]))
	findings := rule.deny with input as test_inputs.unit("terraform", [account, search, pe])
	count(findings) == 1
	some f in findings
	f.resource == "azurerm_search_service.rag"
	contains(f.message, "searchService")
}

test_tf_literal_resource_id_joins_by_name if {
	pe := tf_pe("openai", "/subscriptions/0000/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/AOAI-chat")
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [account, pe])
	other := tf_pe("openai", "/subscriptions/0000/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/aoai-other")
	count(rule.deny) == 1 with input as test_inputs.unit("terraform", [account, other])
}

test_tf_unresolvable_target_silences_every_service if {
	pe := tf_pe("byvar", ref("var.account_id", ["var.account_id"]))
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [account, search, pe])
	module := tf_pe("bymodule", ref("module.ai.account_id", ["module.ai"]))
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [account, module])
	data_ai := tf_pe("bydata", ref("data.azurerm_cognitive_account.x.id", ["data.azurerm_cognitive_account.x"]))
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [account, data_ai])
}

test_tf_dynamic_connection_silences if {
	pe := test_inputs.tf_res("azurerm_private_endpoint", "dyn", {"private_service_connection": [ref("dynamic", ["var.connections"])]})
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [account, pe])
}

test_tf_target_of_another_type_does_not_silence if {
	kv := tf_pe("kv", ref("data.azurerm_key_vault.kv.id", ["data.azurerm_key_vault.kv"]))
	count(rule.deny) == 1 with input as test_inputs.unit("terraform", [account, kv])
	st := test_inputs.tf_res("azurerm_storage_account", "st", {"name": "st"})
	pe_st := tf_pe("st", ref("azurerm_storage_account.st.id", ["azurerm_storage_account.st"]))
	count(rule.deny) == 1 with input as test_inputs.unit("terraform", [account, st, pe_st])
}

test_tf_public_access_off_still_fires if {
	count(rule.deny) == 1 with input as test_inputs.unit("terraform", [account])
}

test_tf_all_service_types if {
	types := ["azurerm_ai_services", "azurerm_ai_foundry", "azurerm_machine_learning_workspace", "azurerm_search_service", "azurerm_cognitive_account"]
	every t in types {
		count(rule.deny) == 1 with input as test_inputs.unit("terraform", [test_inputs.tf_res(t, "x", {})])
	}
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [test_inputs.tf_res("azurerm_storage_account", "x", {})])
}

# --- ARM ---------------------------------------------------------------------------------------

arm_account := arm_res("Microsoft.CognitiveServices/accounts/aoai-chat", "Microsoft.CognitiveServices/accounts", "aoai-chat", {"kind": "OpenAI", "properties": {"publicNetworkAccess": "Disabled"}})

arm_pe(key, target) := arm_res("Microsoft.Network/privateEndpoints/pe", "Microsoft.Network/privateEndpoints", "pe", {"properties": {key: [{"name": "c", "properties": {"privateLinkServiceId": target, "groupIds": ["account"]}}]}})

test_arm_without_endpoint_fires if {
	findings := rule.deny with input as test_inputs.unit("arm", [arm_account])
	count(findings) == 1
	some f in findings
	f.path == []
	contains(f.message, "AI services account `aoai-chat`")
}

test_arm_resource_id_joins if {
	pe := arm_pe("privateLinkServiceConnections", ref("[resourceId(...)]", ["Microsoft.CognitiveServices/accounts/aoai-chat"]))
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [arm_account, pe])
	manual := arm_pe("manualPrivateLinkServiceConnections", ref("[resourceId(...)]", ["Microsoft.CognitiveServices/accounts/aoai-chat"]))
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [arm_account, manual])
}

test_arm_symbolic_and_parameter_names_join if {
	acct := arm_res("openai", "Microsoft.CognitiveServices/accounts", "[parameters('name')]", {})
	by_symbol := arm_pe("privateLinkServiceConnections", ref("[resourceId(...)]", ["openai"]))
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [acct, by_symbol])
	by_param := arm_pe("privateLinkServiceConnections", ref("[resourceId(...)]", ["Microsoft.CognitiveServices/accounts/[parameters('name')]", "parameters.name"]))
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [acct, by_param])
}

test_arm_unresolvable_target_silences if {
	pe := arm_pe("privateLinkServiceConnections", ref("[parameters('targetId')]", ["parameters.targetId"]))
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [arm_account, pe])
	other_account := arm_pe("privateLinkServiceConnections", ref("[resourceId(...)]", ["Microsoft.CognitiveServices/accounts/[parameters('x')]", "parameters.x"]))
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [arm_account, other_account])
}

test_arm_other_type_target_does_not_silence if {
	pe := arm_pe("privateLinkServiceConnections", ref("[resourceId(...)]", ["Microsoft.Storage/storageAccounts/[parameters('x')]", "parameters.x"]))
	count(rule.deny) == 1 with input as test_inputs.unit("arm", [arm_account, pe])
}

test_arm_foundry_project_and_online_endpoint_skipped if {
	project := arm_res("p", "Microsoft.MachineLearningServices/workspaces", "proj", {"kind": "Project"})
	endpoint := arm_res("e", "Microsoft.MachineLearningServices/workspaces/onlineEndpoints", "ws/e", {})
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [project, endpoint])
	hub := arm_res("h", "Microsoft.MachineLearningServices/workspaces", "hub", {"kind": "Hub"})
	count(rule.deny) == 1 with input as test_inputs.unit("arm", [hub])
}

# As ailint's input has it: the deployment lists the types its template declares.
module(params, template) := object.union(
	arm_res("Microsoft.Resources/deployments/pe", "Microsoft.Resources/deployments", "pe", {"properties": {"mode": "Incremental", "parameters": params, "template": template}}),
	{"template_types": [lower(t.type) | some t in template.resources]},
)

pe_template := {"resources": [{"type": "Microsoft.Network/privateEndpoints", "name": "[parameters('name')]"}]}

subnet := {"value": ref("[resourceId(...)]", ["Microsoft.Network/virtualNetworks/subnets/vnet/pe"])}

test_arm_private_endpoint_module if {
	joined := module({"subnetId": subnet, "targetId": {"value": ref("[resourceId(...)]", ["Microsoft.CognitiveServices/accounts/aoai-chat"])}}, pe_template)
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [arm_account, joined])
	other := module({"subnetId": subnet, "targetId": {"value": ref("[resourceId(...)]", ["Microsoft.Storage/storageAccounts/st"])}}, pe_template)
	count(rule.deny) == 1 with input as test_inputs.unit("arm", [arm_account, other])
	opaque := module({"subnetId": subnet, "targetId": {"value": ref("[parameters('id')]", ["parameters.id"])}}, pe_template)
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [arm_account, opaque])
	not_pe := module({"targetId": {"value": ref("[resourceId(...)]", ["Microsoft.CognitiveServices/accounts/aoai-chat"])}}, {"resources": [{"type": "Microsoft.Insights/diagnosticSettings"}]})
	count(rule.deny) == 1 with input as test_inputs.unit("arm", [arm_account, not_pe])
}

test_arm_linked_template_referencing_service_passes if {
	linked := arm_res("d", "Microsoft.Resources/deployments", "pe", {"properties": {"templateLink": {"uri": "https://x/pe.json"}, "parameters": {"targetId": {"value": ref("[resourceId(...)]", ["Microsoft.CognitiveServices/accounts/aoai-chat"])}}}})
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [arm_account, linked])
}

test_formats_are_separate if {
	count(rule.deny) == 0 with input as test_inputs.unit("kubernetes", [account])
}
