# METADATA
# title: GPU capacity and AI services a unit declares
# description: |
#   What `ailint inventory` lists: `items` holds one entry per AKS GPU node pool, GPU VM, GPU scale
#   set, ML compute cluster or instance on a GPU size, ML online deployment on a GPU size, Azure
#   OpenAI deployment, and Kubernetes pod template that requests GPUs. Every entry has every key;
#   what the unit does not say (a node count from a variable without a default, a size missing from
#   vm_sizes.rego) is null, never guessed. A documented default (one replica for a
#   Deployment without `replicas`) is a known value. Prices are added by ailint from
#   `lib.gpu_list_prices` and `[inventory.prices]`.
package ailint.inventory

import data.ailint.lib

# items: {"resource", "path", "kind", "name", "sku", "gpu", "gpus_per_unit", "min", "max",
# "priority", "role", "model", "model_version", "capacity", "capacity_unit"}.
items contains object.union(_blank, entry) if some entry in _entries

_blank := {
	"path": [], "sku": null, "gpu": null, "gpus_per_unit": null, "min": null, "max": null,
	"priority": null, "role": "unknown", "model": null, "model_version": null, "capacity": null,
	"capacity_unit": null,
}

# A capacity entry of a VM size: the size's GPUs when the table knows it.
_capacity(base, size) := object.union(base, {"sku": size, "gpu": g.gpu, "gpus_per_unit": g.gpus}) if {
	g := lib.gpu_size(size)
} else := object.union(base, {"sku": size})

# ---------------------------------------------------------------------------------------------
# Terraform
# ---------------------------------------------------------------------------------------------

_entries contains _capacity(base, size) if {
	lib.is_terraform
	some r in lib.resources_of("azurerm_kubernetes_cluster_node_pool")
	size := lib.get(r.config, ["vm_size"], null)
	lib.is_gpu_sku(size)
	base := object.union(_tf_pool_counts(r.config), {
		"resource": r.id, "kind": "aks-node-pool", "name": r.id,
		"priority": _priority(lib.get(r.config, ["priority"], "Regular")),
		"role": lib.role(r),
	})
}

_entries contains _capacity(base, size) if {
	lib.is_terraform
	some r in lib.resources_of("azurerm_kubernetes_cluster")
	pool := lib.get(r.config, ["default_node_pool", 0], null)
	is_object(pool)
	size := lib.get(pool, ["vm_size"], null)
	lib.is_gpu_sku(size)
	base := object.union(_tf_pool_counts(pool), {
		"resource": r.id, "path": ["default_node_pool", 0], "kind": "aks-node-pool",
		"name": sprintf("%s.default_node_pool", [r.id]), "priority": "regular",
		"role": lib.pool_role(pool),
	})
}

# An autoscaled pool runs between min_count and max_count (azurerm 4 `auto_scaling_enabled`, 3.x
# `enable_auto_scaling`); a fixed one runs node_count.
_tf_pool_counts(pool) := {"min": _n(pool.min_count), "max": _n(pool.max_count)} if {
	some flag in ["auto_scaling_enabled", "enable_auto_scaling"]
	lib.is_true(object.get(pool, flag, false))
} else := {"min": _n(pool.min_count), "max": _n(pool.max_count)} if {
	_n(object.get(pool, "max_count", null)) != null
} else := {"min": n, "max": n} if {
	n := _n(object.get(pool, "node_count", null))
}

_tf_vm_types := {
	"azurerm_linux_virtual_machine": "size",
	"azurerm_windows_virtual_machine": "size",
	"azurerm_virtual_machine": "vm_size",
}

_entries contains _capacity(base, size) if {
	lib.is_terraform
	some t, key in _tf_vm_types
	some r in lib.resources_of(t)
	size := lib.get(r.config, [key], null)
	lib.is_gpu_sku(size)
	base := {
		"resource": r.id, "kind": "vm", "name": r.id, "min": 1, "max": 1,
		"priority": _priority(lib.get(r.config, ["priority"], "Regular")), "role": lib.role(r),
	}
}

