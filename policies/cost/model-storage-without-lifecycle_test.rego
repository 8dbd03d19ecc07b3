package ailint.rules.model_storage_without_lifecycle_test

import data.ailint.rules.model_storage_without_lifecycle as rule
import data.ailint.test_inputs

ref(id) := {"$unknown": sprintf("%s.id", [id]), "$refs": [id]}

account := test_inputs.tf_res("azurerm_storage_account", "ml", {"name": "stmlresearch"})

workspace(storage) := test_inputs.tf_res("azurerm_machine_learning_workspace", "main", {"name": "mlw", "storage_account_id": storage})

policy(target) := test_inputs.tf_res("azurerm_storage_management_policy", "ml", {"storage_account_id": target})

tf(resources) := test_inputs.unit("terraform", resources)

test_tf_fires_on_the_account if {
	findings := rule.deny with input as tf([account, workspace(ref("azurerm_storage_account.ml"))])
	count(findings) == 1
	some f in findings
	f.resource == "azurerm_storage_account.ml"
	f.path == []
	contains(f.message, "Storage account azurerm_storage_account.ml is the default storage of ML workspace azurerm_machine_learning_workspace.main")
}

test_tf_policy_passes if {
	count(rule.deny) == 0 with input as tf([account, workspace(ref("azurerm_storage_account.ml")), policy(ref("azurerm_storage_account.ml"))])
	# by literal id
	id := "/subscriptions/0000/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/stmlresearch"
	count(rule.deny) == 0 with input as tf([account, workspace(ref("azurerm_storage_account.ml")), policy(id)])
}

test_tf_policy_for_another_account_fires if {
	other := "/subscriptions/0000/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/stlogs"
	count(rule.deny) == 1 with input as tf([account, workspace(ref("azurerm_storage_account.ml")), policy(other)])
	logs := test_inputs.tf_res("azurerm_storage_account", "logs", {"name": "stlogs"})
	count(rule.deny) == 1 with input as tf([account, logs, workspace(ref("azurerm_storage_account.ml")), policy(ref("azurerm_storage_account.logs"))])
}

# A policy whose account cannot be told could be this one.
test_tf_opaque_policy_target_passes if {
	count(rule.deny) == 0 with input as tf([account, workspace(ref("azurerm_storage_account.ml")), policy(ref("var.storage_account_id"))])
}

# The account is created elsewhere, or the workspace's storage is unknown.
test_tf_account_outside_unit_passes if {
	count(rule.deny) == 0 with input as tf([workspace(ref("data.azurerm_storage_account.shared"))])
	count(rule.deny) == 0 with input as tf([account, workspace(ref("var.storage_account_id"))])
	count(rule.deny) == 0 with input as tf([account])
}

test_tf_one_finding_for_a_shared_account if {
	hub := test_inputs.tf_res("azurerm_ai_foundry", "hub", {"storage_account_id": ref("azurerm_storage_account.ml")})
	findings := rule.deny with input as tf([account, workspace(ref("azurerm_storage_account.ml")), hub])
	count(findings) == 1
	some f in findings
	contains(f.message, "AI Foundry hub azurerm_ai_foundry.hub and ML workspace azurerm_machine_learning_workspace.main")
}

test_tf_module_given_the_account_passes if {
	calls := [{"address": "module.lifecycle", "read": false, "arguments": {"account_id": ref("azurerm_storage_account.ml")}}]
	inp := object.union(tf([account, workspace(ref("azurerm_storage_account.ml"))]), {"module_calls": calls})
	count(rule.deny) == 0 with input as inp
}

test_tf_plan_instances if {
	acct := {"id": "azurerm_storage_account.ml[\"prod\"]", "type": "azurerm_storage_account", "name": "ml", "config": {"name": "stmlprod"}}
	ws := {"id": "azurerm_machine_learning_workspace.main[\"prod\"]", "type": "azurerm_machine_learning_workspace", "name": "main", "config": {"storage_account_id": ref("azurerm_storage_account.ml")}}
	count(rule.deny) == 1 with input as test_inputs.unit("terraform-plan", [acct, ws])
}

# ---------------------------------------------------------------------------------------------
# ARM
# ---------------------------------------------------------------------------------------------

