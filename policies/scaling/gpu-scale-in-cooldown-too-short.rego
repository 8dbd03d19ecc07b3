# METADATA
# title: GPU capacity scales in too quickly
# description: |
#   Inference and batch traffic comes in bursts. When an autoscaler releases GPU replicas or VMs a
#   few minutes after a burst, the next burst pays again for node provisioning, driver start, image
#   pull and model load (minutes on GPUs), and the capacity thrashes between sizes. Keep scale-in
#   stabilization or cooldown of GPU capacity at 15 minutes or more (configurable with
#   `min_seconds`); the Kubernetes and KEDA defaults are 5 minutes.
# custom:
#   id: AIL302
#   slug: gpu-scale-in-cooldown-too-short
#   severity: warning
#   formats: [terraform, arm, bicep, kubernetes]
#   resource_types:
#     - azurerm_monitor_autoscale_setting
#     - Microsoft.Insights/autoscaleSettings
#     - HorizontalPodAutoscaler
#     - ScaledObject
#   default: on
#   fix: safe
#   options: [min_seconds]
#   remediation: |
#     Terraform: in the `azurerm_monitor_autoscale_setting` of a GPU scale set, set `cooldown` of every
#     `scale_action` with `direction = "Decrease"` to at least `PT15M`.
#     ARM/Bicep: in the `Microsoft.Insights/autoscaleSettings` of a GPU scale set, set
#     `scaleAction.cooldown` of every rule with `direction: Decrease` to at least `PT15M`.
#     Kubernetes: set `spec.behavior.scaleDown.stabilizationWindowSeconds: 900` on an HPA
#     (`autoscaling/v2`) of a GPU workload; on a KEDA ScaledObject set
#     `spec.advanced.horizontalPodAutoscalerConfig.behavior.scaleDown.stabilizationWindowSeconds: 900`
#     (scale-in between replicas) and, when it can scale to zero, `spec.cooldownPeriod: 900`.
#     Change the threshold with `min_seconds` under `[rules.gpu-scale-in-cooldown-too-short]`.
#   tags: [scaling, cost, availability, gpu]
package ailint.rules.gpu_scale_in_cooldown_too_short

import data.ailint.lib

slug := "gpu-scale-in-cooldown-too-short"

# threshold: the shortest acceptable scale-in delay in seconds (option `min_seconds`, default 900).
threshold := n if {
	n := lib.number_of(lib.option(slug, "min_seconds", 900))
	n > 0
} else := 900

# Kubernetes HPA and KEDA both default to 300 seconds.
k8s_default := 300

thrash_vm := "GPU VMs released this early are often needed again minutes later, each paying again for provisioning, driver start and model load"

thrash := "GPU replicas released this early are often needed again minutes later, each paying again for node provisioning, image pull and model load"

# too_short(v): absent (the default applies) or a known number of seconds under the threshold.
too_short(v) if {
	v == null
	k8s_default < threshold
}

too_short(v) if lib.number_of(v) < threshold

# value_text(attr, v): what the message says about the attribute.
value_text(attr, v) := sprintf("does not set `%s`, which defaults to %d seconds", [attr, k8s_default]) if {
	v == null
} else := sprintf("sets `%s: %v`", [attr, v])

# ---------------------------------------------------------------------------------------------
# Kubernetes
# ---------------------------------------------------------------------------------------------

# gpu_target(so): the GPU workload in the unit that an HPA or ScaledObject scales. A target that is
# not in the unit is unknown, so the rule stays silent.
gpu_target(so) := targets[0] if {
	targets := [t |
		some t in input.resources
		t.id == lib.scale_target(so)
		lib.is_gpu_workload(t)
	]
	count(targets) > 0
}

# scale_down_disabled(sd): `selectPolicy: Disabled` turns scale-in off altogether.
scale_down_disabled(sd) if lib.equals_ci(object.get(sd, "selectPolicy", null), "Disabled")

number_or(v, fallback) := n if {
	n := lib.number_of(v)
} else := fallback

hpa_window := ["spec", "behavior", "scaleDown", "stabilizationWindowSeconds"]

