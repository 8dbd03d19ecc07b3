package ailint.rules.ai_service_public_network_access_test

import data.ailint.rules.ai_service_public_network_access as rule
import data.ailint.test_inputs

tf(type, config) := test_inputs.unit("terraform", [test_inputs.tf_res(type, "main", config)])

arm(type, config) := test_inputs.unit("arm", [{"id": "acct", "type": type, "name": "acct", "config": config}])

unknown := {"$unknown": "var.public", "$refs": ["var.public"]}

test_tf_missing_attribute_fires_with_default if {
	findings := rule.deny with input as tf("azurerm_cognitive_account", {"kind": "OpenAI"})
	count(findings) == 1
	some f in findings
	f.path == ["public_network_access_enabled"]
	contains(f.message, "defaults to true")
}

test_tf_true_fires if {
	count(rule.deny) == 1 with input as tf("azurerm_search_service", {"public_network_access_enabled": true})
}

test_tf_false_passes if {
	count(rule.deny) == 0 with input as tf("azurerm_machine_learning_workspace", {"public_network_access_enabled": false})
}

test_tf_unknown_passes if {
	count(rule.deny) == 0 with input as tf("azurerm_cognitive_account", {"public_network_access_enabled": unknown})
}

test_tf_ai_services_enum if {
	count(rule.deny) == 1 with input as tf("azurerm_ai_services", {})
	count(rule.deny) == 1 with input as tf("azurerm_ai_services", {"public_network_access": "Enabled"})
	count(rule.deny) == 0 with input as tf("azurerm_ai_services", {"public_network_access": "Disabled"})
	count(rule.deny) == 0 with input as tf("azurerm_ai_foundry", {"public_network_access": unknown})
}

test_arm_missing_and_enabled_fire if {
	findings := rule.deny with input as arm("Microsoft.CognitiveServices/accounts", {"properties": {}})
	count(findings) == 1
	some f in findings
	f.path == ["properties", "publicNetworkAccess"]
	count(rule.deny) == 1 with input as arm("Microsoft.Search/searchServices", {"properties": {"publicNetworkAccess": "enabled"}})
}

test_arm_disabled_and_unknown_pass if {
	count(rule.deny) == 0 with input as arm("Microsoft.CognitiveServices/accounts", {"properties": {"publicNetworkAccess": "Disabled"}})
	count(rule.deny) == 0 with input as arm("Microsoft.MachineLearningServices/workspaces", {"properties": {"publicNetworkAccess": unknown}})
	count(rule.deny) == 0 with input as arm("Microsoft.Search/searchServices", {"properties": {"publicNetworkAccess": "SecuredByPerimeter"}})
}

test_unrelated_types_pass if {
	count(rule.deny) == 0 with input as tf("azurerm_storage_account", {})
}

# A Foundry project inherits its hub's network settings; a hub is judged.
test_arm_foundry_project_skipped if {
	count(rule.deny) == 0 with input as arm("Microsoft.MachineLearningServices/workspaces", {"kind": "Project", "properties": {"hubResourceId": "x"}})
	count(rule.deny) == 1 with input as arm("Microsoft.MachineLearningServices/workspaces", {"kind": "Hub", "properties": {}})
}

# An azapi_resource in a Terraform unit is ARM-shaped: the ARM branch judges it, by its address.
test_azapi_resource_in_terraform if {
	acct := {"id": "azapi_resource.openai", "type": "Microsoft.CognitiveServices/accounts", "name": "oai", "config": {"properties": {"publicNetworkAccess": "Enabled"}}}
	findings := rule.deny with input as test_inputs.unit("terraform", [acct])
	count(findings) == 1
	some f in findings
	startswith(f.message, "azapi_resource.openai sets `publicNetworkAccess`")
}
