# METADATA
# title: Facts one unit tells the others
# description: |
#   Units are evaluated independently, except for what they declare for each other. Before any rule
#   runs, ailint evaluates this package on every unit that has one of the resource types below;
#   each public rule is a set of facts, gathered from all those units, sorted and given to
#   `package ailint.context` (context.rego), which shapes them into every unit's `input.context`.
#   The taints of GPU node pools (AIL602: a GPU pod must tolerate them), the NVIDIA driver versions
#   pinned anywhere in the run (AIL506: images must not need a newer CUDA), whether a GPU Operator
#   installs a driver (AIL507: then AKS must not), the run's GPU capacity and which GPU signals
#   its alert rules watch (AIL703).
# custom:
#   resource_types:
#     - azurerm_kubernetes_cluster_node_pool
#     - azurerm_kubernetes_cluster
#     - Microsoft.ContainerService/managedClusters
#     - Microsoft.ContainerService/managedClusters/agentPools
#     - ClusterPolicy
#     - NVIDIADriver
#     - PrometheusRule
#     - helm_release
#     - azurerm_virtual_machine_extension
#     - azurerm_virtual_machine_scale_set_extension
#     - azurerm_linux_virtual_machine
#     - azurerm_windows_virtual_machine
#     - azurerm_virtual_machine
#     - azurerm_linux_virtual_machine_scale_set
#     - azurerm_windows_virtual_machine_scale_set
#     - azurerm_orchestrated_virtual_machine_scale_set
#     - azurerm_virtual_machine_scale_set
#     - azurerm_monitor_alert_prometheus_rule_group
#     - Microsoft.Compute/virtualMachines
#     - Microsoft.Compute/virtualMachineScaleSets
#     - Microsoft.Compute/virtualMachines/extensions
#     - Microsoft.Compute/virtualMachineScaleSets/extensions
#     - Microsoft.Compute/virtualMachineScaleSets/virtualMachines/extensions
#     - Microsoft.AlertsManagement/prometheusRuleGroups
package ailint.facts

import data.ailint.lib

# gpu_node_taints: {"key", "value", "effect", "pool"} for each known taint of a GPU node pool.
gpu_node_taints contains t if {
	some pool in _gpu_pools
	some raw in pool.taints
	t := object.union(parse_taint(raw), {"pool": pool.id})
}

_gpu_pools contains {"id": r.id, "taints": taints} if {
	lib.is_terraform
	some r in lib.resources_of("azurerm_kubernetes_cluster_node_pool")
	lib.is_gpu_sku(lib.get(r.config, ["vm_size"], null))
	taints := _known_strings(lib.get(r.config, ["node_taints"], []))
}

_gpu_pools contains {"id": sprintf("%s.default_node_pool", [r.id]), "taints": taints} if {
	lib.is_terraform
	some r in lib.resources_of("azurerm_kubernetes_cluster")
	pool := lib.get(r.config, ["default_node_pool", 0], {})
	lib.is_gpu_sku(lib.get(pool, ["vm_size"], null))
	taints := _known_strings(lib.get(pool, ["node_taints"], []))
}

_gpu_pools contains {"id": sprintf("%s/%s", [r.id, name]), "taints": taints} if {
	lib.is_arm
	some r in lib.arm_resources("Microsoft.ContainerService/managedClusters")
	some i, pool in lib.items(lib.get(r.config, ["properties", "agentPoolProfiles"], []))
	is_object(pool)
	lib.is_gpu_sku(lib.get(pool, ["vmSize"], null))
	name := object.get(pool, "name", sprintf("%d", [i]))
	taints := _known_strings(lib.get(pool, ["nodeTaints"], []))
}

_gpu_pools contains {"id": r.id, "taints": taints} if {
	lib.is_arm
	some r in lib.arm_resources("Microsoft.ContainerService/managedClusters/agentPools")
	lib.is_gpu_sku(lib.get(r.config, ["properties", "vmSize"], null))
	taints := _known_strings(lib.get(r.config, ["properties", "nodeTaints"], []))
}

_known_strings(v) := [s | some s in v; is_string(s)] if {
	is_array(v)
} else := []

# parse_taint("key=value:Effect") and "key:Effect" as Kubernetes writes them.
parse_taint(raw) := {"key": key, "value": value, "effect": effect} if {
	[kv, effect] := split(raw, ":")
	[key, value] := _key_value(kv)
}

_key_value(kv) := [k, v] if {
	[k, v] := split(kv, "=")
} else := [kv, ""]

