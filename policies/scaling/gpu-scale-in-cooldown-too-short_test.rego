package ailint.rules.gpu_scale_in_cooldown_too_short_test

import data.ailint.rules.gpu_scale_in_cooldown_too_short as rule
import data.ailint.test_inputs

# with_option(inp, n): the same input with `min_seconds = n` configured.
with_option(inp, n) := object.union(inp, {"config": {"rules": {"gpu-scale-in-cooldown-too-short": {"min_seconds": n}}}})

unknown(src) := {"$unknown": src, "$refs": [src]}

deployment(name, limits) := test_inputs.k8s_res("Deployment", "apps/v1", name, {
	"metadata": {"name": name, "namespace": "llm"},
	"spec": {"template": {
		"metadata": {"labels": {"app": name}},
		"spec": {"containers": [{"name": "server", "image": "vllm/vllm-openai:v0.6.3", "resources": {"limits": limits}}]},
	}},
})

gpu := deployment("vllm", {"nvidia.com/gpu": 1})

cpu := deployment("vllm", {"cpu": "4"})

hpa(spec, api) := test_inputs.k8s_res("HorizontalPodAutoscaler", api, "vllm", {
	"metadata": {"name": "vllm", "namespace": "llm"},
	"spec": object.union({"scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": "vllm"}, "minReplicas": 1, "maxReplicas": 4}, spec),
})

so(spec) := test_inputs.k8s_res("ScaledObject", "keda.sh/v1alpha1", "vllm", {
	"metadata": {"name": "vllm", "namespace": "llm"},
	"spec": object.union({"scaleTargetRef": {"name": "vllm"}, "triggers": [{"type": "prometheus"}]}, spec),
})

window(n) := {"advanced": {"horizontalPodAutoscalerConfig": {"behavior": {"scaleDown": {"stabilizationWindowSeconds": n}}}}}

# ---------------------------------------------------------------- HPA

test_hpa_without_behavior_fires_with_default if {
	findings := rule.deny with input as test_inputs.unit("kubernetes", [gpu, hpa({}, "autoscaling/v2")])
	count(findings) == 1
	some f in findings
	f.resource == "HorizontalPodAutoscaler/llm/vllm"
	f.path == ["spec", "behavior", "scaleDown", "stabilizationWindowSeconds"]
	contains(f.message, "defaults to 300 seconds")
	contains(f.message, "at least 900 (15 minutes)")
	contains(f.message, "Deployment/llm/vllm")
}

test_hpa_short_window_fires_with_value if {
	findings := rule.deny with input as test_inputs.unit("kubernetes", [gpu, hpa({"behavior": {"scaleDown": {"stabilizationWindowSeconds": 120}}}, "autoscaling/v2")])
	count(findings) == 1
	some f in findings
	contains(f.message, "stabilizationWindowSeconds: 120`")
}

test_hpa_long_window_passes if {
	count(rule.deny) == 0 with input as test_inputs.unit("kubernetes", [gpu, hpa({"behavior": {"scaleDown": {"stabilizationWindowSeconds": 900}}}, "autoscaling/v2")])
	count(rule.deny) == 0 with input as test_inputs.unit("kubernetes", [gpu, hpa({"behavior": {"scaleDown": {"stabilizationWindowSeconds": "1800"}}}, "autoscaling/v2")])
}

test_hpa_on_cpu_or_absent_target_passes if {
	count(rule.deny) == 0 with input as test_inputs.unit("kubernetes", [cpu, hpa({}, "autoscaling/v2")])
	count(rule.deny) == 0 with input as test_inputs.unit("kubernetes", [hpa({}, "autoscaling/v2")])
	other := hpa({"scaleTargetRef": {"kind": "StatefulSet", "name": "vllm"}}, "autoscaling/v2")
	count(rule.deny) == 0 with input as test_inputs.unit("kubernetes", [gpu, other])
}

test_hpa_without_scale_in_passes if {
	count(rule.deny) == 0 with input as test_inputs.unit("kubernetes", [gpu, hpa({"behavior": {"scaleDown": {"selectPolicy": "Disabled"}}}, "autoscaling/v2")])
	count(rule.deny) == 0 with input as test_inputs.unit("kubernetes", [gpu, hpa({"minReplicas": 3, "maxReplicas": 3}, "autoscaling/v2")])
	count(rule.deny) == 0 with input as test_inputs.unit("kubernetes", [gpu, object.union(hpa({}, "autoscaling/v2"), {"config": {"spec": {"minReplicas": null, "maxReplicas": 1}}})])
}

