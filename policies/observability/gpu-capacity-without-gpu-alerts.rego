# METADATA
# title: GPU capacity without GPU memory, utilization or temperature alerts
# description: |
#   GPU nodes fail in ways that CPU and memory alerts do not see: a model that leaks GPU memory runs
#   into out-of-memory errors on every request, a stuck kernel pins utilization at 100% (or a broken
#   scheduler leaves paid GPUs idle at 0%), and an overheating GPU throttles its clocks and halves
#   throughput without an error. NVIDIA's DCGM exporter (installed by the GPU Operator, or the AKS
#   managed Prometheus GPU metrics) publishes these as `DCGM_FI_DEV_FB_USED`, `DCGM_FI_DEV_GPU_UTIL`
#   and `DCGM_FI_DEV_GPU_TEMP`, but nothing pages anyone until an alert rule uses them. This rule
#   reports once per run, on the first GPU capacity resource (AKS GPU node pool, GPU VM or scale
#   set) of the checked files, when no Prometheus alert rule anywhere in them (Terraform
#   `azurerm_monitor_alert_prometheus_rule_group`, ARM `Microsoft.AlertsManagement/prometheusRuleGroups`,
#   Kubernetes `PrometheusRule`) watches each of the three signals.
# custom:
#   id: AIL703
#   slug: gpu-capacity-without-gpu-alerts
#   severity: info
#   formats: [terraform, arm, bicep]
#   resource_types:
#     - azurerm_kubernetes_cluster_node_pool
#     - azurerm_kubernetes_cluster
#     - azurerm_linux_virtual_machine
#     - azurerm_windows_virtual_machine
#     - azurerm_virtual_machine
#     - azurerm_linux_virtual_machine_scale_set
#     - azurerm_windows_virtual_machine_scale_set
#     - azurerm_orchestrated_virtual_machine_scale_set
#     - Microsoft.ContainerService/managedClusters
#     - Microsoft.ContainerService/managedClusters/agentPools
#     - Microsoft.Compute/virtualMachines
#     - Microsoft.Compute/virtualMachineScaleSets
#   default: on
#   remediation: |
#     Terraform: add an `azurerm_monitor_alert_prometheus_rule_group` with `rule` blocks whose
#     `alert` expressions watch GPU memory (`DCGM_FI_DEV_FB_USED / (DCGM_FI_DEV_FB_USED +
#     DCGM_FI_DEV_FB_FREE) > 0.95`), utilization (`avg_over_time(DCGM_FI_DEV_GPU_UTIL[30m]) < 5` for idle
#     or `> 98` for stuck) and temperature (`DCGM_FI_DEV_GPU_TEMP > 85`).
#     ARM/Bicep: the same as `Microsoft.AlertsManagement/prometheusRuleGroups` `properties.rules` with
#     `alert` and `expression`; or a `PrometheusRule` (monitoring.coreos.com) in the cluster's manifests.
#   tags: [observability, gpu]
#   references:
#     - url: https://docs.nvidia.com/datacenter/dcgm/latest/gpu-telemetry/dcgm-exporter.html
#       title: NVIDIA DCGM Exporter (GPU metrics for Prometheus)
#     - url: https://learn.microsoft.com/azure/aks/monitor-gpu-metrics
#       title: Monitor GPU metrics from the NVIDIA DCGM exporter with AKS managed Prometheus
package ailint.rules.gpu_capacity_without_gpu_alerts

import data.ailint.lib

signals := ["memory", "utilization", "temperature"]

metric := {"memory": "DCGM_FI_DEV_FB_USED", "utilization": "DCGM_FI_DEV_GPU_UTIL", "temperature": "DCGM_FI_DEV_GPU_TEMP"}

deny contains f if {
	first := input.context.gpu_capacity_first
	watched := input.context.gpu_alert_signals
	not "unknown" in watched
	missing := [s | some s in signals; not s in watched]
	count(missing) > 0
	some r in input.resources
	r.id == first.resource
	object.get(r, "file", "") == first.file
	f := lib.finding(r, first.path, sprintf(
		"%s%s is GPU capacity, but no Prometheus alert rule in the checked files watches GPU %s: a GPU that runs out of memory, hangs at full utilization, sits idle or throttles on heat pages no one; add alert rules on %s%s",
		[what(r, first), others, signal_list(missing), concat(", ", [sprintf("`%s`", [metric[s]]) | some s in missing]), where_hint],
	))
}

# "memory, utilization or temperature".
signal_list(missing) := missing[0] if {
	count(missing) == 1
} else := sprintf("%s or %s", [concat(", ", array.slice(missing, 0, count(missing) - 1)), missing[count(missing) - 1]])

what(r, first) := sprintf("%s (%s)", [r.id, first.sku]) if {
	is_string(first.sku)
} else := r.id

others := "" if {
	input.context.gpu_capacity_count <= 1
} else := sprintf(" (the first of %d GPU capacity resources)", [input.context.gpu_capacity_count])

where_hint := " (an `azurerm_monitor_alert_prometheus_rule_group`)" if {
	lib.is_terraform
	not lib.arm_shaped(input.resources[0])
} else := " (a `Microsoft.AlertsManagement/prometheusRuleGroups` resource or a `PrometheusRule`)"