# ---------------------------------------------------------------------------------------------
# gpu_drivers: every NVIDIA driver version the unit pins, as {"version", "cuda": [major, minor]
# (the newest CUDA it runs), "source" (what pins it, for messages), "file", "resource"}.
# ---------------------------------------------------------------------------------------------

gpu_drivers contains d if {
	some r in _nvidia_resources("ClusterPolicy")
	driver := object.get(r.config, ["spec", "driver"], {})
	is_object(driver)
	lib.operator_installs_driver(driver)
	# With the NVIDIADriver CRD the ClusterPolicy's version is ignored: the CRs pin it.
	not lib.is_true(object.get(driver, "useNvidiaDriverCRD", false))
	version := object.get(driver, "version", null)
	cuda := lib.driver_cuda(version)
	d := _driver(r, version, cuda, sprintf("ClusterPolicy `%s`", [_k8s_name(r)]))
}

gpu_drivers contains d if {
	some r in _nvidia_resources("NVIDIADriver")
	version := object.get(r.config, ["spec", "version"], null)
	cuda := lib.driver_cuda(version)
	d := _driver(r, version, cuda, sprintf("NVIDIADriver `%s`", [_k8s_name(r)]))
}

gpu_drivers contains d if {
	some x in lib.vm_extensions
	lib.equals_ci(lib.get(x.ext, x.publisher_path, null), "Microsoft.HpcCompute")
	lib.equals_ci(lib.get(x.ext, x.type_path, null), "NvidiaGpuDriverLinux")
	settings := _extension_settings(x)
	some key, version in settings
	lower(key) == "driverversion"
	cuda := _extension_cuda(version)
	d := _driver(x.r, version, cuda, sprintf("the NVIDIA GPU driver extension of %s", [x.r.id]))
}

_driver(r, version, cuda, source) := {"version": trim_space(version), "cuda": cuda, "source": source, "file": object.get(r, "file", ""), "resource": r.id}

_nvidia_resources(kind) := [r |
	lib.is_kubernetes
	some r in lib.resources_of(kind)
	startswith(object.get(r, "api_version", ""), "nvidia.com/")
]

_k8s_name(r) := n if {
	n := object.get(r.config, ["metadata", "name"], null)
	is_string(n)
} else := r.id

# Terraform writes extension settings as a JSON string (`jsonencode`), ARM as an object.
_extension_settings(x) := obj if {
	lib.is_terraform
	s := lib.get(x.ext, ["settings"], null)
	is_string(s)
	json.is_valid(s)
	obj := json.unmarshal(s)
	is_object(obj)
} else := obj if {
	lib.is_arm
	obj := lib.get(x.ext, ["properties", "settings"], null)
	is_object(obj)
}

# The Linux extension's `driverVersion` is a driver version (`535.154.05`) or, on NC/ND sizes, the
# CUDA toolkit version it installs (`12.2.2`).
_extension_cuda(v) := lib.driver_cuda(v)

_extension_cuda(v) := [to_number(m[1]), to_number(m[2])] if {
	not lib.driver_branch(v)
	is_string(v)
	m := regex.find_all_string_submatch_n(`^\s*(1[0-3])\.([0-9]+)(\.[0-9]+)*\s*$`, v, 1)[0]
}

# ---------------------------------------------------------------------------------------------
# gpu_operator_drivers: every GPU Operator that installs the NVIDIA driver on its nodes, as
# {"source", "file", "resource"}: a ClusterPolicy whose driver is enabled (a patch fragment only
# when it enables the driver itself), or a Terraform `helm_release` of the gpu-operator chart that
# does not set `driver.enabled` to false.
# ---------------------------------------------------------------------------------------------

gpu_operator_drivers contains o if {
	some r in _nvidia_resources("ClusterPolicy")
	driver := object.get(r.config, ["spec", "driver"], {})
	is_object(driver)
	lib.is_known(driver)
	lib.operator_installs_driver(driver)
	_whole_policy_or_enables(r, driver)
	o := {"source": sprintf("ClusterPolicy `%s`", [_k8s_name(r)]), "file": object.get(r, "file", ""), "resource": r.id}
}

_whole_policy_or_enables(r, _) if not lib.cluster_policy_fragment(r)

_whole_policy_or_enables(_, driver) if lib.is_true(object.get(driver, "enabled", null))

gpu_operator_drivers contains o if {
	lib.is_terraform
	some r in lib.resources_of("helm_release")
	chart := lib.get(r.config, ["chart"], null)
	is_string(chart)
	_chart_name(chart) == "gpu-operator"
	not _helm_disables_driver(r)
	not _helm_values_unknown(r)
	o := {"source": sprintf("the gpu-operator chart of %s", [r.id]), "file": object.get(r, "file", ""), "resource": r.id}
}