test_hpa_v1_says_to_use_v2 if {
	findings := rule.deny with input as test_inputs.unit("kubernetes", [gpu, hpa({}, "autoscaling/v1")])
	count(findings) == 1
	some f in findings
	contains(f.message, "autoscaling/v2")
}

test_custom_threshold if {
	inp := test_inputs.unit("kubernetes", [gpu, hpa({"behavior": {"scaleDown": {"stabilizationWindowSeconds": 900}}}, "autoscaling/v2")])
	findings := rule.deny with input as with_option(inp, 1800)
	count(findings) == 1
	some f in findings
	contains(f.message, "at least 1800 (30 minutes)")
	# A threshold at or under the default accepts an absent window.
	count(rule.deny) == 0 with input as with_option(test_inputs.unit("kubernetes", [gpu, hpa({}, "autoscaling/v2")]), 300)
	# A nonsensical option falls back to 900.
	count(rule.deny) == 1 with input as with_option(test_inputs.unit("kubernetes", [gpu, hpa({}, "autoscaling/v2")]), "soon")
}

# ---------------------------------------------------------------- KEDA

test_keda_defaults_fire_twice if {
	findings := rule.deny with input as test_inputs.unit("kubernetes", [gpu, so({})])
	count(findings) == 2
	paths := {f.path | some f in findings}
	paths == {
		["spec", "cooldownPeriod"],
		["spec", "advanced", "horizontalPodAutoscalerConfig", "behavior", "scaleDown", "stabilizationWindowSeconds"],
	}
	every f in findings {
		contains(f.message, "defaults to 300 seconds")
	}
}

test_keda_short_cooldown_fires_with_value if {
	findings := rule.deny with input as test_inputs.unit("kubernetes", [gpu, so(object.union(window(900), {"cooldownPeriod": 60}))])
	count(findings) == 1
	some f in findings
	f.path == ["spec", "cooldownPeriod"]
	contains(f.message, "`cooldownPeriod: 60`")
	contains(f.message, "1 minute after the last active trigger")
}

test_keda_min_one_only_checks_the_hpa_window if {
	findings := rule.deny with input as test_inputs.unit("kubernetes", [gpu, so({"minReplicaCount": 1, "cooldownPeriod": 30})])
	count(findings) == 1
	some f in findings
	f.path[1] == "advanced"
	count(rule.deny) == 0 with input as test_inputs.unit("kubernetes", [gpu, so(object.union(window(1200), {"minReplicaCount": 1}))])
}

test_keda_idle_replica_count_reaches_zero if {
	findings := rule.deny with input as test_inputs.unit("kubernetes", [gpu, so(object.union(window(900), {"minReplicaCount": 2, "idleReplicaCount": 0}))])
	count(findings) == 1
	some f in findings
	f.path == ["spec", "cooldownPeriod"]
}

test_keda_without_hpa_range_only_checks_cooldown if {
	findings := rule.deny with input as test_inputs.unit("kubernetes", [gpu, so({"maxReplicaCount": 1})])
	count(findings) == 1
	some f in findings
	f.path == ["spec", "cooldownPeriod"]
	count(rule.deny) == 0 with input as test_inputs.unit("kubernetes", [gpu, so({"minReplicaCount": 1, "maxReplicaCount": 1})])
}

test_keda_long_delays_pass if {
	count(rule.deny) == 0 with input as test_inputs.unit("kubernetes", [gpu, so(object.union(window(900), {"cooldownPeriod": 900}))])
	disabled := {"advanced": {"horizontalPodAutoscalerConfig": {"behavior": {"scaleDown": {"selectPolicy": "Disabled"}}}}, "cooldownPeriod": 1800}
	count(rule.deny) == 0 with input as test_inputs.unit("kubernetes", [gpu, so(disabled)])
}

test_keda_cpu_target_or_other_api_passes if {
	count(rule.deny) == 0 with input as test_inputs.unit("kubernetes", [cpu, so({})])
	count(rule.deny) == 0 with input as test_inputs.unit("kubernetes", [so({})])
	other := object.union(so({}), {"api_version": "example.com/v1"})
	count(rule.deny) == 0 with input as test_inputs.unit("kubernetes", [gpu, other])
}

