package ailint.rules.ai_service_without_managed_identity_test

import data.ailint.rules.ai_service_without_managed_identity as rule
import data.ailint.test_inputs

arm_res(type, name, config) := {"id": sprintf("%s/%s", [type, name]), "type": type, "name": name, "api_version": "2024-10-01", "config": object.union({"name": name}, config)}

unknown(src) := {"$unknown": src, "$refs": [src]}

system_assigned := [{"type": "SystemAssigned"}]

# ---------------------------------------------------------------- Terraform accounts

test_tf_account_without_identity_fires if {
	findings := rule.deny with input as test_inputs.unit("terraform", [test_inputs.tf_res("azurerm_cognitive_account", "openai", {"kind": "OpenAI"})])
	count(findings) == 1
	some f in findings
	f.path == ["identity"]
	f.resource == "azurerm_cognitive_account.openai"
	contains(f.message, "Azure OpenAI account azurerm_cognitive_account.openai has no `identity` block")
	count(rule.deny) == 1 with input as test_inputs.unit("terraform", [test_inputs.tf_res("azurerm_ai_services", "hub", {})])
}

test_tf_account_with_identity_passes if {
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [test_inputs.tf_res("azurerm_cognitive_account", "a", {"identity": system_assigned})])
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [test_inputs.tf_res("azurerm_ai_services", "a", {"identity": [{"type": "UserAssigned", "identity_ids": [unknown("azurerm_user_assigned_identity.id")]}]})])
}

test_tf_dynamic_or_unknown_identity_passes if {
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [test_inputs.tf_res("azurerm_cognitive_account", "a", {"identity": [unknown("var.identities")]})])
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [test_inputs.tf_res("azurerm_cognitive_account", "a", {"identity": [{"type": unknown("var.identity_type")}]})])
}

# ---------------------------------------------------------------- Terraform AKS

test_tf_aks_with_service_principal_fires if {
	findings := rule.deny with input as test_inputs.unit("terraform", [test_inputs.tf_res("azurerm_kubernetes_cluster", "gpu", {
		"default_node_pool": [{"name": "system", "vm_size": "Standard_NC24ads_A100_v4"}],
		"service_principal": [{"client_id": unknown("var.sp_client_id"), "client_secret": unknown("var.sp_secret")}],
	})])
	count(findings) == 1
	some f in findings
	f.path == ["identity"]
	contains(f.message, "has a `service_principal` block and no `identity` block")
	contains(f.message, "in place of `service_principal`")
}

test_tf_aks_with_identity_passes if {
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [test_inputs.tf_res("azurerm_kubernetes_cluster", "gpu", {"identity": system_assigned})])
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [test_inputs.tf_res("azurerm_kubernetes_cluster", "gpu", {"identity": [unknown("var.identity")]})])
}

test_tf_other_types_pass if {
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [test_inputs.tf_res("azurerm_kubernetes_cluster_node_pool", "gpu", {})])
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [test_inputs.tf_res("azurerm_search_service", "s", {})])
}

# Issue 19: a CPU-only cluster is not an AI platform; a GPU node pool resource referring to the
# cluster brings it in scope.
test_tf_cpu_only_aks_passes if {
	cpu := test_inputs.tf_res("azurerm_kubernetes_cluster", "web", {
		"default_node_pool": [{"name": "system", "vm_size": "Standard_D4s_v5"}],
		"service_principal": [{"client_id": unknown("var.sp_client_id")}],
	})
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [cpu])
	cpu_pool := test_inputs.tf_res("azurerm_kubernetes_cluster_node_pool", "batch", {"kubernetes_cluster_id": {"$unknown": "azurerm_kubernetes_cluster.web.id", "$refs": ["azurerm_kubernetes_cluster.web"]}, "vm_size": "Standard_D16s_v5"})
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [cpu, cpu_pool])
	gpu_pool := test_inputs.tf_res("azurerm_kubernetes_cluster_node_pool", "gpu", {"kubernetes_cluster_id": {"$unknown": "azurerm_kubernetes_cluster.web.id", "$refs": ["azurerm_kubernetes_cluster.web"]}, "vm_size": "Standard_NC24ads_A100_v4"})
	count(rule.deny) == 1 with input as test_inputs.unit("terraform", [cpu, gpu_pool])
}

