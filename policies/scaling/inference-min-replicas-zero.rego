# METADATA
# title: Inference capacity can scale to zero
# description: |
#   A GPU node pool, container app, online deployment or autoscaled workload that serves inference
#   and may scale to zero replicas makes the first request after an idle period wait for a GPU node
#   to be provisioned, the image to be pulled and the model weights to be loaded: typically 2 to 5
#   minutes, longer than most client timeouts. Keep at least one warm replica for real-time inference;
#   scale-to-zero is for training and batch work, which this rule never flags.
# custom:
#   id: AIL301
#   slug: inference-min-replicas-zero
#   severity: error
#   formats: [terraform, arm, bicep, kubernetes]
#   resource_types:
#     - azurerm_kubernetes_cluster_node_pool
#     - azurerm_kubernetes_cluster
#     - azurerm_container_app
#     - azurerm_monitor_autoscale_setting
#     - Microsoft.ContainerService/managedClusters
#     - Microsoft.ContainerService/managedClusters/agentPools
#     - Microsoft.App/containerApps
#     - Microsoft.Insights/autoscaleSettings
#     - Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments
#     - HorizontalPodAutoscaler
#     - ScaledObject
#     - InferenceService
#     - LLMInferenceService
#     - NIMService
#     - VLLMRuntime
#     - LeaderWorkerSet
#     - JobSet
#     - TrainingRuntime
#     - ClusterTrainingRuntime
#     - Service
#   default: on
#   fix: safe
#   remediation: |
#     Terraform: set `min_count` to at least 1 on GPU node pools that serve inference (or tag the pool
#     `workload = "training"` if it only runs batch work), `template.min_replicas` to at least 1 on
#     inference container apps, and `profile.capacity.minimum` to at least 1 in autoscale settings of
#     GPU scale sets.
#     ARM/Bicep: set `minCount` to at least 1 on GPU agent pools, `properties.scaleSettings.minInstances`
#     on ML online deployments and `properties.template.scale.minReplicas` on container apps.
#     Kubernetes: set `minReplicas` (HPA, KServe predictor) or `minReplicaCount` (KEDA ScaledObject, and
#     drop `idleReplicaCount`) to at least 1, and the `autoscaling.knative.dev/min-scale: "1"` annotation
#     on Knative services, and `spec.autoscalingConfig.minReplicas` on vLLM production-stack
#     VLLMRuntimes with autoscaling enabled. Label batch workers `workload: training` if they may idle
#     at zero.
#   tags: [availability, scaling, gpu, inference]
package ailint.rules.inference_min_replicas_zero

import data.ailint.lib

cold_start := "the first request after an idle period waits 2-5 minutes for GPU capacity and model load"

# For inference that may run without GPUs (a CPU container app or deployment declared inference).
cold_start_of(true) := cold_start

cold_start_of(false) := "the first request after an idle period waits for a replica to start and load its model"

# ref_name(r): r named inside a sentence about another resource.
ref_name(r) := r.id if {
	input.format != "arm"
} else := sprintf("`%s`", [name]) if {
	name := object.get(r.config, "name", null)
	is_string(name)
	not startswith(name, "[")
} else := "it targets"

is_zero(v) if lib.number_of(v) == 0

# Missing (the default of 0 applies) or a known 0.
zero_or_missing(v) if v == null

zero_or_missing(v) if is_zero(v)

# ---------------------------------------------------------------------------------------------
# Terraform: AKS node pools
# ---------------------------------------------------------------------------------------------

# azurerm v3 `enable_auto_scaling`, v4 `auto_scaling_enabled`.
tf_autoscaling_on(pool) if lib.is_true(lib.get(pool, ["enable_auto_scaling"], null))

tf_autoscaling_on(pool) if lib.is_true(lib.get(pool, ["auto_scaling_enabled"], null))

pool_message(what, size, x) := sprintf(
	"%s uses the GPU size %s with autoscaling down to `min_count = 0`: %s; set `min_count` to at least 1%s",
	[what, size, cold_start, lib.role_note(x)],
)

