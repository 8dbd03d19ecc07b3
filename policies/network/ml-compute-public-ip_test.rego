package ailint.rules.ml_compute_public_ip_test

import data.ailint.rules.ml_compute_public_ip as rule
import data.ailint.test_inputs

ws_ref := {"$unknown": "azurerm_machine_learning_workspace.main.id", "$refs": ["azurerm_machine_learning_workspace.main"]}

unknown := {"$unknown": "var.public_ip", "$refs": ["var.public_ip"]}

tf_ws(network) := test_inputs.tf_res("azurerm_machine_learning_workspace", "main", object.union({"name": "mlw-research"}, network))

cluster(config) := test_inputs.tf_res("azurerm_machine_learning_compute_cluster", "gpu", object.union({"machine_learning_workspace_id": ws_ref}, config))

tf(resources) := test_inputs.unit("terraform", resources)

managed(mode) := {"managed_network": [{"isolation_mode": mode}]}

test_tf_absent_fires_with_default if {
	findings := rule.deny with input as tf([tf_ws({}), cluster({})])
	count(findings) == 1
	some f in findings
	f.resource == "azurerm_machine_learning_compute_cluster.gpu"
	f.path == ["node_public_ip_enabled"]
	contains(f.message, "defaults to true")
	contains(f.message, "azurerm_machine_learning_workspace.main has no managed network")
}

test_tf_true_and_disabled_fires if {
	findings := rule.deny with input as tf([tf_ws(managed("Disabled")), cluster({"node_public_ip_enabled": true})])
	count(findings) == 1
	some f in findings
	contains(f.message, "sets `node_public_ip_enabled = true`")
	contains(f.message, "isolation mode `Disabled`")
}

test_tf_false_passes if {
	count(rule.deny) == 0 with input as tf([tf_ws({}), cluster({"node_public_ip_enabled": false})])
}

test_tf_unknown_setting_passes if {
	count(rule.deny) == 0 with input as tf([tf_ws({}), cluster({"node_public_ip_enabled": unknown})])
}

test_tf_managed_network_passes if {
	count(rule.deny) == 0 with input as tf([tf_ws(managed("AllowInternetOutbound")), cluster({})])
	count(rule.deny) == 0 with input as tf([tf_ws(managed("allowonlyapprovedoutbound")), cluster({})])
}

test_tf_unknown_isolation_mode_passes if {
	count(rule.deny) == 0 with input as tf([tf_ws(managed(unknown)), cluster({})])
	count(rule.deny) == 0 with input as tf([tf_ws({"managed_network": unknown}), cluster({})])
}

# The workspace is not in the unit: its network is unknown.
test_tf_workspace_outside_unit_passes if {
	count(rule.deny) == 0 with input as tf([cluster({})])
	count(rule.deny) == 0 with input as tf([
		tf_ws({}),
		cluster({"machine_learning_workspace_id": {"$unknown": "var.workspace_id", "$refs": ["var.workspace_id"]}}),
	])
}

# A literal workspace id joins by the workspace's name.
test_tf_literal_workspace_id if {
	id := "/subscriptions/0000/resourceGroups/rg-ml/providers/Microsoft.MachineLearningServices/workspaces/mlw-research"
	count(rule.deny) == 1 with input as tf([tf_ws({}), cluster({"machine_learning_workspace_id": id})])
	other := "/subscriptions/0000/resourceGroups/rg-ml/providers/Microsoft.MachineLearningServices/workspaces/mlw-other"
	count(rule.deny) == 0 with input as tf([tf_ws({}), cluster({"machine_learning_workspace_id": other})])
}

test_tf_compute_instance_in_foundry_hub if {
	hub := test_inputs.tf_res("azurerm_ai_foundry", "hub", {"name": "hub-genai"})
	ci := test_inputs.tf_res("azurerm_machine_learning_compute_instance", "alice", {"machine_learning_workspace_id": {"$unknown": "azurerm_ai_foundry.hub.id", "$refs": ["azurerm_ai_foundry.hub"]}})
	findings := rule.deny with input as tf([hub, ci])
	count(findings) == 1
	some f in findings
	startswith(f.message, "ML compute instance azurerm_machine_learning_compute_instance.alice")
}

