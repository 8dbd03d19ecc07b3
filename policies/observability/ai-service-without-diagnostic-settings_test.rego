package ailint.rules.ai_service_without_diagnostic_settings_test

import data.ailint.rules.ai_service_without_diagnostic_settings as rule
import data.ailint.test_inputs

acct := test_inputs.tf_res("azurerm_cognitive_account", "openai", {"name": "aoai-prod", "kind": "OpenAI", "sku_name": "S0"})

ws := test_inputs.tf_res("azurerm_machine_learning_workspace", "main", {"name": "mlw-prod"})

ref(addr) := {"$unknown": sprintf("%s.id", [addr]), "$refs": [addr]}

diag(name, target) := test_inputs.tf_res("azurerm_monitor_diagnostic_setting", name, {"name": "diag", "target_resource_id": target})

ids(findings) := {f.resource | some f in findings}

# --- Terraform ---------------------------------------------------------------------------------

test_tf_account_without_setting_fires_at_header if {
	findings := rule.deny with input as test_inputs.unit("terraform", [acct])
	count(findings) == 1
	some f in findings
	f.path == []
	f.resource == "azurerm_cognitive_account.openai"
	contains(f.message, "Cognitive Services account azurerm_cognitive_account.openai has no diagnostic setting")
}

test_tf_joined_setting_passes if {
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [acct, diag("openai", ref("azurerm_cognitive_account.openai"))])
}

test_tf_setting_for_another_resource_does_not_cover if {
	findings := rule.deny with input as test_inputs.unit("terraform", [acct, ws, diag("ws", ref("azurerm_machine_learning_workspace.main"))])
	ids(findings) == {"azurerm_cognitive_account.openai"}
	# A setting on a key vault (not in the unit) names another type: not ambiguous.
	ids(rule.deny) == {"azurerm_cognitive_account.openai"} with input as test_inputs.unit("terraform", [acct, diag("kv", ref("azurerm_key_vault.kv"))])
	ids(rule.deny) == {"azurerm_cognitive_account.openai"} with input as test_inputs.unit("terraform", [acct, diag("kv", ref("data.azurerm_key_vault.kv"))])
}

test_tf_unresolvable_target_silences_the_unit if {
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [acct, ws, diag("x", {"$unknown": "var.target_id", "$refs": ["var.target_id"]})])
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [acct, diag("x", {"$unknown": "module.ai.account_id", "$refs": ["module.ai"]})])
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [acct, diag("x", {"$unknown": "each.value", "$refs": ["each.value"]})])
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [acct, diag("x", {"$unknown": "data.azurerm_cognitive_account.x.id", "$refs": ["data.azurerm_cognitive_account.x"]})])
}

test_tf_literal_target_ids if {
	lit := "/subscriptions/0000/resourceGroups/rg-ai/providers/Microsoft.CognitiveServices/accounts/aoai-prod"
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [acct, diag("lit", lit)])
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [acct, diag("lit", upper(lit))])
	other := "/subscriptions/0000/resourceGroups/rg-ai/providers/Microsoft.CognitiveServices/accounts/aoai-dev"
	count(rule.deny) == 1 with input as test_inputs.unit("terraform", [acct, diag("lit", other)])
	# The account's name is unknown: a literal id of the same type may be it.
	unnamed := test_inputs.tf_res("azurerm_cognitive_account", "openai", {"name": {"$unknown": "var.name", "$refs": ["var.name"]}})
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [unnamed, diag("lit", other)])
}

test_tf_all_ai_types if {
	types := ["azurerm_ai_services", "azurerm_machine_learning_workspace", "azurerm_ai_foundry"]
	every t in types {
		count(rule.deny) == 1 with input as test_inputs.unit("terraform", [test_inputs.tf_res(t, "x", {"name": "n"})])
	}
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [test_inputs.tf_res("azurerm_search_service", "x", {"name": "n"})])
}

# --- ARM ---------------------------------------------------------------------------------------

arm_acct_classic := {"id": "Microsoft.CognitiveServices/accounts/[parameters('accountName')]", "type": "Microsoft.CognitiveServices/accounts", "name": "[parameters('accountName')]", "config": {
	"type": "Microsoft.CognitiveServices/accounts", "name": {"$unknown": "[parameters('accountName')]", "$refs": ["parameters.accountName"]},
	"kind": "OpenAI", "properties": {},
}}

arm_acct_literal := {"id": "openai", "type": "Microsoft.CognitiveServices/accounts", "name": "aoai-prod", "config": {
	"type": "Microsoft.CognitiveServices/accounts", "name": "aoai-prod", "kind": "OpenAI", "properties": {},
}}

arm_diag(scope) := {"id": "diag", "type": "Microsoft.Insights/diagnosticSettings", "name": "diag", "config": {"scope": scope, "properties": {}}}

unknown(text, refs) := {"$unknown": text, "$refs": refs}

test_arm_account_without_setting_fires if {
	findings := rule.deny with input as test_inputs.unit("arm", [arm_acct_literal])
	count(findings) == 1
	some f in findings
	f.path == []
	contains(f.message, "Cognitive Services account `aoai-prod` has no diagnostic setting")
}

test_arm_existing_resources_are_skipped if {
	existing := object.union(arm_acct_literal, {"config": object.union(arm_acct_literal.config, {"existing": true})})
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [existing])
}

test_arm_resource_id_scope_joins if {
	scope := unknown("[resourceId('Microsoft.CognitiveServices/accounts', parameters('accountName'))]", ["Microsoft.CognitiveServices/accounts/[parameters('accountName')]", "parameters.accountName"])
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [arm_acct_classic, arm_diag(scope)])
}