# ---------------------------------------------------------------- Terraform

vmss(sku) := test_inputs.tf_res("azurerm_linux_virtual_machine_scale_set", "triton", {"name": "vmss-triton", "sku": sku, "instances": 2})

vmss_ref := {"$unknown": "azurerm_linux_virtual_machine_scale_set.triton.id", "$refs": ["azurerm_linux_virtual_machine_scale_set.triton"]}

tf_rule(direction, cooldown) := {
	"metric_trigger": [{"metric_name": "Percentage CPU", "operator": "LessThan", "threshold": 25}],
	"scale_action": [{"direction": direction, "type": "ChangeCount", "value": "1", "cooldown": cooldown}],
}

tf_autoscale(target, rules, extra) := test_inputs.tf_res("azurerm_monitor_autoscale_setting", "triton", object.union({
	"name": "autoscale-triton",
	"target_resource_id": target,
	"profile": [{"name": "default", "capacity": [{"default": 2, "minimum": 1, "maximum": 6}], "rule": rules}],
}, extra))

test_tf_short_scale_in_cooldown_fires if {
	r := tf_autoscale(vmss_ref, [tf_rule("Increase", "PT1M"), tf_rule("Decrease", "PT5M")], {})
	findings := rule.deny with input as test_inputs.unit("terraform", [vmss("Standard_NC16as_T4_v3"), r])
	count(findings) == 1
	some f in findings
	f.resource == "azurerm_monitor_autoscale_setting.triton"
	f.path == ["profile", 0, "rule", 1, "scale_action", 0, "cooldown"]
	contains(f.message, "PT5M (5 minutes)")
	contains(f.message, "at least PT15M")
	contains(f.message, "azurerm_linux_virtual_machine_scale_set.triton")
}

test_tf_long_or_unknown_cooldown_passes if {
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [vmss("Standard_NC16as_T4_v3"), tf_autoscale(vmss_ref, [tf_rule("Decrease", "PT15M")], {})])
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [vmss("Standard_NC16as_T4_v3"), tf_autoscale(vmss_ref, [tf_rule("decrease", "PT1H")], {})])
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [vmss("Standard_NC16as_T4_v3"), tf_autoscale(vmss_ref, [tf_rule("Decrease", unknown("var.cooldown"))], {})])
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [vmss("Standard_NC16as_T4_v3"), tf_autoscale(vmss_ref, [tf_rule(unknown("var.direction"), "PT1M")], {})])
}

test_tf_cpu_unknown_or_other_target_passes if {
	r := tf_autoscale(vmss_ref, [tf_rule("Decrease", "PT5M")], {})
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [vmss("Standard_D8s_v5"), r])
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [vmss(unknown("var.sku")), r])
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [vmss("Standard_NC16as_T4_v3"), tf_autoscale(unknown("var.vmss_id"), [tf_rule("Decrease", "PT5M")], {})])
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [vmss("Standard_NC16as_T4_v3"), tf_autoscale(vmss_ref, [tf_rule("Decrease", "PT5M")], {"enabled": false})])
}

test_tf_custom_threshold if {
	inp := test_inputs.unit("terraform", [vmss("Standard_NC16as_T4_v3"), tf_autoscale(vmss_ref, [tf_rule("Decrease", "PT30M")], {})])
	count(rule.deny) == 0 with input as inp
	findings := rule.deny with input as with_option(inp, 3600)
	count(findings) == 1
	some f in findings
	contains(f.message, "at least PT1H")
}

test_tf_orchestrated_and_legacy_scale_sets if {
	o := test_inputs.tf_res("azurerm_orchestrated_virtual_machine_scale_set", "o", {"sku_name": "Standard_ND96asr_v4"})
	oref := {"$unknown": "azurerm_orchestrated_virtual_machine_scale_set.o.id", "$refs": ["azurerm_orchestrated_virtual_machine_scale_set.o"]}
	count(rule.deny) == 1 with input as test_inputs.unit("terraform", [o, tf_autoscale(oref, [tf_rule("Decrease", "PT10M")], {})])
	l := test_inputs.tf_res("azurerm_virtual_machine_scale_set", "l", {"sku": [{"name": "Standard_NC6s_v3", "capacity": 2}]})
	lref := {"$unknown": "azurerm_virtual_machine_scale_set.l.id", "$refs": ["azurerm_virtual_machine_scale_set.l"]}
	count(rule.deny) == 1 with input as test_inputs.unit("terraform", [l, tf_autoscale(lref, [tf_rule("Decrease", "PT10M")], {})])
}