# A compute of a hub-based project runs in its hub's network.
test_tf_project_uses_hub_network if {
	hub_ref := {"$unknown": "azurerm_ai_foundry.hub.id", "$refs": ["azurerm_ai_foundry.hub"]}
	project := test_inputs.tf_res("azurerm_ai_foundry_project", "team", {"name": "team", "ai_services_hub_id": hub_ref})
	ci := test_inputs.tf_res("azurerm_machine_learning_compute_instance", "bob", {"machine_learning_workspace_id": {"$unknown": "azurerm_ai_foundry_project.team.id", "$refs": ["azurerm_ai_foundry_project.team"]}})
	open_hub := test_inputs.tf_res("azurerm_ai_foundry", "hub", {"name": "hub"})
	findings := rule.deny with input as tf([open_hub, project, ci])
	count(findings) == 1
	some f in findings
	contains(f.message, "the hub azurerm_ai_foundry.hub of its project azurerm_ai_foundry_project.team has no managed network")
	closed_hub := test_inputs.tf_res("azurerm_ai_foundry", "hub", object.union({"name": "hub"}, managed("AllowOnlyApprovedOutbound")))
	count(rule.deny) == 0 with input as tf([closed_hub, project, ci])
	# The hub is elsewhere: unknown.
	count(rule.deny) == 0 with input as tf([project, ci])
}

test_tf_plan_format if {
	findings := rule.deny with input as test_inputs.unit("terraform-plan", [tf_ws({}), cluster({"node_public_ip_enabled": true})])
	count(findings) == 1
}

# ---------------------------------------------------------------------------------------------
# ARM
# ---------------------------------------------------------------------------------------------

arm_ws(name, props) := {"id": name, "type": "Microsoft.MachineLearningServices/workspaces", "name": name, "config": {"name": name, "properties": props}}

arm_compute(name, props) := {"id": name, "type": "Microsoft.MachineLearningServices/workspaces/computes", "name": name, "config": {"name": name, "properties": props}}

arm(resources) := test_inputs.unit("arm", resources)

test_arm_absent_fires if {
	findings := rule.deny with input as arm([arm_ws("mlw", {}), arm_compute("mlw/cpu", {"computeType": "AmlCompute"})])
	count(findings) == 1
	some f in findings
	f.path == ["properties", "properties", "enableNodePublicIp"]
	contains(f.message, "ML compute cluster `mlw/cpu` has no `properties.properties.enableNodePublicIp`, which defaults to true")
}

test_arm_instance_true_fires if {
	findings := rule.deny with input as arm([
		arm_ws("mlw", {"managedNetwork": {"isolationMode": "Disabled"}}),
		arm_compute("mlw/ci-alice", {"computeType": "ComputeInstance", "properties": {"enableNodePublicIp": "true"}}),
	])
	count(findings) == 1
	some f in findings
	contains(f.message, "ML compute instance")
}

test_arm_false_unknown_and_other_types_pass if {
	count(rule.deny) == 0 with input as arm([arm_ws("mlw", {}), arm_compute("mlw/cpu", {"computeType": "AmlCompute", "properties": {"enableNodePublicIp": false}})])
	count(rule.deny) == 0 with input as arm([arm_ws("mlw", {}), arm_compute("mlw/cpu", {"computeType": "AmlCompute", "properties": {"enableNodePublicIp": unknown}})])
	count(rule.deny) == 0 with input as arm([arm_ws("mlw", {}), arm_compute("mlw/cpu", {"computeType": "AmlCompute", "properties": unknown})])
	count(rule.deny) == 0 with input as arm([arm_ws("mlw", {}), arm_compute("mlw/aks", {"computeType": "Kubernetes"})])
	count(rule.deny) == 0 with input as arm([arm_ws("mlw", {}), arm_compute("mlw/x", {"computeType": unknown})])
}

