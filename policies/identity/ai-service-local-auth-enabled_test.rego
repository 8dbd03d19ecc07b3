package ailint.rules.ai_service_local_auth_enabled_test

import data.ailint.rules.ai_service_local_auth_enabled as rule
import data.ailint.test_inputs

arm_res(type, name, config) := {"id": sprintf("%s/%s", [type, name]), "type": type, "name": name, "api_version": "2024-10-01", "config": object.union({"name": name}, config)}

unknown(src) := {"$unknown": src, "$refs": [src]}

# ---------------------------------------------------------------- Terraform

test_tf_cognitive_account_missing_fires_with_default if {
	findings := rule.deny with input as test_inputs.unit("terraform", [test_inputs.tf_res("azurerm_cognitive_account", "openai", {"kind": "OpenAI", "sku_name": "S0"})])
	count(findings) == 1
	some f in findings
	f.resource == "azurerm_cognitive_account.openai"
	f.path == ["local_auth_enabled"]
	contains(f.message, "defaults to true")
	contains(f.message, "Azure OpenAI account")
	contains(f.message, "set `local_auth_enabled = false`")
}

test_tf_cognitive_account_true_fires if {
	findings := rule.deny with input as test_inputs.unit("terraform", [test_inputs.tf_res("azurerm_cognitive_account", "speech", {"kind": "SpeechServices", "local_auth_enabled": true})])
	count(findings) == 1
	some f in findings
	contains(f.message, "sets `local_auth_enabled = true`")
}

test_tf_cognitive_account_false_and_unknown_pass if {
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [test_inputs.tf_res("azurerm_cognitive_account", "a", {"local_auth_enabled": false})])
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [test_inputs.tf_res("azurerm_cognitive_account", "a", {"local_auth_enabled": unknown("var.local_auth")})])
}

test_tf_ai_services_uses_its_own_attribute if {
	findings := rule.deny with input as test_inputs.unit("terraform", [test_inputs.tf_res("azurerm_ai_services", "hub", {"sku_name": "S0"})])
	count(findings) == 1
	some f in findings
	f.path == ["local_authentication_enabled"]
	contains(f.message, "AI Services account")
	count(rule.deny) == 1 with input as test_inputs.unit("terraform", [test_inputs.tf_res("azurerm_ai_services", "hub", {"local_authentication_enabled": true})])
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [test_inputs.tf_res("azurerm_ai_services", "hub", {"local_authentication_enabled": false})])
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [test_inputs.tf_res("azurerm_ai_services", "hub", {"local_authentication_enabled": unknown("var.keys")})])
}

test_tf_cognitive_attribute_on_ai_services_does_not_count if {
	# `local_auth_enabled` is not an attribute of azurerm_ai_services: the default still applies.
	count(rule.deny) == 1 with input as test_inputs.unit("terraform", [test_inputs.tf_res("azurerm_ai_services", "hub", {"local_auth_enabled": false})])
}

test_tf_other_types_pass if {
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [test_inputs.tf_res("azurerm_storage_account", "s", {})])
}

# ---------------------------------------------------------------- Terraform AI Search and ML computes

test_tf_search_and_computes_fire_on_default_and_true if {
	findings := rule.deny with input as test_inputs.unit("terraform", [
		test_inputs.tf_res("azurerm_search_service", "rag", {"sku": "standard"}),
		test_inputs.tf_res("azurerm_machine_learning_compute_cluster", "train", {"local_auth_enabled": true}),
		test_inputs.tf_res("azurerm_machine_learning_compute_instance", "nb", {}),
	])
	count(findings) == 3
	some s in findings
	s.resource == "azurerm_search_service.rag"
	s.path == ["local_authentication_enabled"]
	contains(s.message, "AI Search service")
	contains(s.message, "every index")
	some c in findings
	c.resource == "azurerm_machine_learning_compute_cluster.train"
	c.path == ["local_auth_enabled"]
	contains(c.message, "sets `local_auth_enabled = true`")
	contains(c.message, "ML compute cluster")
}

test_tf_search_and_computes_pass_when_off_or_unknown if {
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [
		test_inputs.tf_res("azurerm_search_service", "rag", {"local_authentication_enabled": false}),
		test_inputs.tf_res("azurerm_machine_learning_compute_cluster", "train", {"local_auth_enabled": false}),
		test_inputs.tf_res("azurerm_machine_learning_compute_instance", "nb", {"local_auth_enabled": unknown("var.local_auth")}),
		# The account attribute name on a compute does not count.
		test_inputs.tf_res("azurerm_machine_learning_compute_instance", "nb2", {"local_auth_enabled": false, "local_authentication_enabled": true}),
	])
}

