package ailint.rules.ml_workspace_outbound_unrestricted_test

import data.ailint.rules.ml_workspace_outbound_unrestricted as rule
import data.ailint.test_inputs

unknown := {"$unknown": "var.isolation_mode", "$refs": ["var.isolation_mode"]}

tf(type, config) := test_inputs.unit("terraform", [test_inputs.tf_res(type, "main", config)])

network(mode) := {"managed_network": [{"isolation_mode": mode}]}

test_tf_absent_fires_with_default_and_no_fix if {
	findings := rule.deny with input as tf("azurerm_machine_learning_workspace", {"name": "mlw"})
	count(findings) == 1
	some f in findings
	f.path == ["managed_network", 0, "isolation_mode"]
	contains(f.message, "defaults to `Disabled`")
	contains(f.message, "add `managed_network { isolation_mode = \"AllowOnlyApprovedOutbound\" }`")
	not f.fix
}

test_tf_disabled_and_internet_outbound_fire_with_fix if {
	findings := rule.deny with input as tf("azurerm_machine_learning_workspace", network("Disabled"))
	count(findings) == 1
	some f in findings
	f.fix == {"set": "AllowOnlyApprovedOutbound"}
	internet := rule.deny with input as tf("azurerm_ai_foundry", network("AllowInternetOutbound"))
	count(internet) == 1
	some g in internet
	startswith(g.message, "AI Foundry hub azurerm_ai_foundry.main sets `managed_network.isolation_mode` to `AllowInternetOutbound`")
}

# A block without `isolation_mode` is the default too; the fix sets the mode in the block.
test_tf_empty_block_fires_with_fix if {
	findings := rule.deny with input as tf("azurerm_ai_foundry", {"managed_network": [{}]})
	count(findings) == 1
	some f in findings
	f.fix == {"set": "AllowOnlyApprovedOutbound"}
}

test_tf_approved_and_unknown_pass if {
	count(rule.deny) == 0 with input as tf("azurerm_machine_learning_workspace", network("AllowOnlyApprovedOutbound"))
	count(rule.deny) == 0 with input as tf("azurerm_ai_foundry", network("allowonlyapprovedoutbound"))
	count(rule.deny) == 0 with input as tf("azurerm_machine_learning_workspace", network(unknown))
	count(rule.deny) == 0 with input as tf("azurerm_machine_learning_workspace", {"managed_network": unknown})
}

# Projects have no managed network of their own in azurerm.
test_tf_other_types_pass if {
	count(rule.deny) == 0 with input as tf("azurerm_ai_foundry_project", {})
	count(rule.deny) == 0 with input as tf("azurerm_cognitive_account", {})
}

test_tf_plan if {
	count(rule.deny) == 1 with input as test_inputs.unit("terraform-plan", [test_inputs.tf_res("azurerm_machine_learning_workspace", "main", network("Disabled"))])
}

arm(config) := test_inputs.unit("arm", [{"id": "ws", "type": "Microsoft.MachineLearningServices/workspaces", "name": "mlw-prod", "config": object.union({"name": "mlw-prod"}, config)}])

test_arm_absent_disabled_and_internet_fire if {
	findings := rule.deny with input as arm({"properties": {}})
	count(findings) == 1
	some f in findings
	f.path == ["properties", "managedNetwork", "isolationMode"]
	startswith(f.message, "ML workspace `mlw-prod` has no `properties.managedNetwork.isolationMode`")
	f.fix == {"set": "AllowOnlyApprovedOutbound"}
	count(rule.deny) == 1 with input as arm({"properties": {"managedNetwork": {"isolationMode": "disabled"}}})
	hub := rule.deny with input as arm({"kind": "Hub", "properties": {"managedNetwork": {"isolationMode": "AllowInternetOutbound"}}})
	count(hub) == 1
	some h in hub
	startswith(h.message, "AI Foundry hub `mlw-prod`")
}

test_arm_approved_and_unknown_pass if {
	count(rule.deny) == 0 with input as arm({"properties": {"managedNetwork": {"isolationMode": "AllowOnlyApprovedOutbound"}}})
	count(rule.deny) == 0 with input as arm({"properties": {"managedNetwork": {"isolationMode": unknown}}})
	count(rule.deny) == 0 with input as arm({"properties": unknown})
}

# Hub-based projects use the hub's network; a kind that is not known could be a project.
test_arm_projects_and_unknown_kind_exempt if {
	count(rule.deny) == 0 with input as arm({"kind": "Project", "properties": {"hubResourceId": "x"}})
	count(rule.deny) == 0 with input as arm({"kind": "project", "properties": {}})
	count(rule.deny) == 0 with input as arm({"kind": unknown, "properties": {}})
	count(rule.deny) == 1 with input as arm({"kind": "FeatureStore", "properties": {}})
}

test_arm_expression_name if {
	findings := rule.deny with input as test_inputs.unit("arm", [{"id": "Microsoft.MachineLearningServices/workspaces/[parameters('name')]", "type": "Microsoft.MachineLearningServices/workspaces", "name": "[parameters('name')]", "config": {"properties": {}}}])
	count(findings) == 1
	some f in findings
	startswith(f.message, "This ML workspace has no")
}

test_azapi_workspace if {
	ws := {"id": "azapi_resource.ws", "type": "Microsoft.MachineLearningServices/workspaces", "name": "mlw", "config": {"properties": {"managedNetwork": {"isolationMode": "AllowInternetOutbound"}}}}
	findings := rule.deny with input as test_inputs.unit("terraform", [ws])
	count(findings) == 1
	some f in findings
	startswith(f.message, "ML workspace azapi_resource.ws")
}