test_arm_symbolic_and_literal_scopes_join if {
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [arm_acct_literal, arm_diag(unknown("[resourceId('Microsoft.CognitiveServices/accounts', 'aoai-prod')]", ["Microsoft.CognitiveServices/accounts/aoai-prod"]))])
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [arm_acct_literal, arm_diag("openai")])
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [arm_acct_literal, arm_diag("Microsoft.CognitiveServices/accounts/aoai-prod")])
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [arm_acct_literal, arm_diag("/subscriptions/0/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/aoai-prod")])
}

test_arm_bicep_format_scope_joins if {
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [arm_acct_classic, arm_diag(unknown("[format('Microsoft.CognitiveServices/accounts/{0}', parameters('accountName'))]", ["parameters.accountName"]))])
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [arm_acct_literal, arm_diag(unknown("[format('Microsoft.CognitiveServices/accounts/{0}', 'aoai-prod')]", []))])
}

test_arm_not_joined_scope_fires if {
	# A setting on a storage account: the AI account still has none.
	scope := unknown("[resourceId('Microsoft.Storage/storageAccounts', 'stlogs')]", ["Microsoft.Storage/storageAccounts/stlogs"])
	count(rule.deny) == 1 with input as test_inputs.unit("arm", [arm_acct_literal, arm_diag(scope)])
	count(rule.deny) == 1 with input as test_inputs.unit("arm", [arm_acct_literal, arm_diag("Microsoft.CognitiveServices/accounts/aoai-dev")])
}

test_arm_unresolvable_scope_silences if {
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [arm_acct_literal, arm_diag(unknown("[parameters('targetId')]", ["parameters.targetId"]))])
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [arm_acct_literal, arm_diag(unknown("[resourceId('Microsoft.CognitiveServices/accounts', parameters('other'))]", ["Microsoft.CognitiveServices/accounts/[parameters('other')]", "parameters.other"]))])
}

child(type, name) := {"id": sprintf("%s/%s", [type, name]), "type": type, "name": name, "config": {"type": type, "properties": {}}}

test_arm_child_form_joins if {
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [arm_acct_literal, child("Microsoft.CognitiveServices/accounts/providers/diagnosticSettings", "aoai-prod/Microsoft.Insights/audit")])
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [arm_acct_classic, child("Microsoft.CognitiveServices/accounts/providers/diagnosticSettings", "[concat(parameters('accountName'), '/Microsoft.Insights/audit')]")])
	# Nested inside the account (the parent's name and type prefixed).
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [arm_acct_classic, child("Microsoft.CognitiveServices/accounts/providers/diagnosticSettings", "[parameters('accountName')]/Microsoft.Insights/audit")])
}

test_arm_child_form_of_other_account_fires_or_silences if {
	# A literal child of another account: this one is not covered.
	count(rule.deny) == 1 with input as test_inputs.unit("arm", [arm_acct_literal, child("Microsoft.CognitiveServices/accounts/providers/diagnosticSettings", "aoai-dev/Microsoft.Insights/audit")])
	# An expression name that joins nothing of the unit: ambiguous, silent.
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [arm_acct_literal, child("Microsoft.CognitiveServices/accounts/providers/diagnosticSettings", "[concat(parameters('other'), '/Microsoft.Insights/audit')]")])
	# A relative nested type that depends on nothing: its parent is unknown, silent.
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [arm_acct_literal, child("providers/diagnosticSettings", "Microsoft.Insights/audit")])
}

nested(deps) := {"id": "providers/diagnosticSettings/Microsoft.Insights/audit", "type": "providers/diagnosticSettings", "name": "Microsoft.Insights/audit", "config": {"dependsOn": deps, "properties": {}}}

test_arm_nested_relative_child_joins_by_depends_on if {
	ws_r := {"id": "Microsoft.MachineLearningServices/workspaces/mlw", "type": "Microsoft.MachineLearningServices/workspaces", "name": "mlw", "config": {"name": "mlw"}}
	dep := unknown("[resourceId('Microsoft.CognitiveServices/accounts', parameters('accountName'))]", ["Microsoft.CognitiveServices/accounts/[parameters('accountName')]", "parameters.accountName"])
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [arm_acct_classic, nested([dep])])
	# Depends on the account only: the workspace of the same template is reported.
	ids(rule.deny) == {"Microsoft.MachineLearningServices/workspaces/mlw"} with input as test_inputs.unit("arm", [arm_acct_classic, ws_r, nested([dep])])
	ids(rule.deny) == {"Microsoft.CognitiveServices/accounts/[parameters('accountName')]"} with input as test_inputs.unit("arm", [arm_acct_classic, ws_r, nested(["Microsoft.MachineLearningServices/workspaces/mlw"])])
}

test_arm_ml_workspace_and_endpoint if {
	ws_r := {"id": "ws", "type": "Microsoft.MachineLearningServices/workspaces", "name": "mlw-prod", "config": {"name": "mlw-prod"}}
	ep := {"id": "ep", "type": "Microsoft.MachineLearningServices/workspaces/onlineEndpoints", "name": "mlw-prod/llm", "config": {"name": "mlw-prod/llm"}}
	findings := rule.deny with input as test_inputs.unit("arm", [ws_r, ep, arm_diag(unknown("[resourceId('Microsoft.MachineLearningServices/workspaces', 'mlw-prod')]", ["Microsoft.MachineLearningServices/workspaces/mlw-prod"]))])
	ids(findings) == {"ep"}
	some f in findings
	contains(f.message, "Online endpoint `mlw-prod/llm`")
	lit := "/subscriptions/0/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/mlw-prod/onlineEndpoints/llm"
	ids(rule.deny) == {"ws"} with input as test_inputs.unit("arm", [ws_r, ep, arm_diag(lit)])
}

test_formats_do_not_mix if {
	count(rule.deny) == 0 with input as test_inputs.unit("kubernetes", [acct])
}
