package ailint.rules.gpu_cluster_without_metrics_test

import data.ailint.rules.gpu_cluster_without_metrics as rule
import data.ailint.test_inputs

aks(extra, size) := {"id": "azurerm_kubernetes_cluster.ml", "type": "azurerm_kubernetes_cluster", "name": "ml", "config": object.union({
	"name": "aks-ml",
	"default_node_pool": [{"name": "system", "vm_size": size, "node_count": 2}],
	"identity": [{"type": "SystemAssigned"}],
}, extra)}

pool(size, cluster_id) := {"id": "azurerm_kubernetes_cluster_node_pool.gpu", "type": "azurerm_kubernetes_cluster_node_pool", "name": "gpu", "config": {
	"name": "gpu", "vm_size": size, "kubernetes_cluster_id": cluster_id,
}}

cluster_ref := {"$unknown": "azurerm_kubernetes_cluster.ml.id", "$refs": ["azurerm_kubernetes_cluster.ml"]}

unknown := {"$unknown": "var.x", "$refs": ["var.x"]}

# --- Terraform ---------------------------------------------------------------------------------

test_tf_gpu_default_pool_without_monitoring_fires if {
	findings := rule.deny with input as test_inputs.unit("terraform", [aks({}, "Standard_NC24ads_A100_v4")])
	count(findings) == 1
	some f in findings
	f.path == []
	contains(f.message, "default_node_pool: Standard_NC24ads_A100_v4")
	contains(f.message, "`monitor_metrics`")
}

test_tf_joined_gpu_node_pool_fires if {
	findings := rule.deny with input as test_inputs.unit("terraform", [aks({}, "Standard_D4s_v5"), pool("Standard_ND96isr_H100_v5", cluster_ref)])
	count(findings) == 1
	some f in findings
	f.resource == "azurerm_kubernetes_cluster.ml"
	contains(f.message, "azurerm_kubernetes_cluster_node_pool.gpu: Standard_ND96isr_H100_v5")
}

test_tf_not_joined_or_cpu_pools_pass if {
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [aks({}, "Standard_D4s_v5")])
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [aks({}, "Standard_D4s_v5"), pool("Standard_NC6s_v3", unknown)])
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [aks({}, "Standard_D4s_v5"), pool("Standard_D8s_v5", cluster_ref)])
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [aks({}, unknown)])
}

test_tf_monitoring_blocks_pass if {
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [aks({"monitor_metrics": [{}]}, "Standard_NC24ads_A100_v4")])
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [aks({"oms_agent": [{"log_analytics_workspace_id": unknown}]}, "Standard_NC24ads_A100_v4")])
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [aks({"monitor_metrics": [unknown]}, "Standard_NC24ads_A100_v4")])
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [aks({"monitor_metrics": unknown}, "Standard_NC24ads_A100_v4")])
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [aks({"addon_profile": [{"oms_agent": [{"enabled": true}]}]}, "Standard_NC24ads_A100_v4")])
	count(rule.deny) == 1 with input as test_inputs.unit("terraform", [aks({"addon_profile": [{"oms_agent": [{"enabled": false}]}]}, "Standard_NC24ads_A100_v4")])
}

# --- ARM ---------------------------------------------------------------------------------------

mc(props) := {"id": "aks", "type": "Microsoft.ContainerService/managedClusters", "name": "aks-ml", "config": {"name": "aks-ml", "properties": props}}

profiles(size) := [{"name": "system", "vmSize": "Standard_D4s_v5", "mode": "System"}, {"name": "gpu", "vmSize": size, "mode": "User"}]

test_arm_gpu_profile_without_monitoring_fires if {
	findings := rule.deny with input as test_inputs.unit("arm", [mc({"agentPoolProfiles": profiles("Standard_NC24ads_A100_v4")})])
	count(findings) == 1
	some f in findings
	f.path == []
	contains(f.message, "AKS cluster `aks-ml`")
	contains(f.message, "`gpu`: Standard_NC24ads_A100_v4")
}

test_arm_explicit_false_points_at_it if {
	props := {"agentPoolProfiles": profiles("Standard_NC24ads_A100_v4"), "azureMonitorProfile": {"metrics": {"enabled": false}}}
	findings := rule.deny with input as test_inputs.unit("arm", [mc(props)])
	some f in findings
	f.path == ["properties", "azureMonitorProfile", "metrics", "enabled"]
	props2 := {"agentPoolProfiles": profiles("Standard_NC24ads_A100_v4"), "addonProfiles": {"omsAgent": {"enabled": false}}}
	findings2 := rule.deny with input as test_inputs.unit("arm", [mc(props2)])
	some f2 in findings2
	f2.path == ["properties", "addonProfiles", "omsAgent", "enabled"]
}