# ---------------------------------------------------------------- ARM

arm_vmss(sku) := {"id": "Microsoft.Compute/virtualMachineScaleSets/vmss-triton", "type": "Microsoft.Compute/virtualMachineScaleSets", "name": "vmss-triton", "config": {"name": "vmss-triton", "sku": {"name": sku, "capacity": 2}}}

arm_autoscale(target, rules) := {"id": "Microsoft.Insights/autoscaleSettings/autoscale-triton", "type": "Microsoft.Insights/autoscaleSettings", "name": "autoscale-triton", "config": {
	"name": "autoscale-triton",
	"properties": {"enabled": true, "targetResourceUri": target, "profiles": [{"name": "default", "capacity": {"minimum": "1", "maximum": "6", "default": "2"}, "rules": rules}]},
}}

arm_rule(direction, cooldown) := {"metricTrigger": {"metricName": "Percentage CPU"}, "scaleAction": {"direction": direction, "type": "ChangeCount", "value": "1", "cooldown": cooldown}}

arm_ref := {"$unknown": "[resourceId('Microsoft.Compute/virtualMachineScaleSets', 'vmss-triton')]", "$refs": ["Microsoft.Compute/virtualMachineScaleSets/vmss-triton"]}

test_arm_short_scale_in_cooldown_fires if {
	findings := rule.deny with input as test_inputs.unit("arm", [arm_vmss("Standard_NC16as_T4_v3"), arm_autoscale(arm_ref, [arm_rule("Increase", "PT1M"), arm_rule("Decrease", "PT300S")])])
	count(findings) == 1
	some f in findings
	f.path == ["properties", "profiles", 0, "rules", 1, "scaleAction", "cooldown"]
	contains(f.message, "Autoscale setting `autoscale-triton`")
	contains(f.message, "PT300S (5 minutes)")
}

test_arm_passes if {
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [arm_vmss("Standard_NC16as_T4_v3"), arm_autoscale(arm_ref, [arm_rule("Decrease", "PT20M")])])
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [arm_vmss("Standard_D8s_v5"), arm_autoscale(arm_ref, [arm_rule("Decrease", "PT5M")])])
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [arm_vmss("Standard_NC16as_T4_v3"), arm_autoscale(arm_ref, [arm_rule("Decrease", unknown("[parameters('cooldown')]"))])])
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [arm_vmss("Standard_NC16as_T4_v3"), arm_autoscale(unknown("[parameters('vmssId')]"), [arm_rule("Decrease", "PT5M")])])
}

test_formats_are_guarded if {
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [gpu, hpa({}, "autoscaling/v2")])
	count(rule.deny) == 0 with input as test_inputs.unit("kubernetes", [vmss("Standard_NC16as_T4_v3"), tf_autoscale(vmss_ref, [tf_rule("Decrease", "PT5M")], {})])
}

# A queue-driven batch worker (every trigger a queue scaler; the target labelled training/batch, or
# unlabelled, which a queue-driven target makes batch) wants fast scale-in; a queue-driven target
# labelled inference, or a mixed trigger list, is still judged.
test_keda_queue_driven_batch_worker_passes if {
	batch := object.union(gpu, {"config": {"metadata": {"labels": {"workload": "batch"}}}})
	queue := so({"triggers": [{"type": "azure-servicebus"}, {"type": "kafka"}]})
	count(rule.deny) == 0 with input as test_inputs.unit("kubernetes", [batch, queue])
	count(rule.deny) == 0 with input as test_inputs.unit("kubernetes", [gpu, queue])
	serving := object.union(gpu, {"config": {"metadata": {"labels": {"workload": "inference"}}}})
	count(rule.deny) == 2 with input as test_inputs.unit("kubernetes", [serving, queue])
	mixed := so({"triggers": [{"type": "azure-servicebus"}, {"type": "prometheus"}]})
	count(rule.deny) == 2 with input as test_inputs.unit("kubernetes", [batch, mixed])
}
