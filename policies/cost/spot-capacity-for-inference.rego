# METADATA
# title: Spot capacity used for inference
# description: |
#   Spot and low-priority VMs can be evicted whenever Azure needs the capacity back, with as little as
#   30 seconds' notice, and scarce GPU sizes are evicted often. Checkpointed training resumes after an
#   eviction; a real-time inference endpoint on spot capacity goes down, and GPU cold starts keep it
#   down for minutes. Serve inference from regular-priority capacity and keep spot for training.
# custom:
#   id: AIL401
#   slug: spot-capacity-for-inference
#   severity: error
#   formats: [terraform, arm, bicep, kubernetes]
#   resource_types:
#     - azurerm_kubernetes_cluster_node_pool
#     - azurerm_linux_virtual_machine
#     - azurerm_windows_virtual_machine
#     - azurerm_linux_virtual_machine_scale_set
#     - azurerm_windows_virtual_machine_scale_set
#     - azurerm_orchestrated_virtual_machine_scale_set
#     - azurerm_virtual_machine_scale_set
#     - Microsoft.ContainerService/managedClusters
#     - Microsoft.ContainerService/managedClusters/agentPools
#     - Microsoft.Compute/virtualMachines
#     - Microsoft.Compute/virtualMachineScaleSets
#     - Pod
#     - Deployment
#     - StatefulSet
#     - ReplicaSet
#     - Job
#     - CronJob
#     - ScaledJob
#     - Service
#     - PyTorchJob
#     - TFJob
#     - MPIJob
#     - XGBoostJob
#     - PaddleJob
#     - MXJob
#     - JAXJob
#     - RayCluster
#     - RayService
#     - RayJob
#     - InferenceService
#     - LLMInferenceService
#     - NIMService
#     - VLLMRuntime
#     - LeaderWorkerSet
#     - JobSet
#     - TrainingRuntime
#     - ClusterTrainingRuntime
#   default: on
#   fix: unsafe
#   remediation: |
#     Terraform: set `priority = "Regular"` (or remove it) on node pools, VMs and scale sets that serve
#     inference; if the capacity only runs training or batch jobs, tag it `workload = "training"`.
#     ARM/Bicep: set `scaleSetPriority` (AKS agent pools) or `priority` (VMs, scale sets) to `Regular`,
#     or declare the training role with a `workload` tag.
#     Kubernetes: remove the toleration, nodeSelector or node affinity for
#     `kubernetes.azure.com/scalesetpriority: spot` from inference workloads, or label batch workloads
#     `workload: training`.
#   tags: [cost, availability, gpu, inference]
package ailint.rules.spot_capacity_for_inference

import data.ailint.lib

spot_key := "kubernetes.azure.com/scalesetpriority"

# role_phrase(x): what the message says about the role.
role_phrase(x) := "serves inference" if {
	x == "inference"
} else := "is not declared as training"

# is_spot(v): "Spot", or the classic "Low" priority, in any case.
is_spot(v) if lib.equals_ci(v, "Spot")

is_spot(v) if lib.equals_ci(v, "Low")

# serves_on(x, size): spot capacity of role x and VM size `size` matters to this rule: it is
# declared for inference, or its role is unknown and it is GPU capacity. A CPU spot pool of
# unknown role is the usual home of batch and system overflow, not of a model server.
serves_on(x, _) if x == "inference"

serves_on(x, size) if {
	x == "unknown"
	lib.is_gpu_sku(size)
}

# ---------------------------------------------------------------------------------------------
# Terraform
# ---------------------------------------------------------------------------------------------

tf_types := {
	"azurerm_kubernetes_cluster_node_pool": "Node pool",
	"azurerm_linux_virtual_machine": "VM",
	"azurerm_windows_virtual_machine": "VM",
	"azurerm_linux_virtual_machine_scale_set": "Scale set",
	"azurerm_windows_virtual_machine_scale_set": "Scale set",
	"azurerm_orchestrated_virtual_machine_scale_set": "Scale set",
	# The deprecated azurerm_virtual_machine_scale_set takes "Low" or "Regular".
	"azurerm_virtual_machine_scale_set": "Scale set",
}

deny contains f if {
	lib.is_terraform
	some t, what in tf_types
	some r in lib.resources_of(t)
	v := lib.get(r.config, ["priority"], null)
	is_spot(v)
	x := lib.role(r)
	serves_on(x, tf_size(r))
	f := to_regular(r, ["priority"], r.config, ["eviction_policy", "spot_max_price"], sprintf(
		"%s %s sets `priority = \"%s\"` but %s: spot capacity is evicted with 30 seconds' notice, an outage for inference; use `Regular` priority%s",
		[what, r.id, v, role_phrase(x), lib.role_note(x)],
	))
}

tf_size(r) := lib.get(r.config, ["vm_size"], null) if {
	r.type == "azurerm_kubernetes_cluster_node_pool"
} else := lib.vm_size_of(r)

# ---------------------------------------------------------------------------------------------
# ARM
# ---------------------------------------------------------------------------------------------

arm_message(what, attr, v, x) := sprintf(
	"%s sets `%s` to \"%s\" but %s: spot capacity is evicted with 30 seconds' notice, an outage for inference; use `Regular`%s",
	[what, attr, v, role_phrase(x), lib.role_note(x)],
)