deny contains f if {
	lib.is_terraform
	some r in lib.resources_of("azurerm_kubernetes_cluster_node_pool")
	size := lib.get(r.config, ["vm_size"], null)
	lib.is_gpu_sku(size)
	tf_autoscaling_on(r.config)
	is_zero(lib.get(r.config, ["min_count"], null))
	x := lib.role(r)
	x != "training"
	f := lib.finding_fix(r, ["min_count"], pool_message(sprintf("Node pool %s", [r.id]), size, x), {"set": 1})
}

deny contains f if {
	lib.is_terraform
	some r in lib.resources_of("azurerm_kubernetes_cluster")
	pool := lib.get(r.config, ["default_node_pool", 0], null)
	is_object(pool)
	lib.is_known(pool)
	size := lib.get(pool, ["vm_size"], null)
	lib.is_gpu_sku(size)
	tf_autoscaling_on(pool)
	is_zero(lib.get(pool, ["min_count"], null))
	x := lib.pool_role(pool)
	x != "training"
	f := lib.finding_fix(r, ["default_node_pool", 0, "min_count"], pool_message(sprintf("The default node pool of %s", [r.id]), size, x), {"set": 1})
}

# ---------------------------------------------------------------------------------------------
# Container Apps (Terraform and ARM)
# ---------------------------------------------------------------------------------------------

# app_serves_inference(x, profile): role inference, or a GPU workload profile.
app_serves_inference(x, _) if x == "inference"

app_serves_inference(_, profile) if lib.is_gpu_workload_profile(profile)

app_message(r, attr, v, profile, x) := sprintf(
	"%s does not set `%s`, which defaults to 0: %s; set it to at least 1%s",
	[lib.subject("Container app", r), attr, cold_start_of(is_gpu_profile(profile)), lib.role_note(x)],
) if {
	v == null
} else := sprintf(
	"%s sets `%s = 0`: %s; set it to at least 1%s",
	[lib.subject("Container app", r), attr, cold_start_of(is_gpu_profile(profile)), lib.role_note(x)],
)

is_gpu_profile(profile) := true if {
	lib.is_gpu_workload_profile(profile)
} else := false

deny contains f if {
	lib.is_terraform
	some r in lib.resources_of("azurerm_container_app")
	v := lib.get(r.config, ["template", 0, "min_replicas"], null)
	zero_or_missing(v)
	x := lib.role(r)
	x != "training"
	profile := lib.get(r.config, ["workload_profile_name"], null)
	app_serves_inference(x, profile)
	f := lib.finding_fix(r, ["template", 0, "min_replicas"], app_message(r, "template.min_replicas", v, profile, x), {"set": 1})
}

deny contains f if {
	lib.is_arm
	some r in lib.arm_resources("Microsoft.App/containerApps")
	v := lib.get(r.config, ["properties", "template", "scale", "minReplicas"], null)
	zero_or_missing(v)
	x := lib.role(r)
	x != "training"
	profile := lib.get(r.config, ["properties", "workloadProfileName"], null)
	app_serves_inference(x, profile)
	f := lib.finding_fix(r, ["properties", "template", "scale", "minReplicas"], app_message(r, "properties.template.scale.minReplicas", v, profile, x), {"set": 1})
}

# ---------------------------------------------------------------------------------------------
# Terraform and ARM: autoscale settings of GPU scale sets
# ---------------------------------------------------------------------------------------------

tf_vmss_types := {
	"azurerm_linux_virtual_machine_scale_set",
	"azurerm_windows_virtual_machine_scale_set",
	"azurerm_orchestrated_virtual_machine_scale_set",
}

# gpu_vmss: the unit's scale sets with a GPU size (`sku`, or `sku_name` on orchestrated ones) whose
# role is not training.
gpu_vmss contains vmss if {
	lib.is_terraform
	some t in tf_vmss_types
	some vmss in lib.resources_of(t)
	some key in ["sku", "sku_name"]
	lib.is_gpu_sku(lib.get(vmss.config, [key], null))
	lib.role(vmss) != "training"
}

