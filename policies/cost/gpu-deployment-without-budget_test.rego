package ailint.rules.gpu_deployment_without_budget_test

import data.ailint.rules.gpu_deployment_without_budget as rule
import data.ailint.test_inputs

arm_res(type, name, config) := {"id": sprintf("%s/%s", [type, name]), "type": type, "name": name, "config": object.union({"name": name}, config)}

unknown(src) := {"$unknown": src, "$refs": [src]}

rg := test_inputs.tf_res("azurerm_resource_group", "ml", {"name": "rg-ml", "location": "eastus2"})

gpu_vm := test_inputs.tf_res("azurerm_linux_virtual_machine", "train", {"name": "vm-train", "size": "Standard_NC24ads_A100_v4"})

cpu_vm := test_inputs.tf_res("azurerm_linux_virtual_machine", "jump", {"name": "vm-jump", "size": "Standard_B2s"})

openai := test_inputs.tf_res("azurerm_cognitive_account", "openai", {"name": "aoai", "kind": "OpenAI", "sku_name": "S0"})

budget := test_inputs.tf_res("azurerm_consumption_budget_resource_group", "ml", {"name": "budget-ml", "amount": 5000, "time_grain": "Monthly"})

test_tf_one_finding_on_the_first_gpu_or_ai_resource if {
	findings := rule.deny with input as test_inputs.unit("terraform", [rg, cpu_vm, openai, gpu_vm])
	count(findings) == 1
	some f in findings
	f.resource == "azurerm_cognitive_account.openai"
	f.path == []
	contains(f.message, "AI service account azurerm_cognitive_account.openai, and 1 more")
	contains(f.message, "azurerm_consumption_budget_resource_group")
}

test_tf_single_resource_message if {
	findings := rule.deny with input as test_inputs.unit("terraform", [gpu_vm])
	some f in findings
	contains(f.message, "(GPU VM azurerm_linux_virtual_machine.train)")
}

test_tf_any_budget_passes if {
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [gpu_vm, openai, budget])
	sub := test_inputs.tf_res("azurerm_consumption_budget_subscription", "all", {"amount": 20000})
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [gpu_vm, sub])
	mg := test_inputs.tf_res("azurerm_consumption_budget_management_group", "all", {"amount": 20000})
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [gpu_vm, mg])
}

test_tf_nothing_costly_passes if {
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [rg, cpu_vm])
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [test_inputs.tf_res("azurerm_linux_virtual_machine", "x", {"size": unknown("var.size")})])
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [test_inputs.tf_res("azurerm_kubernetes_cluster_node_pool", "cpu", {"vm_size": "Standard_D8s_v5"})])
}

test_tf_kinds if {
	kinds := [
		[test_inputs.tf_res("azurerm_kubernetes_cluster_node_pool", "gpu", {"vm_size": "Standard_NC6s_v3"}), "AKS GPU node pool"],
		[test_inputs.tf_res("azurerm_kubernetes_cluster", "aks", {"default_node_pool": [{"vm_size": "Standard_NC6s_v3"}]}), "AKS cluster with GPU nodes"],
		[test_inputs.tf_res("azurerm_linux_virtual_machine_scale_set", "s", {"sku": "Standard_NC6s_v3"}), "GPU scale set"],
		[test_inputs.tf_res("azurerm_machine_learning_workspace", "w", {}), "ML workspace"],
		[test_inputs.tf_res("azurerm_machine_learning_compute_cluster", "c", {"vm_size": "Standard_D4s_v3"}), "ML compute cluster"],
		[test_inputs.tf_res("azurerm_ai_services", "a", {}), "AI service account"],
		[test_inputs.tf_res("azurerm_cognitive_deployment", "d", {}), "AI model deployment"],
	]
	every pair in kinds {
		findings := rule.deny with input as test_inputs.unit("terraform", [pair[0]])
		count(findings) == 1
		some f in findings
		contains(f.message, pair[1])
	}
}

# ---------------------------------------------------------------- ARM

arm_vm := arm_res("Microsoft.Compute/virtualMachines", "vm-train", {"properties": {"hardwareProfile": {"vmSize": "Standard_ND96asr_v4"}}})

arm_ws := arm_res("Microsoft.MachineLearningServices/workspaces", "mlw", {})

arm_budget := arm_res("Microsoft.Consumption/budgets", "ml-monthly", {"properties": {"amount": 5000}})

test_arm_fires_on_first if {
	findings := rule.deny with input as test_inputs.unit("arm", [arm_res("Microsoft.Network/virtualNetworks", "vnet", {}), arm_ws, arm_vm])
	count(findings) == 1
	some f in findings
	f.resource == "Microsoft.MachineLearningServices/workspaces/mlw"
	contains(f.message, "ML workspace `mlw`, and 1 more")
	contains(f.message, "Microsoft.Consumption/budgets")
	startswith(f.message, "This template")
}

test_arm_budget_passes if {
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [arm_vm, arm_budget])
	lower_budget := arm_res("microsoft.consumption/budgets", "ml", {})
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [arm_vm, lower_budget])
}

test_arm_kinds if {
	mc := arm_res("Microsoft.ContainerService/managedClusters", "aks", {"properties": {"agentPoolProfiles": [{"vmSize": "Standard_NC6s_v3"}, {"vmSize": "Standard_NC24ads_A100_v4"}]}})
	count(rule.deny) == 1 with input as test_inputs.unit("arm", [mc])
	cpu_mc := arm_res("Microsoft.ContainerService/managedClusters", "aks", {"properties": {"agentPoolProfiles": [{"vmSize": "Standard_D4s_v5"}]}})
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [cpu_mc])
	dep := arm_res("Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments", "mlw/ep/blue", {"properties": {"instanceType": "Standard_NC6s_v3"}})
	count(rule.deny) == 1 with input as test_inputs.unit("arm", [dep])
	acct := arm_res("Microsoft.CognitiveServices/accounts", "aoai", {"kind": "OpenAI"})
	count(rule.deny) == 1 with input as test_inputs.unit("arm", [acct])
}

test_formats_are_guarded if {
	count(rule.deny) == 0 with input as test_inputs.unit("kubernetes", [gpu_vm])
}