deny contains f if {
	lib.is_arm
	some r in lib.arm_resources("Microsoft.ContainerService/managedClusters")
	profiles := lib.get(r.config, ["properties", "agentPoolProfiles"], [])
	is_array(profiles)
	some i, pool in profiles
	is_object(pool)
	v := lib.get(pool, ["scaleSetPriority"], null)
	lib.equals_ci(v, "Spot")
	x := lib.pool_role(pool)
	serves_on(x, lib.get(pool, ["vmSize"], null))
	what := sprintf("Agent pool `%v`", [object.get(pool, "name", i)])
	f := to_regular(r, ["properties", "agentPoolProfiles", i, "scaleSetPriority"], pool, ["scaleSetEvictionPolicy", "spotMaxPrice"], arm_message(what, "scaleSetPriority", v, x))
}

deny contains f if {
	lib.is_arm
	some r in lib.arm_resources("Microsoft.ContainerService/managedClusters/agentPools")
	v := lib.get(r.config, ["properties", "scaleSetPriority"], null)
	lib.equals_ci(v, "Spot")
	x := lib.role(r)
	serves_on(x, lib.get(r.config, ["properties", "vmSize"], null))
	f := to_regular(r, ["properties", "scaleSetPriority"], object.get(r.config, "properties", {}), ["scaleSetEvictionPolicy", "spotMaxPrice"], arm_message(lib.subject("Agent pool", r), "scaleSetPriority", v, x))
}

deny contains f if {
	lib.is_arm
	some r in lib.arm_resources("Microsoft.Compute/virtualMachines")
	v := lib.get(r.config, ["properties", "priority"], null)
	is_spot(v)
	x := lib.role(r)
	serves_on(x, lib.vm_size_of(r))
	f := to_regular(r, ["properties", "priority"], object.get(r.config, "properties", {}), ["evictionPolicy", "billingProfile"], arm_message(lib.subject("VM", r), "priority", v, x))
}

deny contains f if {
	lib.is_arm
	some r in lib.arm_resources("Microsoft.Compute/virtualMachineScaleSets")
	v := lib.get(r.config, ["properties", "virtualMachineProfile", "priority"], null)
	is_spot(v)
	x := lib.role(r)
	serves_on(x, lib.vm_size_of(r))
	f := to_regular(r, ["properties", "virtualMachineProfile", "priority"], object.get(r.config, ["properties", "virtualMachineProfile"], {}), ["evictionPolicy", "billingProfile"], arm_message(lib.subject("Scale set", r), "virtualMachineProfile.priority", v, x))
}

# ---------------------------------------------------------------------------------------------
# Kubernetes: one finding per pod template that can land on spot nodes, at the nodeSelector or
# required node affinity that selects them, else at the toleration that admits them.
# ---------------------------------------------------------------------------------------------

deny contains f if {
	lib.is_kubernetes
	some r in input.resources
	r.type != "DaemonSet"
	some t in lib.pod_templates(r)
	found := spot_use(t)
	x := lib.role(r)
	x != "training"
	serves_inference(x, t)
	f := lib.finding(r, found.path, sprintf(
		"%s %s and %s: spot nodes are evicted with 30 seconds' notice, an outage for inference; %s%s",
		[r.id, found.what, role_phrase(x), found.fix, lib.role_note(x)],
	))
}

serves_inference(x, _) if x == "inference"

serves_inference(x, t) if {
	x == "unknown"
	lib.is_gpu_template(t)
}

# spot_use(t): how a pod template reaches spot nodes, most specific first.
spot_use(t) := found if {
	found := selector_uses(t)[0]
} else := found if {
	found := affinity_uses(t)[0]
} else := found if {
	found := toleration_uses(t)[0]
}

selector_uses(t) := [{
	"path": lib.field_path(t, ["nodeSelector", spot_key]),
	"what": sprintf("selects spot nodes with `nodeSelector` `%s: %s`", [spot_key, v]),
	"fix": "remove the selector",
} |
	v := object.get(t.spec, ["nodeSelector", spot_key], null)
	lib.equals_ci(v, "spot")
]

affinity_uses(t) := [{
	"path": lib.field_path(t, [
		"affinity", "nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution",
		"nodeSelectorTerms", i, "matchExpressions", j,
	]),
	"what": sprintf("requires spot nodes through a node affinity on `%s`", [spot_key]),
	"fix": "remove the match expression",
} |
	terms := object.get(t.spec, ["affinity", "nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution", "nodeSelectorTerms"], [])
	is_array(terms)
	some i, term in terms
	exprs := object.get(term, "matchExpressions", [])
	is_array(exprs)
	some j, e in exprs
	object.get(e, "key", "") == spot_key
	object.get(e, "operator", "") == "In"
	some val in lib.items(object.get(e, "values", []))
	lib.equals_ci(val, "spot")
]

toleration_uses(t) := [{
	"path": lib.field_path(t, ["tolerations", i]),
	"what": sprintf("tolerates the spot taint `%s`", [spot_key]),
	"fix": "remove the toleration",
} |
	tolerations := object.get(t.spec, "tolerations", [])
	is_array(tolerations)
	some i, tol in tolerations
	is_object(tol)
	object.get(tol, "key", "") == spot_key
	tolerates_spot(tol)
]

tolerates_spot(tol) if object.get(tol, "operator", "") == "Exists"

tolerates_spot(tol) if {
	object.get(tol, "operator", "Equal") == "Equal"
	lib.equals_ci(object.get(tol, "value", ""), "spot")
}

# to_regular(r, path, holder, spot_only, message): the finding, with the fix to Regular priority
# when holder sets none of the spot_only settings (an eviction policy or a maximum price beside
# Regular priority fails the deployment, and which to drop is the user's call).
to_regular(r, path, holder, spot_only, message) := lib.finding_fix(r, path, message, {"set": "Regular"}) if {
	every key in spot_only {
		object.get(holder, key, null) == null
	}
} else := lib.finding(r, path, message)