_tf_scale_set_types := {
	"azurerm_linux_virtual_machine_scale_set": "sku",
	"azurerm_windows_virtual_machine_scale_set": "sku",
	"azurerm_orchestrated_virtual_machine_scale_set": "sku_name",
}

_entries contains _capacity(base, size) if {
	lib.is_terraform
	some t, key in _tf_scale_set_types
	some r in lib.resources_of(t)
	size := lib.get(r.config, [key], null)
	lib.is_gpu_sku(size)
	base := object.union(_tf_scale_set_counts(r), {
		"resource": r.id, "kind": "vm-scale-set", "name": r.id,
		"priority": _priority(lib.get(r.config, ["priority"], "Regular")), "role": lib.role(r),
	})
}

# An autoscale setting on the scale set decides its range (the widest of its profiles);
# otherwise it runs `instances`.
_tf_scale_set_counts(r) := {"min": min(mins), "max": max(maxes)} if {
	profiles := [p |
		some s in lib.resources_of("azurerm_monitor_autoscale_setting")
		lib.refers_to_resource(lib.get(s.config, ["target_resource_id"], null), r)
		some p in lib.items(lib.get(s.config, ["profile"], []))
	]
	count(profiles) > 0
	mins := [_n(lib.get(p, ["capacity", 0, "minimum"], null)) | some p in profiles]
	maxes := [_n(lib.get(p, ["capacity", 0, "maximum"], null)) | some p in profiles]
	every m in array.concat(mins, maxes) {
		m != null
	}
} else := {"min": null, "max": null} if {
	some s in lib.resources_of("azurerm_monitor_autoscale_setting")
	lib.refers_to_resource(lib.get(s.config, ["target_resource_id"], null), r)
} else := {"min": n, "max": n} if {
	n := _n(lib.get(r.config, ["instances"], 0))
}

_entries contains _capacity(base, size) if {
	lib.is_terraform
	some r in lib.resources_of("azurerm_machine_learning_compute_cluster")
	size := lib.get(r.config, ["vm_size"], null)
	lib.is_gpu_sku(size)
	base := {
		"resource": r.id, "kind": "ml-compute-cluster", "name": r.id,
		"min": _n(lib.get(r.config, ["scale_settings", 0, "min_node_count"], null)),
		"max": _n(lib.get(r.config, ["scale_settings", 0, "max_node_count"], null)),
		"priority": _priority(lib.get(r.config, ["vm_priority"], null)), "role": lib.role(r),
	}
}

_entries contains _capacity(base, size) if {
	lib.is_terraform
	some r in lib.resources_of("azurerm_machine_learning_compute_instance")
	size := lib.get(r.config, ["virtual_machine_size"], null)
	lib.is_gpu_sku(size)
	base := {
		"resource": r.id, "kind": "ml-compute-instance", "name": r.id, "min": 1, "max": 1,
		"priority": "regular", "role": lib.role(r),
	}
}

_entries contains entry if {
	lib.is_terraform
	some r in lib.resources_of("azurerm_cognitive_deployment")
	sku := _sku_block(r.config)
	sku_name := _s(lib.get(sku, ["name"], "Standard"))
	entry := {
		"resource": r.id, "kind": "openai-deployment", "name": r.id,
		"sku": sku_name,
		"model": _s(lib.get(r.config, ["model", 0, "name"], null)),
		"model_version": _version(lib.get(r.config, ["model", 0, "version"], "")),
		"capacity": _n(lib.get(sku, ["capacity"], 1)),
		"capacity_unit": _capacity_unit(sku_name),
		"role": "inference",
	}
}