arm_account(name) := {"id": sprintf("Microsoft.Storage/storageAccounts/%s", [name]), "type": "Microsoft.Storage/storageAccounts", "name": name, "config": {"name": name}}

arm_ws(storage) := {"id": "ws", "type": "Microsoft.MachineLearningServices/workspaces", "name": "mlw", "config": {"name": "mlw", "properties": {"storageAccount": storage}}}

arm_policy(name, extra) := {"id": name, "type": "Microsoft.Storage/storageAccounts/managementPolicies", "name": name, "config": object.union({"name": name}, extra)}

rid(name) := {"$unknown": sprintf("[resourceId('Microsoft.Storage/storageAccounts', '%s')]", [name]), "$refs": [sprintf("Microsoft.Storage/storageAccounts/%s", [name])]}

arm(resources) := test_inputs.unit("arm", resources)

test_arm_fires if {
	findings := rule.deny with input as arm([arm_account("stml"), arm_ws(rid("stml"))])
	count(findings) == 1
	some f in findings
	startswith(f.message, "Storage account `stml` is the default storage of ML workspace `mlw`")
	contains(f.message, "no `managementPolicies/default` child")
}

test_arm_child_policy_passes if {
	count(rule.deny) == 0 with input as arm([arm_account("stml"), arm_ws(rid("stml")), arm_policy("stml/default", {})])
	count(rule.deny) == 0 with input as arm([arm_account("stml"), arm_ws(rid("stml")), arm_policy("STML/default", {})])
}

test_arm_literal_storage_id if {
	id := "/subscriptions/0000/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/stml"
	count(rule.deny) == 1 with input as arm([arm_account("stml"), arm_ws(id)])
}

test_arm_policy_of_another_account_fires if {
	count(rule.deny) == 1 with input as arm([arm_account("stml"), arm_ws(rid("stml")), arm_policy("stlogs/default", {})])
}

# Classic templates: names built from the account's name expression.
test_arm_expression_names if {
	acct := {"id": "Microsoft.Storage/storageAccounts/[parameters('st')]", "type": "Microsoft.Storage/storageAccounts", "name": "[parameters('st')]", "config": {}}
	storage := {"$unknown": "[resourceId('Microsoft.Storage/storageAccounts', parameters('st'))]", "$refs": ["Microsoft.Storage/storageAccounts/[parameters('st')]"]}
	findings := rule.deny with input as arm([acct, arm_ws(storage)])
	count(findings) == 1
	some f in findings
	startswith(f.message, "This storage account is the default storage")
	count(rule.deny) == 0 with input as arm([acct, arm_ws(storage), arm_policy("[concat(parameters('st'), '/default')]", {})])
	# A policy for an account named by another expression could be any: silent.
	count(rule.deny) == 0 with input as arm([acct, arm_ws(storage), arm_policy("[concat(parameters('other'), '/default')]", {})])
}

test_arm_unknown_storage_passes if {
	count(rule.deny) == 0 with input as arm([arm_account("stml"), arm_ws({"$unknown": "[parameters('storageId')]", "$refs": ["parameters.storageId"]})])
	count(rule.deny) == 0 with input as arm([arm_ws(rid("stml"))])
}

# azapi_resource policies carry their parent in dependsOn.
test_azapi_policy_joins_by_depends_on if {
	acct := test_inputs.tf_res("azurerm_storage_account", "ml", {"name": "stml"})
	ws := test_inputs.tf_res("azurerm_machine_learning_workspace", "main", {"storage_account_id": ref("azurerm_storage_account.ml")})
	mp := {"id": "azapi_resource.lifecycle", "type": "Microsoft.Storage/storageAccounts/managementPolicies", "name": "default", "config": {"dependsOn": [ref("azurerm_storage_account.ml")]}}
	count(rule.deny) == 0 with input as tf([acct, ws, mp])
	count(rule.deny) == 1 with input as tf([acct, ws])
	opaque := {"id": "azapi_resource.lifecycle", "type": "Microsoft.Storage/storageAccounts/managementPolicies", "name": "default", "config": {"dependsOn": [ref("var.account_id")]}}
	count(rule.deny) == 0 with input as tf([acct, ws, opaque])
}

test_unrelated_units_pass if {
	count(rule.deny) == 0 with input as tf([test_inputs.tf_res("azurerm_cognitive_account", "oai", {})])
}