test_arm_monitoring_on_or_unknown_passes if {
	base := {"agentPoolProfiles": profiles("Standard_NC24ads_A100_v4")}
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [mc(object.union(base, {"azureMonitorProfile": {"metrics": {"enabled": true}}}))])
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [mc(object.union(base, {"addonProfiles": {"omsagent": {"enabled": true, "config": {}}}}))])
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [mc(object.union(base, {"addonProfiles": {"omsAgent": {"enabled": "true"}}}))])
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [mc(object.union(base, {"azureMonitorProfile": {"containerInsights": {"enabled": true}}}))])
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [mc(object.union(base, {"azureMonitorProfile": {"metrics": {"enabled": unknown}}}))])
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [mc(object.union(base, {"azureMonitorProfile": unknown}))])
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [mc(object.union(base, {"addonProfiles": unknown}))])
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [mc({"agentPoolProfiles": unknown})])
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [mc({"agentPoolProfiles": profiles("Standard_D8s_v5")})])
}

agent_pool(name, deps) := {"id": sprintf("Microsoft.ContainerService/managedClusters/agentPools/%s", [name]), "type": "Microsoft.ContainerService/managedClusters/agentPools", "name": name, "config": {
	"name": name, "dependsOn": deps, "properties": {"vmSize": "Standard_NC40ads_H100_v5", "count": 1},
}}

test_arm_child_agent_pools_join if {
	cpu := mc({"agentPoolProfiles": [{"name": "system", "vmSize": "Standard_D4s_v5"}]})
	count(rule.deny) == 1 with input as test_inputs.unit("arm", [cpu, agent_pool("aks-ml/gpu", [])])
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [cpu, agent_pool("aks-other/gpu", [])])
	# Joined by dependsOn (symbolic name or resourceId).
	findings := rule.deny with input as test_inputs.unit("arm", [cpu, agent_pool("[format('{0}/{1}', parameters('c'), 'gpu')]", ["aks"])])
	count(findings) == 1
	some f in findings
	contains(f.message, "(`gpu`: Standard_NC40ads_H100_v5)")
	dep := {"$unknown": "[resourceId('Microsoft.ContainerService/managedClusters', 'aks-ml')]", "$refs": ["Microsoft.ContainerService/managedClusters/aks-ml"]}
	count(rule.deny) == 1 with input as test_inputs.unit("arm", [cpu, agent_pool("[format('{0}/{1}', parameters('c'), 'gpu')]", [dep])])
}

test_arm_classic_expression_names_join if {
	classic := {"id": "Microsoft.ContainerService/managedClusters/[parameters('clusterName')]", "type": "Microsoft.ContainerService/managedClusters", "name": "[parameters('clusterName')]", "config": {"properties": {}}}
	count(rule.deny) == 1 with input as test_inputs.unit("arm", [classic, agent_pool("[concat(parameters('clusterName'), '/gpu')]", [])])
	count(rule.deny) == 1 with input as test_inputs.unit("arm", [classic, agent_pool("[parameters('clusterName')]/gpu", [])])
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [classic, agent_pool("[concat(parameters('otherCluster'), '/gpu')]", [])])
}

test_arm_existing_cluster_skipped if {
	existing := {"id": "aks", "type": "Microsoft.ContainerService/managedClusters", "name": "aks-ml", "config": {"existing": true, "name": "aks-ml"}}
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [existing, agent_pool("aks-ml/gpu", [])])
}

helm(chart) := {"id": "helm_release.m", "type": "helm_release", "name": "m", "config": {"name": "m", "chart": chart}}

# A Helm release of a metrics chart in the unit counts as metrics collection; other charts do not.
test_tf_metrics_helm_release_passes if {
	cluster := aks({}, "Standard_NC24ads_A100_v4")
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [cluster, helm("kube-prometheus-stack")])
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [cluster, helm("prometheus-community/prometheus")])
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [cluster, helm("oci://ghcr.io/nvidia/gpu-operator")])
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [cluster, helm("dcgm-exporter")])
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [cluster, helm(unknown)])
	count(rule.deny) == 1 with input as test_inputs.unit("terraform", [cluster, helm("ingress-nginx")])
	count(rule.deny) == 1 with input as test_inputs.unit("terraform", [cluster, helm("prometheus-adapter")])
}