test_tf_rule_ignores_arm_input if {
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [test_inputs.tf_res("azurerm_cognitive_account", "a", {})])
}

# ---------------------------------------------------------------- ARM accounts

test_arm_account_missing_fires if {
	findings := rule.deny with input as test_inputs.unit("arm", [arm_res("Microsoft.CognitiveServices/accounts", "aoai-prod", {"kind": "OpenAI", "properties": {"publicNetworkAccess": "Disabled"}})])
	count(findings) == 1
	some f in findings
	f.path == ["properties", "disableLocalAuth"]
	contains(f.message, "defaults to false")
	contains(f.message, "`aoai-prod`")
}

test_arm_account_without_properties_fires if {
	count(rule.deny) == 1 with input as test_inputs.unit("arm", [arm_res("Microsoft.CognitiveServices/accounts", "a", {})])
}

test_arm_account_false_fires_also_as_string_and_any_case_type if {
	count(rule.deny) == 1 with input as test_inputs.unit("arm", [arm_res("Microsoft.CognitiveServices/accounts", "a", {"properties": {"disableLocalAuth": false}})])
	count(rule.deny) == 1 with input as test_inputs.unit("arm", [arm_res("microsoft.cognitiveservices/Accounts", "a", {"properties": {"disableLocalAuth": "false"}})])
}

test_arm_account_disabled_and_unknown_pass if {
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [arm_res("Microsoft.CognitiveServices/accounts", "a", {"properties": {"disableLocalAuth": true}})])
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [arm_res("Microsoft.CognitiveServices/accounts", "a", {"properties": {"disableLocalAuth": "True"}})])
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [arm_res("Microsoft.CognitiveServices/accounts", "a", {"properties": {"disableLocalAuth": unknown("parameters.disableKeys")}})])
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [arm_res("Microsoft.CognitiveServices/accounts", "a", {"properties": unknown("variables.props")})])
}

test_arm_child_resources_pass if {
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [arm_res("Microsoft.CognitiveServices/accounts/deployments", "a/gpt4o", {"properties": {}})])
}

# ---------------------------------------------------------------- ARM AI Search and ML computes

compute(name, type, props) := arm_res("Microsoft.MachineLearningServices/workspaces/computes", name, {"properties": object.union({"computeType": type}, props)})

test_arm_search_and_computes_fire if {
	findings := rule.deny with input as test_inputs.unit("arm", [
		arm_res("Microsoft.Search/searchServices", "rag", {"properties": {"disableLocalAuth": false}}),
		compute("ws/gpu-cluster", "AmlCompute", {}),
		compute("ws/notebook", "computeinstance", {"disableLocalAuth": "false"}),
	])
	count(findings) == 3
	some s in findings
	s.resource == "Microsoft.Search/searchServices/rag"
	contains(s.message, "sets `disableLocalAuth` to false")
	some c in findings
	c.resource == "Microsoft.MachineLearningServices/workspaces/computes/ws/gpu-cluster"
	c.path == ["properties", "disableLocalAuth"]
	contains(c.message, "local authentication on")
}

test_arm_search_and_computes_pass if {
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [
		arm_res("Microsoft.Search/searchServices", "rag", {"properties": {"disableLocalAuth": true}}),
		compute("ws/gpu-cluster", "AmlCompute", {"disableLocalAuth": true}),
		compute("ws/notebook", "ComputeInstance", {"disableLocalAuth": unknown("parameters('x')")}),
		# Attached computes authenticate their own way; an unknown type is not judged.
		compute("ws/aks", "Kubernetes", {}),
		compute("ws/dbx", "Databricks", {}),
		compute("ws/any", unknown("parameters('type')"), {}),
	])
}

# ---------------------------------------------------------------- ARM online endpoints

endpoint(mode) := arm_res("Microsoft.MachineLearningServices/workspaces/onlineEndpoints", "ws/chat", {"properties": {"authMode": mode}})

test_arm_online_endpoint_key_mode_fires if {
	findings := rule.deny with input as test_inputs.unit("arm", [endpoint("Key")])
	count(findings) == 1
	some f in findings
	f.path == ["properties", "authMode"]
	contains(f.message, "\"Key\"")
	contains(f.message, "AADToken")
	count(rule.deny) == 1 with input as test_inputs.unit("arm", [endpoint("key")])
}

test_arm_online_endpoint_token_modes_and_unknown_pass if {
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [endpoint("AADToken")])
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [endpoint("AMLToken")])
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [endpoint(unknown("parameters.authMode"))])
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [arm_res("Microsoft.MachineLearningServices/workspaces/onlineEndpoints", "ws/e", {"properties": {}})])
}