# azurerm 4 `sku {}`, azurerm 3 `scale {}` (with `type`).
_sku_block(config) := b if {
	b := lib.get(config, ["sku", 0], null)
	is_object(b)
} else := {"name": object.get(b, "type", "Standard"), "capacity": object.get(b, "capacity", 1)} if {
	b := lib.get(config, ["scale", 0], null)
	is_object(b)
} else := {}

# ---------------------------------------------------------------------------------------------
# ARM and Bicep (and azapi resources in Terraform, which read as ARM)
# ---------------------------------------------------------------------------------------------

_entries contains _capacity(base, size) if {
	lib.is_arm
	some r in lib.arm_resources("Microsoft.ContainerService/managedClusters")
	some i, pool in lib.items(lib.get(r.config, ["properties", "agentPoolProfiles"], []))
	is_object(pool)
	size := lib.get(pool, ["vmSize"], null)
	lib.is_gpu_sku(size)
	base := object.union(_arm_pool_counts(pool), {
		"resource": r.id, "path": ["properties", "agentPoolProfiles", i], "kind": "aks-node-pool",
		"name": sprintf("%s/%s", [_arm_name(r), object.get(pool, "name", sprintf("%d", [i]))]),
		"priority": _priority(lib.get(pool, ["scaleSetPriority"], "Regular")),
		"role": lib.pool_role(pool),
	})
}

_entries contains _capacity(base, size) if {
	lib.is_arm
	some r in lib.arm_resources("Microsoft.ContainerService/managedClusters/agentPools")
	props := lib.get(r.config, ["properties"], {})
	size := lib.get(props, ["vmSize"], null)
	lib.is_gpu_sku(size)
	base := object.union(_arm_pool_counts(props), {
		"resource": r.id, "kind": "aks-node-pool", "name": _arm_name(r),
		"priority": _priority(lib.get(props, ["scaleSetPriority"], "Regular")),
		"role": lib.role(r),
	})
}

_arm_pool_counts(pool) := {"min": _n(object.get(pool, "minCount", null)), "max": _n(object.get(pool, "maxCount", null))} if {
	lib.is_true(object.get(pool, "enableAutoScaling", false))
} else := {"min": n, "max": n} if {
	n := _n(object.get(pool, "count", null))
}

_entries contains _capacity(base, size) if {
	lib.is_arm
	some r in lib.arm_resources("Microsoft.Compute/virtualMachines")
	size := lib.get(r.config, ["properties", "hardwareProfile", "vmSize"], null)
	lib.is_gpu_sku(size)
	base := {
		"resource": r.id, "kind": "vm", "name": _arm_name(r), "min": 1, "max": 1,
		"priority": _priority(lib.get(r.config, ["properties", "priority"], "Regular")),
		"role": lib.role(r),
	}
}

_entries contains _capacity(base, size) if {
	lib.is_arm
	some r in lib.arm_resources("Microsoft.Compute/virtualMachineScaleSets")
	size := lib.get(r.config, ["sku", "name"], null)
	lib.is_gpu_sku(size)
	base := object.union(_arm_scale_set_counts(r), {
		"resource": r.id, "kind": "vm-scale-set", "name": _arm_name(r),
		"priority": _priority(lib.get(r.config, ["properties", "virtualMachineProfile", "priority"], "Regular")),
		"role": lib.role(r),
	})
}

_arm_scale_set_counts(r) := {"min": min(mins), "max": max(maxes)} if {
	profiles := [p |
		some s in lib.arm_resources("Microsoft.Insights/autoscaleSettings")
		lib.refers_to_resource(lib.get(s.config, ["properties", "targetResourceUri"], null), r)
		some p in lib.items(lib.get(s.config, ["properties", "profiles"], []))
	]
	count(profiles) > 0
	mins := [_n(lib.get(p, ["capacity", "minimum"], null)) | some p in profiles]
	maxes := [_n(lib.get(p, ["capacity", "maximum"], null)) | some p in profiles]
	every m in array.concat(mins, maxes) {
		m != null
	}
} else := {"min": null, "max": null} if {
	some s in lib.arm_resources("Microsoft.Insights/autoscaleSettings")
	lib.refers_to_resource(lib.get(s.config, ["properties", "targetResourceUri"], null), r)
} else := {"min": n, "max": n} if {
	n := _n(lib.get(r.config, ["sku", "capacity"], null))
}