test_arm_managed_network_and_unknown_mode_pass if {
	count(rule.deny) == 0 with input as arm([arm_ws("mlw", {"managedNetwork": {"isolationMode": "AllowOnlyApprovedOutbound"}}), arm_compute("mlw/cpu", {"computeType": "AmlCompute"})])
	count(rule.deny) == 0 with input as arm([arm_ws("mlw", {"managedNetwork": {"isolationMode": "AllowInternetOutbound"}}), arm_compute("mlw/cpu", {"computeType": "AmlCompute"})])
	count(rule.deny) == 0 with input as arm([arm_ws("mlw", {"managedNetwork": unknown}), arm_compute("mlw/cpu", {"computeType": "AmlCompute"})])
}

test_arm_workspace_outside_unit_passes if {
	count(rule.deny) == 0 with input as arm([arm_compute("mlw/cpu", {"computeType": "AmlCompute"})])
	count(rule.deny) == 0 with input as arm([arm_ws("mlw-other", {}), arm_compute("mlw/cpu", {"computeType": "AmlCompute"})])
}

# Classic templates: the compute's name is built from the workspace's name expression.
test_arm_expression_names_join if {
	ws := {"id": "Microsoft.MachineLearningServices/workspaces/[parameters('ws')]", "type": "Microsoft.MachineLearningServices/workspaces", "name": "[parameters('ws')]", "config": {"properties": {}}}
	c := arm_compute("[concat(parameters('ws'), '/cpu')]", {"computeType": "AmlCompute"})
	findings := rule.deny with input as arm([ws, c])
	count(findings) == 1
	some f in findings
	contains(f.message, "This ML compute cluster")
	contains(f.message, "its workspace in this template")
}

# azapi_resource computes carry their parent in dependsOn.
test_azapi_compute_joins_by_depends_on if {
	ws := {"id": "azapi_resource.ws", "type": "Microsoft.MachineLearningServices/workspaces", "name": "mlw", "config": {"properties": {}}}
	c := {"id": "azapi_resource.cpu", "type": "Microsoft.MachineLearningServices/workspaces/computes", "name": "cpu", "config": {
		"dependsOn": [{"$unknown": "azapi_resource.ws.id", "$refs": ["azapi_resource.ws"]}],
		"properties": {"computeType": "AmlCompute"},
	}}
	findings := rule.deny with input as test_inputs.unit("terraform", [ws, c])
	count(findings) == 1
	some f in findings
	startswith(f.message, "ML compute cluster azapi_resource.cpu")
}

test_arm_project_uses_hub if {
	hub := {"id": "hub", "type": "Microsoft.MachineLearningServices/workspaces", "name": "hub", "config": {"kind": "Hub", "properties": {}}}
	project := {"id": "proj", "type": "Microsoft.MachineLearningServices/workspaces", "name": "proj", "config": {"kind": "Project", "properties": {"hubResourceId": {"$unknown": "[resourceId('Microsoft.MachineLearningServices/workspaces', 'hub')]", "$refs": ["Microsoft.MachineLearningServices/workspaces/hub"]}}}}
	c := arm_compute("proj/ci", {"computeType": "ComputeInstance"})
	count(rule.deny) == 1 with input as arm([hub, project, c])
	closed := {"id": "hub", "type": "Microsoft.MachineLearningServices/workspaces", "name": "hub", "config": {"kind": "Hub", "properties": {"managedNetwork": {"isolationMode": "AllowOnlyApprovedOutbound"}}}}
	count(rule.deny) == 0 with input as arm([closed, project, c])
	count(rule.deny) == 0 with input as arm([project, c])
}

test_unrelated_units_pass if {
	count(rule.deny) == 0 with input as tf([test_inputs.tf_res("azurerm_storage_account", "st", {})])
	count(rule.deny) == 0 with input as test_inputs.unit("kubernetes", [])
}