gpu_vmss contains vmss if {
	lib.is_arm
	some vmss in lib.arm_resources("Microsoft.Compute/virtualMachineScaleSets")
	lib.is_gpu_sku(lib.get(vmss.config, ["sku", "name"], null))
	lib.role(vmss) != "training"
}

autoscale_message(r, vmss, x) := sprintf(
	"%s lets the GPU scale set %s shrink to a minimum capacity of 0: %s; set the minimum to at least 1%s",
	[lib.subject("Autoscale setting", r), ref_name(vmss), cold_start, lib.role_note(x)],
)

deny contains f if {
	lib.is_terraform
	some r in lib.resources_of("azurerm_monitor_autoscale_setting")
	lib.role(r) != "training"
	some vmss in gpu_vmss
	lib.refers_to(lib.get(r.config, ["target_resource_id"], null), vmss.id)
	profiles := lib.get(r.config, ["profile"], [])
	is_array(profiles)
	some i, p in profiles
	is_zero(lib.get(p, ["capacity", 0, "minimum"], null))
	f := lib.finding_fix(r, ["profile", i, "capacity", 0, "minimum"], autoscale_message(r, vmss, lib.role(vmss)), {"set": 1})
}

deny contains f if {
	lib.is_arm
	some r in lib.arm_resources("Microsoft.Insights/autoscaleSettings")
	lib.role(r) != "training"
	some vmss in gpu_vmss
	lib.refers_to(lib.get(r.config, ["properties", "targetResourceUri"], null), vmss.id)
	profiles := lib.get(r.config, ["properties", "profiles"], [])
	is_array(profiles)
	some i, p in profiles
	is_zero(lib.get(p, ["capacity", "minimum"], null))
	f := lib.finding_fix(r, ["properties", "profiles", i, "capacity", "minimum"], autoscale_message(r, vmss, lib.role(vmss)), {"set": one_like(lib.get(p, ["capacity", "minimum"], null))})
}

# ---------------------------------------------------------------------------------------------
# ARM: AKS agent pools, ML online deployments
# ---------------------------------------------------------------------------------------------

arm_pool_message(what, size, x) := sprintf(
	"%s uses the GPU size %s with autoscaling down to `minCount: 0`: %s; set `minCount` to at least 1%s",
	[what, size, cold_start, lib.role_note(x)],
)

deny contains f if {
	lib.is_arm
	some r in lib.arm_resources("Microsoft.ContainerService/managedClusters")
	profiles := lib.get(r.config, ["properties", "agentPoolProfiles"], [])
	is_array(profiles)
	some i, pool in profiles
	is_object(pool)
	size := lib.get(pool, ["vmSize"], null)
	lib.is_gpu_sku(size)
	lib.is_true(lib.get(pool, ["enableAutoScaling"], null))
	is_zero(lib.get(pool, ["minCount"], null))
	x := lib.pool_role(pool)
	x != "training"
	what := sprintf("Agent pool `%v`", [object.get(pool, "name", i)])
	f := lib.finding_fix(r, ["properties", "agentPoolProfiles", i, "minCount"], arm_pool_message(what, size, x), {"set": 1})
}

deny contains f if {
	lib.is_arm
	some r in lib.arm_resources("Microsoft.ContainerService/managedClusters/agentPools")
	size := lib.get(r.config, ["properties", "vmSize"], null)
	lib.is_gpu_sku(size)
	lib.is_true(lib.get(r.config, ["properties", "enableAutoScaling"], null))
	is_zero(lib.get(r.config, ["properties", "minCount"], null))
	x := lib.role(r)
	x != "training"
	f := lib.finding_fix(r, ["properties", "minCount"], arm_pool_message(lib.subject("Agent pool", r), size, x), {"set": 1})
}