# An HPA whose minReplicas (default 1) equals maxReplicas never scales in.
hpa_scales_in(r) if {
	lowest := number_or(object.get(r.config, ["spec", "minReplicas"], null), 1)
	highest := number_or(object.get(r.config, ["spec", "maxReplicas"], null), lowest + 1)
	highest > lowest
}

# autoscaling/v1 has no `behavior`: the only way to lengthen the window is autoscaling/v2.
hpa_fix(r) := "move it to `autoscaling/v2` and set `spec.behavior.scaleDown.stabilizationWindowSeconds`" if {
	object.get(r, "api_version", "") == "autoscaling/v1"
} else := "set `spec.behavior.scaleDown.stabilizationWindowSeconds`"

deny contains f if {
	lib.is_kubernetes
	some r in lib.resources_of("HorizontalPodAutoscaler")
	t := gpu_target(r)
	hpa_scales_in(r)
	sd := object.get(r.config, ["spec", "behavior", "scaleDown"], {})
	is_object(sd)
	not scale_down_disabled(sd)
	v := object.get(sd, "stabilizationWindowSeconds", null)
	too_short(v)
	f := lib.finding_fix(r, hpa_window, sprintf(
		"%s scales the GPU workload %s and %s: %s; %s to at least %d (%s)",
		[r.id, t.id, value_text("behavior.scaleDown.stabilizationWindowSeconds", v), thrash, hpa_fix(r), threshold, lib.duration_text(threshold)],
	), {"set": threshold})
}

is_keda(r) if startswith(object.get(r, "api_version", ""), "keda.sh/")

keda_window := ["spec", "advanced", "horizontalPodAutoscalerConfig", "behavior", "scaleDown", "stabilizationWindowSeconds"]

# KEDA scales in two steps, each with its own delay (keda.sh ScaledObject spec, `cooldownPeriod`):
# between maxReplicaCount and 1 the HPA that KEDA creates scales in after its stabilization window
# (`advanced.horizontalPodAutoscalerConfig.behavior.scaleDown`, HPA default 300 s); from 1 to 0
# KEDA itself waits `cooldownPeriod` (default 300 s) after the last active trigger. A ScaledObject
# gets one finding per step that exists and is too short: the window when the HPA range has room
# to scale in, the cooldown when the object can reach zero (minReplicaCount 0 or absent, or
# idleReplicaCount 0).

keda_min(r) := number_or(object.get(r.config, ["spec", "minReplicaCount"], null), 0)

keda_max(r) := number_or(object.get(r.config, ["spec", "maxReplicaCount"], null), 100)

keda_reaches_zero(r) if keda_min(r) == 0

keda_reaches_zero(r) if lib.number_of(object.get(r.config, ["spec", "idleReplicaCount"], null)) == 0

# The HPA range is max(minReplicaCount, 1) to maxReplicaCount.
keda_hpa_scales_in(r) if keda_max(r) > max([keda_min(r), 1])

# queue_driven_batch(so, t): every trigger is a queue or stream scaler and the target is a training
# or batch workload. Such workers drain a backlog and should release their GPUs as soon as it is
# empty: fast scale-in is what they want, and no request is dropped by it.
queue_driven_batch(so, t) if {
	lib.is_queue_scaled(so)
	lib.role(t) == "training"
}

deny contains f if {
	lib.is_kubernetes
	some r in lib.resources_of("ScaledObject")
	is_keda(r)
	t := gpu_target(r)
	not queue_driven_batch(r, t)
	keda_hpa_scales_in(r)
	sd := object.get(r.config, array.slice(keda_window, 0, 5), {})
	is_object(sd)
	not scale_down_disabled(sd)
	v := object.get(sd, "stabilizationWindowSeconds", null)
	too_short(v)
	f := lib.finding_fix(r, keda_window, sprintf(
		"%s scales the GPU workload %s and %s, so the HPA it creates removes replicas after %s of lower load: %s; set it to at least %d (%s)",
		[r.id, t.id, value_text("advanced.horizontalPodAutoscalerConfig.behavior.scaleDown.stabilizationWindowSeconds", v), lib.duration_text(number_or(v, k8s_default)), thrash, threshold, lib.duration_text(threshold)],
	), {"set": threshold})
}