# The chart's own name from `name`, `repo/name` or `oci://registry/path/name`, without a version.
_chart_name(chart) := lower(regex.replace(parts[count(parts) - 1], `[:@].*$`, "")) if {
	parts := split(chart, "/")
}

_helm_disables_driver(r) if {
	some s in _as_list(lib.get(r.config, ["set"], []))
	object.get(s, "name", "") == "driver.enabled"
	_falsy(object.get(s, "value", null))
}

# A `values` document that says anything about the driver is not judged (ailint has no YAML
# reader in Rego): it may turn the driver off, so no fact.
_helm_values_unknown(r) if {
	some text in _as_list(lib.get(r.config, ["values"], []))
	is_string(text)
	regex.match(`(?m)^\s*driver\s*:|driver\.enabled`, text)
}

# A `set` or `values` ailint cannot read may turn the driver off: unknown, so no fact.
_helm_values_unknown(r) if {
	some key in ["set", "values"]
	lib.is_unknown(lib.get(r.config, [key], []))
}

_helm_values_unknown(r) if {
	some key in ["set", "values"]
	some item in _as_list(lib.get(r.config, [key], []))
	lib.is_unknown(item)
}

_falsy(v) if lib.is_false(v)

# _as_list(v): v when it is a list, else []; unlike lib.items it never iterates an object (an
# unknown's markers are not list items).
_as_list(v) := v if is_array(v)

_as_list(v) := [] if not is_array(v)

# ---------------------------------------------------------------------------------------------
# gpu_capacity: the run's GPU capacity (AKS GPU node pools, GPU VMs and scale sets, as `ailint
# inventory` lists them), as {"file", "resource", "path", "kind", "sku"}; gpu_alert_signals: which
# GPU signals ("memory", "utilization", "temperature") an alert rule of the unit watches, or
# "unknown" for an alert expression ailint cannot read.
# ---------------------------------------------------------------------------------------------

_capacity_kinds := {"aks-node-pool", "vm", "vm-scale-set"}

gpu_capacity contains c if {
	some item in data.ailint.inventory.items
	item.kind in _capacity_kinds
	some r in input.resources
	r.id == item.resource
	c := {"file": object.get(r, "file", ""), "resource": r.id, "path": item.path, "kind": item.kind, "sku": item.sku}
}

# DCGM exporter metric names per signal.
gpu_alert_metrics := {
	"memory": ["DCGM_FI_DEV_FB_USED", "DCGM_FI_DEV_FB_FREE"],
	"utilization": ["DCGM_FI_DEV_GPU_UTIL", "DCGM_FI_PROF_GR_ENGINE_ACTIVE"],
	"temperature": ["DCGM_FI_DEV_GPU_TEMP", "DCGM_FI_DEV_MEMORY_TEMP"],
}

gpu_alert_signals contains signal if {
	some expr in _alert_expressions
	is_string(expr)
	some signal, metrics in gpu_alert_metrics
	some m in metrics
	contains(expr, m)
}

gpu_alert_signals contains "unknown" if {
	some expr in _alert_expressions
	not is_string(expr)
}

# The expressions of alerting rules (a recording rule alerts nobody).
_alert_expressions contains expr if {
	lib.is_terraform
	some r in lib.resources_of("azurerm_monitor_alert_prometheus_rule_group")
	lib.get(r.config, ["rule_group_enabled"], true) != false
	some rule in _as_list(lib.get(r.config, ["rule"], []))
	_alerting(rule, "alert")
	not lib.is_false(object.get(rule, "enabled", true))
	expr := object.get(rule, "expression", null)
}

_alert_expressions contains expr if {
	lib.is_arm
	some r in lib.arm_resources("Microsoft.AlertsManagement/prometheusRuleGroups")
	not lib.is_false(lib.get(r.config, ["properties", "enabled"], true))
	some rule in _as_list(lib.get(r.config, ["properties", "rules"], []))
	_alerting(rule, "alert")
	not lib.is_false(object.get(rule, "enabled", true))
	expr := object.get(rule, "expression", null)
}

_alert_expressions contains expr if {
	lib.is_kubernetes
	some r in lib.resources_of("PrometheusRule")
	startswith(object.get(r, "api_version", ""), "monitoring.coreos.com/")
	some group in _as_list(object.get(r.config, ["spec", "groups"], []))
	some rule in _as_list(object.get(group, "rules", []))
	_alerting(rule, "alert")
	expr := object.get(rule, "expr", null)
}

_alerting(rule, key) if {
	is_object(rule)
	object.get(rule, key, null) != null
}