# ---------------------------------------------------------------- ARM

test_arm_cpu_only_aks_passes if {
	cpu := arm_res("Microsoft.ContainerService/managedClusters", "aks-web", {"properties": {"agentPoolProfiles": [{"name": "system", "vmSize": "Standard_D4s_v5"}]}})
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [cpu])
	gpu := arm_res("Microsoft.ContainerService/managedClusters/agentPools", "aks-web/gpu", {"properties": {"vmSize": "Standard_NC24ads_A100_v4"}})
	count(rule.deny) == 1 with input as test_inputs.unit("arm", [cpu, gpu])
}

test_arm_account_without_identity_fires if {
	findings := rule.deny with input as test_inputs.unit("arm", [arm_res("Microsoft.CognitiveServices/accounts", "aoai", {"kind": "OpenAI", "properties": {}})])
	count(findings) == 1
	some f in findings
	f.path == ["identity", "type"]
	contains(f.message, "Azure OpenAI account `aoai` has no `identity.type`")
}

test_arm_identity_none_fires if {
	findings := rule.deny with input as test_inputs.unit("arm", [arm_res("Microsoft.MachineLearningServices/workspaces/onlineEndpoints", "ws/chat", {"identity": {"type": "None"}, "properties": {"authMode": "AADToken"}})])
	count(findings) == 1
	some f in findings
	contains(f.message, "ML online endpoint `ws/chat` sets `identity.type` to \"None\"")
	count(rule.deny) == 1 with input as test_inputs.unit("arm", [arm_res("microsoft.cognitiveservices/accounts", "a", {"identity": {"type": "none"}})])
}

test_arm_identity_set_or_unknown_passes if {
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [arm_res("Microsoft.CognitiveServices/accounts", "a", {"identity": {"type": "SystemAssigned"}})])
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [arm_res("Microsoft.CognitiveServices/accounts", "a", {"identity": {"type": "SystemAssigned, UserAssigned"}})])
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [arm_res("Microsoft.CognitiveServices/accounts", "a", {"identity": {"type": unknown("parameters.identityType")}})])
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [arm_res("Microsoft.CognitiveServices/accounts", "a", {"identity": unknown("variables.identity")})])
}

test_arm_aks_with_service_principal_fires if {
	findings := rule.deny with input as test_inputs.unit("arm", [arm_res("Microsoft.ContainerService/managedClusters", "aks-gpu", {"properties": {
		"agentPoolProfiles": [{"name": "gpu", "vmSize": "Standard_NC24ads_A100_v4"}],
		"servicePrincipalProfile": {"clientId": unknown("parameters.spClientId"), "secret": unknown("parameters.spSecret")},
	}})])
	count(findings) == 1
	some f in findings
	f.path == ["identity", "type"]
	contains(f.message, "AKS cluster `aks-gpu`")
	contains(f.message, "`servicePrincipalProfile`")
}

test_arm_aks_msi_placeholder_is_not_a_service_principal if {
	findings := rule.deny with input as test_inputs.unit("arm", [arm_res("Microsoft.ContainerService/managedClusters", "aks", {"properties": {"agentPoolProfiles": [{"name": "gpu", "vmSize": "Standard_ND96asr_v4"}], "servicePrincipalProfile": {"clientId": "msi"}}})])
	count(findings) == 1
	some f in findings
	not contains(f.message, "servicePrincipalProfile")
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [arm_res("Microsoft.ContainerService/managedClusters", "aks", {"identity": {"type": "UserAssigned"}, "properties": {"servicePrincipalProfile": {"clientId": "msi"}}})])
}

test_arm_other_types_pass if {
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [arm_res("Microsoft.ContainerService/managedClusters/agentPools", "aks/gpu", {"properties": {}})])
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [arm_res("Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments", "ws/e/blue", {"properties": {}})])
}