deny contains f if {
	lib.is_kubernetes
	some r in lib.resources_of("ScaledObject")
	is_keda(r)
	t := gpu_target(r)
	not queue_driven_batch(r, t)
	keda_reaches_zero(r)
	v := object.get(r.config, ["spec", "cooldownPeriod"], null)
	too_short(v)
	f := lib.finding_fix(r, ["spec", "cooldownPeriod"], sprintf(
		"%s scales the GPU workload %s and %s, so it drops to zero replicas %s after the last active trigger: %s; set `cooldownPeriod` to at least %d (%s)",
		[r.id, t.id, value_text("cooldownPeriod", v), lib.duration_text(number_or(v, k8s_default)), thrash, threshold, lib.duration_text(threshold)],
	), {"set": threshold})
}

# ---------------------------------------------------------------------------------------------
# Terraform and ARM: autoscale settings of GPU scale sets
# ---------------------------------------------------------------------------------------------

# gpu_scale_set_of(target): the GPU scale set of the unit that an autoscale target refers to.
gpu_scale_set_of(target) := sets[0] if {
	sets := [s |
		some s in input.resources
		lib.is_gpu_scale_set(s)
		lib.refers_to_resource(target, s)
	]
	count(sets) > 0
}

# ref_name(r): r named inside a sentence about another resource.
ref_name(r) := r.id if {
	input.format != "arm"
} else := sprintf("`%s`", [name]) if {
	name := object.get(r.config, "name", null)
	is_string(name)
	not startswith(name, "[")
} else := "it targets"

cooldown_message(r, vmss, v, seconds, attr) := sprintf(
	"%s lets the GPU scale set %s scale in with a cooldown of %s (%s): %s; set `%s` of scale-in rules to at least %s",
	[lib.subject("Autoscale setting", r), ref_name(vmss), v, lib.duration_text(seconds), thrash_vm, attr, lib.iso8601_text(threshold)],
)

deny contains f if {
	lib.is_terraform
	some r in lib.resources_of("azurerm_monitor_autoscale_setting")
	not lib.is_false(lib.get(r.config, ["enabled"], null))
	vmss := gpu_scale_set_of(lib.get(r.config, ["target_resource_id"], null))
	profiles := lib.get(r.config, ["profile"], [])
	is_array(profiles)
	some i, p in profiles
	rules := lib.get(p, ["rule"], [])
	is_array(rules)
	some j, rule in rules
	lib.equals_ci(lib.get(rule, ["scale_action", 0, "direction"], null), "Decrease")
	v := lib.get(rule, ["scale_action", 0, "cooldown"], null)
	seconds := lib.iso8601_seconds(v)
	seconds < threshold
	f := lib.finding_fix(r, ["profile", i, "rule", j, "scale_action", 0, "cooldown"], cooldown_message(r, vmss, v, seconds, "cooldown"), {"set": lib.iso8601_text(threshold)})
}

deny contains f if {
	lib.is_arm
	some r in lib.arm_resources("Microsoft.Insights/autoscaleSettings")
	not lib.is_false(lib.get(r.config, ["properties", "enabled"], null))
	vmss := gpu_scale_set_of(lib.get(r.config, ["properties", "targetResourceUri"], null))
	profiles := lib.get(r.config, ["properties", "profiles"], [])
	is_array(profiles)
	some i, p in profiles
	rules := lib.get(p, ["rules"], [])
	is_array(rules)
	some j, rule in rules
	lib.equals_ci(lib.get(rule, ["scaleAction", "direction"], null), "Decrease")
	v := lib.get(rule, ["scaleAction", "cooldown"], null)
	seconds := lib.iso8601_seconds(v)
	seconds < threshold
	f := lib.finding_fix(r, ["properties", "profiles", i, "rules", j, "scaleAction", "cooldown"], cooldown_message(r, vmss, v, seconds, "scaleAction.cooldown"), {"set": lib.iso8601_text(threshold)})
}