deny contains f if {
	lib.is_arm
	some r in lib.arm_resources("Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments")
	is_zero(lib.get(r.config, ["properties", "scaleSettings", "minInstances"], null))
	x := lib.role(r)
	x != "training"
	f := lib.finding_fix(r, ["properties", "scaleSettings", "minInstances"], sprintf(
		"%s sets `scaleSettings.minInstances: 0`: %s; set it to at least 1%s",
		[lib.subject("Online deployment", r), cold_start_of(gpu_instance(r)), lib.role_note(x)],
	), {"set": 1})
}

gpu_instance(r) := true if {
	lib.is_gpu_sku(lib.get(r.config, ["properties", "instanceType"], null))
} else := false

# ---------------------------------------------------------------------------------------------
# Kubernetes
# ---------------------------------------------------------------------------------------------

# scales_inference(so) holds when an HPA or ScaledObject scales inference: its target in the unit is
# a GPU or inference workload whose role is not training, or, when the target is not in the unit,
# the scaler itself has the inference role. The result is the role to report.
scaled_role(so) := x if {
	lib.role(so) != "training"
	some t in input.resources
	t.id == lib.scale_target(so)
	x := lib.role(t)
	x != "training"
	target_qualifies(t, x)
} else := "inference" if {
	not target_in_unit(so)
	lib.role(so) == "inference"
}

# scaled_gpu(so): whether the scale target is a GPU workload (assumed when it is not in the unit).
scaled_gpu(so) := false if {
	some t in input.resources
	t.id == lib.scale_target(so)
	not lib.is_gpu_workload(t)
} else := true

target_qualifies(_, x) if x == "inference"

target_qualifies(t, _) if lib.is_gpu_workload(t)

target_in_unit(so) if {
	some t in input.resources
	t.id == lib.scale_target(so)
}

# target_phrase(x): what the message says about the scale target.
target_phrase(x) := ", which serves inference" if {
	x == "inference"
} else := ", a GPU workload"

target_name(so) := s if {
	s := lib.scale_target(so)
} else := "its scale target"

deny contains f if {
	lib.is_kubernetes
	some r in lib.resources_of("HorizontalPodAutoscaler")
	is_zero(object.get(r.config, ["spec", "minReplicas"], null))
	x := scaled_role(r)
	f := lib.finding_fix(r, ["spec", "minReplicas"], sprintf(
		"%s sets `minReplicas: 0` for %s%s: %s; set `minReplicas` to at least 1%s",
		[r.id, target_name(r), target_phrase(x), cold_start_of(scaled_gpu(r)), lib.role_note(x)],
	), {"set": 1})
}

is_keda(r) if startswith(object.get(r, "api_version", ""), "keda.sh/")

deny contains f if {
	lib.is_kubernetes
	some r in lib.resources_of("ScaledObject")
	is_keda(r)
	v := object.get(r.config, ["spec", "minReplicaCount"], null)
	zero_or_missing(v)
	x := scaled_role(r)
	f := lib.finding_fix(r, ["spec", "minReplicaCount"], keda_message(r, v, x), {"set": 1})
}

keda_message(r, v, x) := sprintf(
	"%s does not set `minReplicaCount`, which defaults to 0, for %s%s: %s; set `minReplicaCount` to at least 1%s",
	[r.id, target_name(r), target_phrase(x), cold_start_of(scaled_gpu(r)), lib.role_note(x)],
) if {
	v == null
} else := sprintf(
	"%s sets `minReplicaCount: 0` for %s%s: %s; set `minReplicaCount` to at least 1%s",
	[r.id, target_name(r), target_phrase(x), cold_start_of(scaled_gpu(r)), lib.role_note(x)],
)

# KEDA scales to idleReplicaCount (only 0 is supported) when no trigger is active, whatever
# minReplicaCount says.
deny contains f if {
	lib.is_kubernetes
	some r in lib.resources_of("ScaledObject")
	is_keda(r)
	lowest := object.get(r.config, ["spec", "minReplicaCount"], null)
	not zero_or_missing(lowest)
	is_zero(object.get(r.config, ["spec", "idleReplicaCount"], null))
	x := scaled_role(r)
	f := lib.finding(r, ["spec", "idleReplicaCount"], sprintf(
		"%s sets `idleReplicaCount: 0`, so %s%s drops to zero replicas when idle: %s; remove `idleReplicaCount`%s",
		[r.id, target_name(r), target_phrase(x), cold_start_of(scaled_gpu(r)), lib.role_note(x)],
	))
}