_entries contains _capacity(base, size) if {
	lib.is_arm
	some r in lib.arm_resources("Microsoft.MachineLearningServices/workspaces/computes")
	props := lib.get(r.config, ["properties"], {})
	lib.equals_ci(object.get(props, "computeType", ""), "AmlCompute")
	size := lib.get(props, ["properties", "vmSize"], null)
	lib.is_gpu_sku(size)
	scale := lib.get(props, ["properties", "scaleSettings"], {})
	base := {
		"resource": r.id, "kind": "ml-compute-cluster", "name": _arm_name(r),
		"min": _n(lib.get(scale, ["minNodeCount"], 0)),
		"max": _n(lib.get(scale, ["maxNodeCount"], null)),
		"priority": _priority(lib.get(props, ["properties", "vmPriority"], "Dedicated")),
		"role": lib.role(r),
	}
}

_entries contains _capacity(base, size) if {
	lib.is_arm
	some r in lib.arm_resources("Microsoft.MachineLearningServices/workspaces/computes")
	props := lib.get(r.config, ["properties"], {})
	lib.equals_ci(object.get(props, "computeType", ""), "ComputeInstance")
	size := lib.get(props, ["properties", "vmSize"], null)
	lib.is_gpu_sku(size)
	base := {
		"resource": r.id, "kind": "ml-compute-instance", "name": _arm_name(r), "min": 1, "max": 1,
		"priority": "regular", "role": lib.role(r),
	}
}

_entries contains _capacity(base, size) if {
	lib.is_arm
	some r in lib.arm_resources("Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments")
	size := lib.get(r.config, ["properties", "instanceType"], null)
	lib.is_gpu_sku(size)
	base := object.union(_online_counts(r), {
		"resource": r.id, "kind": "ml-online-deployment", "name": _arm_name(r),
		"priority": "regular", "role": "inference",
		"model": _s(lib.get(r.config, ["properties", "model"], null)),
	})
}

# TargetUtilization scales between minInstances and maxInstances (default 1 and 1, per the
# REST reference); Default scaling runs sku.capacity instances (default 1).
_online_counts(r) := {"min": _n(lib.get(scale, ["minInstances"], 1)), "max": _n(lib.get(scale, ["maxInstances"], 1))} if {
	scale := lib.get(r.config, ["properties", "scaleSettings"], {})
	lib.equals_ci(object.get(scale, "scaleType", ""), "TargetUtilization")
} else := {"min": n, "max": n} if {
	n := _n(lib.get(r.config, ["sku", "capacity"], 1))
}

_entries contains entry if {
	lib.is_arm
	some r in lib.arm_resources("Microsoft.CognitiveServices/accounts/deployments")
	sku_name := _s(lib.get(r.config, ["sku", "name"], "Standard"))
	entry := {
		"resource": r.id, "kind": "openai-deployment", "name": _arm_name(r),
		"sku": sku_name,
		"model": _s(lib.get(r.config, ["properties", "model", "name"], null)),
		"model_version": _version(lib.get(r.config, ["properties", "model", "version"], "")),
		"capacity": _n(_arm_deployment_capacity(r)),
		"capacity_unit": _capacity_unit(sku_name),
		"role": "inference",
	}
}

_arm_deployment_capacity(r) := c if {
	c := lib.get(r.config, ["sku", "capacity"], null)
	c != null
} else := lib.get(r.config, ["properties", "scaleSettings", "capacity"], 1)

# The ARM name to show: a literal name, else the symbolic name or id ailint gave the resource.
_arm_name(r) := r.name if {
	is_string(r.name)
	not startswith(r.name, "[")
} else := r.id

