# METADATA
# title: AKS cluster with GPU nodes has no metrics collection
# description: |
#   An AKS cluster with GPU node pools but neither Azure Monitor managed Prometheus nor Container
#   insights keeps no history of GPU utilisation, GPU memory, node pressure or pod restarts. Idle or
#   under-used GPUs (the largest line of an AI platform's bill) go unnoticed, scaling decisions are
#   guesswork, and failures such as XID errors or OOM-killed model servers cannot be investigated
#   after the fact. Turn on managed Prometheus (and scrape the NVIDIA DCGM exporter) or Container
#   insights.
# custom:
#   id: AIL702
#   slug: gpu-cluster-without-metrics
#   severity: info
#   formats: [terraform, arm, bicep]
#   resource_types: [azurerm_kubernetes_cluster, Microsoft.ContainerService/managedClusters]
#   default: on
#   remediation: |
#     Terraform: add a `monitor_metrics {}` block to the `azurerm_kubernetes_cluster` (managed
#     Prometheus; also create the data collection rule and its association to an Azure Monitor
#     workspace) or an `oms_agent { log_analytics_workspace_id = ... }` block (Container insights).
#     A `helm_release` of kube-prometheus-stack, prometheus, dcgm-exporter or gpu-operator in the same
#     configuration counts as self-managed metrics collection.
#     ARM/Bicep: set `properties.azureMonitorProfile.metrics.enabled: true` (managed Prometheus) or
#     `properties.addonProfiles.omsagent` with `enabled: true` and a `logAnalyticsWorkspaceResourceID`
#     (Container insights).
#   tags: [observability, gpu, cost]
package ailint.rules.gpu_cluster_without_metrics

import data.ailint.lib

advice_tf := "add `monitor_metrics {}` (managed Prometheus, then scrape the NVIDIA DCGM exporter) or `oms_agent {}` (Container insights)"

advice_arm := "set `properties.azureMonitorProfile.metrics.enabled` to true (managed Prometheus, then scrape the NVIDIA DCGM exporter) or enable `properties.addonProfiles.omsagent` (Container insights)"

consequence := "GPU utilisation, GPU memory and node health are not collected, so idle GPUs and failing nodes go unnoticed"

# ---------------------------------------------------------------------------------------------
# Terraform
# ---------------------------------------------------------------------------------------------

# tf_gpu_pools(r): "<pool>: <size>" for each GPU node pool of the cluster r, sorted.
tf_gpu_pools(r) := lib.aks_tf_gpu_pools(r)

# tf_monitored(r): a `monitor_metrics` or `oms_agent` block (or an unknown / dynamic one), or the
# azurerm v2 `addon_profile { oms_agent { enabled = true } }`.
tf_monitored(r) if {
	some key in ["monitor_metrics", "oms_agent"]
	lib.get(r.config, [key], null) != null
	lib.get(r.config, [key], null) != []
}

tf_monitored(r) if {
	v := lib.get(r.config, ["addon_profile", 0, "oms_agent", 0, "enabled"], null)
	on_or_unknown(v)
}

# A Helm release of a chart that collects GPU or cluster metrics, anywhere in the unit: the Helm
# provider's cluster cannot be told from the release, so one release counts for every cluster.
# gpu-operator deploys the DCGM exporter by default.
tf_monitored(_) if {
	some h in lib.resources_of("helm_release")
	metrics_chart(lib.get(h.config, ["chart"], null))
}

metrics_charts := {"kube-prometheus-stack", "prometheus", "dcgm-exporter", "gpu-operator"}

# metrics_chart(chart): the chart's name, the last part of `repo/name` or an OCI reference
# (`oci://ghcr.io/prometheus-community/charts/kube-prometheus-stack`), ignoring a version.
metrics_chart(chart) if {
	is_string(chart)
	parts := split(lower(trim_space(chart)), "/")
	name := split(parts[count(parts) - 1], ":")[0]
	name in metrics_charts
}

metrics_chart(chart) if lib.is_unknown(chart)

on_or_unknown(v) if lib.is_true(v)

on_or_unknown(v) if lib.is_unknown(v)

deny contains f if {
	lib.is_terraform
	some r in lib.resources_of("azurerm_kubernetes_cluster")
	pools := tf_gpu_pools(r)
	count(pools) > 0
	not tf_monitored(r)
	f := lib.finding(r, [], sprintf(
		"AKS cluster %s has GPU node pools (%s) but neither `monitor_metrics` (managed Prometheus) nor `oms_agent` (Container insights): %s; %s",
		[r.id, concat(", ", pools), consequence, advice_tf],
	))
}

# ---------------------------------------------------------------------------------------------
# ARM
# ---------------------------------------------------------------------------------------------

arm_clusters contains r if {
	some r in lib.arm_resources("Microsoft.ContainerService/managedClusters")
	not lib.is_true(object.get(r.config, "existing", false))
}

arm_gpu_pools(r) := lib.aks_arm_gpu_pools(r)

# Managed Prometheus, Container insights via the azureMonitorProfile, or the omsagent add-on (its
# key is `omsagent`, sometimes written `omsAgent`): on, or unknown.
arm_monitored(r) if on_or_unknown(lib.get(r.config, ["properties", "azureMonitorProfile", "metrics", "enabled"], null))

arm_monitored(r) if on_or_unknown(lib.get(r.config, ["properties", "azureMonitorProfile", "containerInsights", "enabled"], null))

arm_monitored(r) if {
	some key in omsagent_keys(r)
	on_or_unknown(lib.get(r.config, ["properties", "addonProfiles", key, "enabled"], null))
}

# An unknown add-on map (e.g. `[variables('addons')]`) may turn it on.
arm_monitored(r) if lib.is_unknown(lib.get(r.config, ["properties", "addonProfiles"], null))

omsagent_keys(r) := [k |
	addons := lib.get(r.config, ["properties", "addonProfiles"], {})
	is_object(addons)
	some k, _ in addons
	lower(k) == "omsagent"
]

# arm_path(r): the explicit `enabled: false` that turns monitoring off, else the resource header.
arm_path(r) := ["properties", "azureMonitorProfile", "metrics", "enabled"] if {
	lib.is_false(lib.get(r.config, ["properties", "azureMonitorProfile", "metrics", "enabled"], null))
} else := ["properties", "addonProfiles", key, "enabled"] if {
	some key in omsagent_keys(r)
	lib.is_false(lib.get(r.config, ["properties", "addonProfiles", key, "enabled"], null))
} else := []

deny contains f if {
	lib.is_arm
	some r in arm_clusters
	pools := arm_gpu_pools(r)
	count(pools) > 0
	not arm_monitored(r)
	f := lib.finding(r, arm_path(r), sprintf(
		"%s has GPU agent pools (%s) but neither managed Prometheus nor Container insights is enabled: %s; %s",
		[arm_subject(r), concat(", ", pools), consequence, advice_arm],
	))
}

arm_subject(r) := sprintf("AKS cluster `%s`", [r.name]) if {
	not startswith(r.name, "[")
} else := "This AKS cluster"