deny contains f if {
	lib.is_kubernetes
	some r in lib.resources_of("InferenceService")
	is_zero(object.get(r.config, ["spec", "predictor", "minReplicas"], null))
	x := lib.role(r)
	x != "training"
	f := lib.finding_fix(r, ["spec", "predictor", "minReplicas"], sprintf(
		"%s sets `predictor.minReplicas: 0`: %s; set it to at least 1%s",
		[r.id, cold_start_of(lib.is_gpu_workload(r)), lib.role_note(x)],
	), {"set": 1})
}

# A vLLM production-stack VLLMRuntime scales only with `autoscalingConfig.enabled`: its operator
# then creates a KEDA ScaledObject with `minReplicaCount` = `autoscalingConfig.minReplicas` (CRD
# default 1). Without it nothing scales the Deployment: `deploymentConfig.replicas: 0` is a server
# switched off, not one that scales to zero, and is not reported (nor is a Deployment's).
vllm_autoscaling := ["spec", "autoscalingConfig"]

deny contains f if {
	lib.is_kubernetes
	some r in lib.resources_of("VLLMRuntime")
	lib.is_vllm_runtime(r)
	lib.is_true(object.get(r.config, array.concat(vllm_autoscaling, ["enabled"]), false))
	is_zero(object.get(r.config, array.concat(vllm_autoscaling, ["minReplicas"]), null))
	x := lib.role(r)
	x != "training"
	f := lib.finding_fix(r, array.concat(vllm_autoscaling, ["minReplicas"]), sprintf(
		"%s enables autoscaling with `autoscalingConfig.minReplicas: 0`, so the KEDA ScaledObject its operator creates scales it to zero when idle: %s; set `minReplicas` to at least 1%s",
		[r.id, cold_start_of(gpu_workload(r)), lib.role_note(x)],
	), {"set": 1})
}

# gpu_workload(r): whether r requests GPUs, as true or false.
gpu_workload(r) := true if {
	lib.is_gpu_workload(r)
} else := false

knative_keys := ["autoscaling.knative.dev/min-scale", "autoscaling.knative.dev/minScale"]

knative_annotations := ["spec", "template", "metadata", "annotations"]

deny contains f if {
	lib.is_kubernetes
	some r in lib.resources_of("Service")
	lib.is_knative_service(r)
	lib.is_gpu_workload(r)
	x := lib.role(r)
	x != "training"
	annotations := object.get(r.config, knative_annotations, {})
	some key in knative_keys
	v := object.get(annotations, key, null)
	is_zero(v)
	f := lib.finding_fix(r, array.concat(knative_annotations, [key]), sprintf(
		"Knative service %s requests GPUs and sets `%s: \"%s\"`: %s; set it to \"1\"%s",
		[r.id, key, v, cold_start, lib.role_note(x)],
	), {"set": "1"})
}

deny contains f if {
	lib.is_kubernetes
	some r in lib.resources_of("Service")
	lib.is_knative_service(r)
	lib.is_gpu_workload(r)
	x := lib.role(r)
	x != "training"
	annotations := object.get(r.config, knative_annotations, {})
	every key in knative_keys {
		object.get(annotations, key, null) == null
	}
	f := lib.finding_fix(r, array.concat(knative_annotations, [knative_keys[0]]), sprintf(
		"Knative service %s requests GPUs and has no `autoscaling.knative.dev/min-scale` annotation on its template, which defaults to 0: %s; set it to \"1\"%s",
		[r.id, cold_start, lib.role_note(x)],
	), {"set": "1"})
}

# one_like(v): 1 as v is written: ARM autoscale capacities are strings ("0" → "1").
one_like(v) := "1" if {
	is_string(v)
} else := 1