# ---------------------------------------------------------------------------------------------
# Kubernetes: each pod template that requests GPUs, with its replicas
# ---------------------------------------------------------------------------------------------

_entries contains entry if {
	lib.is_kubernetes
	some r in input.resources
	some t in lib.gpu_templates(r)
	counts := _replicas(r, t)
	entry := {
		"resource": r.id, "path": _where(t.path), "kind": "kubernetes-workload",
		"name": _template_name(r, t),
		"sku": _node_size(t.spec),
		"gpu": _node_gpu(t.spec),
		"gpus_per_unit": _pod_gpus(t),
		"min": counts.min, "max": counts.max,
		"priority": _pod_priority(t.spec),
		"role": lib.role(r),
	}
}

# A pod asks for its containers' GPUs together, or for its largest init container's, which runs
# alone before them.
_pod_gpus(t) := max([
	sum([lib.gpu_count(c.container) | some c in t.containers; not "initContainers" in c.path]),
	max(array.concat([0], [lib.gpu_count(c.container) | some c in t.containers; "initContainers" in c.path])),
])

# The object that holds a template (`spec` of a Deployment, a replica spec of a PyTorchJob, a Ray
# worker group): where its replicas are.
_owner(spec_path) := array.slice(spec_path, 0, count(spec_path) - 2) if {
	count(spec_path) >= 2
	spec_path[count(spec_path) - 2] == "template"
} else := spec_path

# A workload with its template under `spec` is shown at its header; a replica spec or worker group
# at its own line.
_where(spec_path) := [] if {
	_owner(spec_path) == ["spec"]
} else := _owner(spec_path)

_template_name(r, t) := r.id if {
	count(lib.gpu_templates(r)) == 1
} else := sprintf("%s (%s)", [r.id, lib.path_text(_owner(t.path))])

_scalers(r) := [so |
	some so in input.resources
	so.type in {"ScaledObject", "HorizontalPodAutoscaler"}
	lib.namespace_of(so) == lib.namespace_of(r)
	lib.get(so.config, ["spec", "scaleTargetRef", "name"], null) == object.get(r.config, ["metadata", "name"], "")
	object.get(so.config, ["spec", "scaleTargetRef", "kind"], "Deployment") == r.type
]

# KEDA: minReplicaCount defaults to 0, maxReplicaCount to 100; an HPA's minReplicas to 1 (its
# maxReplicas is required).
_replicas(r, t) := {"min": _n(lib.get(so.config, ["spec", "minReplicaCount"], 0)), "max": _n(lib.get(so.config, ["spec", "maxReplicaCount"], 100))} if {
	some so in _scalers(r)
	so.type == "ScaledObject"
} else := {"min": _n(lib.get(so.config, ["spec", "minReplicas"], 1)), "max": _n(lib.get(so.config, ["spec", "maxReplicas"], null))} if {
	some so in _scalers(r)
	so.type == "HorizontalPodAutoscaler"
} else := {"min": _n(object.get(annotations, "autoscaling.knative.dev/min-scale", 0)), "max": _knative_max(annotations)} if {
	# Knative scales to zero by default, with no upper bound unless max-scale sets one.
	lib.is_knative_service(r)
	annotations := lib.get(r.config, ["spec", "template", "metadata", "annotations"], {})
} else := {"min": 1, "max": 1} if {
	r.type == "Pod"
} else := {"min": null, "max": null} if {
	# One pod per matching node: as many as the pool has.
	r.type == "DaemonSet"
} else := {"min": n, "max": n} if {
	r.type in {"Job", "CronJob"}
	not startswith(object.get(r, "api_version", ""), "batch.volcano.sh/")
	n := _n(lib.get(r.config, array.concat(_owner(t.path), ["parallelism"]), 1))
} else := {"min": _n(lib.get(comp, ["minReplicas"], 1)), "max": _n(lib.get(comp, ["maxReplicas"], null))} if {
	# KServe: minReplicas defaults to 1; without maxReplicas the autoscaler sets the bound.
	r.type == "InferenceService"
	comp := lib.get(r.config, t.path, {})
} else := {"min": _n(lib.get(owner, ["minReplicas"], n)), "max": _n(lib.get(owner, ["maxReplicas"], n))} if {
	# Ray worker groups scale between minReplicas and maxReplicas.
	r.type in {"RayCluster", "RayService", "RayJob"}
	owner := lib.get(r.config, _owner(t.path), {})
	"workerGroupSpecs" in t.path
	n := _n(lib.get(owner, ["replicas"], null))
} else := {"min": 1, "max": 1} if {
	r.type in {"RayCluster", "RayService", "RayJob"}
} else := {"min": _n(lib.get(auto, ["minReplicas"], 1)), "max": _n(lib.get(auto, ["maxReplicas"], null))} if {
	# A VLLMRuntime with autoscaling on: its operator's KEDA ScaledObject keeps it between
	# `minReplicas` (default 1) and `maxReplicas`; otherwise `deploymentConfig.replicas` (default 1).
	lib.is_vllm_runtime(r)
	auto := lib.get(r.config, ["spec", "autoscalingConfig"], {})
	lib.is_true(lib.get(auto, ["enabled"], false))
} else := {"min": n, "max": n} if {
	lib.is_vllm_runtime(r)
	n := _n(lib.get(r.config, ["spec", "deploymentConfig", "replicas"], 1))
} else := {"min": n, "max": n} if {
	# Deployments, StatefulSets, ReplicaSets, Kubeflow replica specs and Volcano tasks: `replicas`,
	# 1 when unset.
	_default_one(r)
	n := _n(lib.get(r.config, array.concat(_owner(t.path), ["replicas"]), 1))
} else := {"min": null, "max": null}

# max-scale "0" (the default) means no limit.
_knative_max(annotations) := n if {
	n := _n(object.get(annotations, "autoscaling.knative.dev/max-scale", null))
	n != null
	n > 0
} else := null

_default_one(r) if r.type in {"Deployment", "StatefulSet", "ReplicaSet"}

_default_one(r) if r.type in {"PyTorchJob", "TFJob", "MPIJob", "XGBoostJob", "PaddleJob", "MXJob", "JAXJob"}

_default_one(r) if {
	r.type == "Job"
	startswith(object.get(r, "api_version", ""), "batch.volcano.sh/")
}

_size_labels := ["node.kubernetes.io/instance-type", "beta.kubernetes.io/instance-type"]

# The VM size a pod is pinned to by its node selector, when it is.
_node_size(spec) := s if {
	some label in _size_labels
	s := lib.get(spec, ["nodeSelector", label], null)
	is_string(s)
} else := null

_node_gpu(spec) := g.gpu if {
	g := lib.gpu_size(_node_size(spec))
} else := null

# Spot only when the pod is pinned to spot nodes: a toleration lets it run there, not only there.
_pod_priority(spec) := "spot" if {
	lib.equals_ci(lib.get(spec, ["nodeSelector", "kubernetes.azure.com/scalesetpriority"], ""), "spot")
} else := null

# ---------------------------------------------------------------------------------------------
# Values
# ---------------------------------------------------------------------------------------------

_n(v) := x if {
	x := lib.number_of(v)
} else := null

_s(v) := v if {
	is_string(v)
} else := null

_priority(v) := "spot" if {
	lib.equals_ci(v, "Spot")
} else := "low-priority" if {
	lib.equals_ci(v, "LowPriority")
} else := "regular" if {
	is_string(v)
} else := null

# An empty or missing model version lets Azure pick (and change) it.
_version(v) := v if {
	is_string(v)
	v != ""
} else := "default" if {
	v == ""
} else := null

_capacity_unit(sku) := "PTU" if {
	is_string(sku)
	contains(lower(sku), "provisioned")
} else := "K TPM"
