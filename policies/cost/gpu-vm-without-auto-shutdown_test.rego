package ailint.rules.gpu_vm_without_auto_shutdown_test

import data.ailint.rules.gpu_vm_without_auto_shutdown as rule
import data.ailint.test_inputs

unknown(src) := {"$unknown": src, "$refs": [src]}

ref(address) := {"$unknown": sprintf("%s.id", [address]), "$refs": [address]}

vm(name, size, extra) := test_inputs.tf_res("azurerm_linux_virtual_machine", name, object.union({"name": sprintf("vm-%s", [name]), "size": size}, extra))

schedule(name, target, extra) := test_inputs.tf_res("azurerm_dev_test_global_vm_shutdown_schedule", name, object.union({
	"virtual_machine_id": target, "location": "eastus2", "enabled": true,
	"daily_recurrence_time": "1900", "timezone": "W. Europe Standard Time",
	"notification_settings": [{"enabled": false}],
}, extra))

# ---------------------------------------------------------------- Terraform

test_tf_gpu_vm_without_schedule_fires if {
	findings := rule.deny with input as test_inputs.unit("terraform", [vm("dev", "Standard_NC24ads_A100_v4", {})])
	count(findings) == 1
	some f in findings
	f.resource == "azurerm_linux_virtual_machine.dev"
	f.path == []
	contains(f.message, "Standard_NC24ads_A100_v4")
	contains(f.message, "azurerm_dev_test_global_vm_shutdown_schedule")
	contains(f.message, "`workload` tag set to `inference`")
}

test_tf_joined_schedule_passes if {
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [
		vm("dev", "Standard_NC24ads_A100_v4", {}),
		schedule("dev", ref("azurerm_linux_virtual_machine.dev"), {}),
	])
}

test_tf_schedule_for_another_vm_does_not_cover if {
	findings := rule.deny with input as test_inputs.unit("terraform", [
		vm("dev", "Standard_NC24ads_A100_v4", {}),
		vm("other", "Standard_NC6s_v3", {}),
		schedule("other", ref("azurerm_linux_virtual_machine.other"), {}),
	])
	count(findings) == 1
	some f in findings
	f.resource == "azurerm_linux_virtual_machine.dev"
}

test_tf_literal_id_joins_by_name if {
	lit := "/subscriptions/0000/resourceGroups/rg-ml/providers/Microsoft.Compute/virtualMachines/vm-dev"
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [vm("dev", "Standard_NC6s_v3", {}), schedule("dev", lit, {})])
	elsewhere := "/subscriptions/0000/resourceGroups/rg-ml/providers/Microsoft.Compute/virtualMachines/vm-legacy"
	count(rule.deny) == 1 with input as test_inputs.unit("terraform", [vm("dev", "Standard_NC6s_v3", {}), schedule("dev", elsewhere, {})])
}

test_tf_opaque_target_silences_the_unit if {
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [vm("dev", "Standard_NC6s_v3", {}), schedule("any", unknown("var.vm_id"), {})])
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [vm("dev", "Standard_NC6s_v3", {}), schedule("any", unknown("each.value"), {})])
}

test_tf_disabled_schedule_reported_on_the_schedule if {
	findings := rule.deny with input as test_inputs.unit("terraform", [
		vm("dev", "Standard_NC6s_v3", {}),
		schedule("dev", ref("azurerm_linux_virtual_machine.dev"), {"enabled": false}),
	])
	count(findings) == 1
	some f in findings
	f.resource == "azurerm_dev_test_global_vm_shutdown_schedule.dev"
	f.path == ["enabled"]
	# Unknown `enabled` is not a guess.
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [
		vm("dev", "Standard_NC6s_v3", {}),
		schedule("dev", ref("azurerm_linux_virtual_machine.dev"), {"enabled": unknown("var.shutdown")}),
	])
}

test_tf_cpu_unknown_and_inference_vms_pass if {
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [vm("jump", "Standard_B2s", {})])
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [vm("dev", unknown("var.size"), {})])
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [vm("dev", "Standard_NC6s_v3", {"tags": {"workload": "inference"}})])
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [vm("triton-serving", "Standard_NC6s_v3", {})])
}

test_tf_training_vm_message_has_no_hint if {
	findings := rule.deny with input as test_inputs.unit("terraform", [vm("finetune", "Standard_NC6s_v3", {})])
	count(findings) == 1
	some f in findings
	not contains(f.message, "`workload`")
}

test_tf_windows_and_legacy_vms if {
	w := test_inputs.tf_res("azurerm_windows_virtual_machine", "viz", {"size": "Standard_NV36ads_A10_v5"})
	count(rule.deny) == 1 with input as test_inputs.unit("terraform", [w])
	l := test_inputs.tf_res("azurerm_virtual_machine", "old", {"vm_size": "Standard_NC6s_v3"})
	count(rule.deny) == 1 with input as test_inputs.unit("terraform", [l])
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [l, schedule("old", ref("azurerm_virtual_machine.old"), {})])
}

test_tf_compute_instances_are_not_checked if {
	ci := test_inputs.tf_res("azurerm_machine_learning_compute_instance", "ci", {"virtual_machine_size": "Standard_NC6s_v3"})
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [ci])
}

# ---------------------------------------------------------------- ARM

arm_vm(name, size) := {"id": sprintf("Microsoft.Compute/virtualMachines/%s", [name]), "type": "Microsoft.Compute/virtualMachines", "name": name, "config": {
	"name": name, "properties": {"hardwareProfile": {"vmSize": size}},
}}

arm_schedule(name, target, status) := {"id": sprintf("Microsoft.DevTestLab/schedules/%s", [name]), "type": "Microsoft.DevTestLab/schedules", "name": name, "config": {
	"name": name,
	"properties": {"status": status, "taskType": "ComputeVmShutdownTask", "dailyRecurrence": {"time": "1900"}, "timeZoneId": "UTC", "targetResourceId": target},
}}

arm_ref(name) := {"$unknown": "[resourceId(...)]", "$refs": [sprintf("Microsoft.Compute/virtualMachines/%s", [name])]}

test_arm_gpu_vm_without_schedule_fires if {
	findings := rule.deny with input as test_inputs.unit("arm", [arm_vm("gpu-dev-01", "Standard_NC24ads_A100_v4")])
	count(findings) == 1
	some f in findings
	f.path == []
	contains(f.message, "GPU VM `gpu-dev-01` (Standard_NC24ads_A100_v4)")
	contains(f.message, "Microsoft.DevTestLab/schedules")
}

test_arm_joined_by_reference_or_name if {
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [arm_vm("gpu-dev-01", "Standard_NC6s_v3"), arm_schedule("shutdown-computevm-gpu-dev-01", arm_ref("gpu-dev-01"), "Enabled")])
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [arm_vm("gpu-dev-01", "Standard_NC6s_v3"), arm_schedule("nightly", arm_ref("gpu-dev-01"), "Enabled")])
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [arm_vm("gpu-dev-01", "Standard_NC6s_v3"), arm_schedule("shutdown-computevm-gpu-dev-01", unknown("[parameters('vmId')]"), "Enabled")])
	# resourceId() with a parameter name joins a VM named by the same parameter.
	p := arm_vm("[parameters('vmName')]", "Standard_NC6s_v3")
	pref := {"$unknown": "[resourceId('Microsoft.Compute/virtualMachines', parameters('vmName'))]", "$refs": ["Microsoft.Compute/virtualMachines/[parameters('vmName')]", "parameters.vmName"]}
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [p, arm_schedule("[concat('shutdown-computevm-', parameters('vmName'))]", pref, "Enabled")])
}

test_arm_not_joined_fires if {
	findings := rule.deny with input as test_inputs.unit("arm", [
		arm_vm("gpu-dev-01", "Standard_NC6s_v3"),
		arm_vm("gpu-dev-02", "Standard_NC6s_v3"),
		arm_schedule("shutdown-computevm-gpu-dev-02", arm_ref("gpu-dev-02"), "Enabled"),
	])
	count(findings) == 1
	some f in findings
	f.resource == "Microsoft.Compute/virtualMachines/gpu-dev-01"
}

test_arm_opaque_target_silences_the_template if {
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [arm_vm("gpu-dev-01", "Standard_NC6s_v3"), arm_schedule("[parameters('scheduleName')]", unknown("[parameters('vmId')]"), "Enabled")])
}

test_arm_disabled_schedule if {
	findings := rule.deny with input as test_inputs.unit("arm", [arm_vm("gpu-dev-01", "Standard_NC6s_v3"), arm_schedule("shutdown-computevm-gpu-dev-01", arm_ref("gpu-dev-01"), "Disabled")])
	count(findings) == 1
	some f in findings
	f.resource == "Microsoft.DevTestLab/schedules/shutdown-computevm-gpu-dev-01"
	f.path == ["properties", "status"]
	contains(f.message, "`Disabled`")
}

ci(props) := {"id": "Microsoft.MachineLearningServices/workspaces/computes/mlw/ci-alice", "type": "Microsoft.MachineLearningServices/workspaces/computes", "name": "mlw/ci-alice", "config": {
	"name": "mlw/ci-alice",
	"properties": {"computeType": "ComputeInstance", "properties": object.union({"vmSize": "Standard_NC6s_v3"}, props)},
}}

test_arm_compute_instance_without_idle_shutdown_fires if {
	findings := rule.deny with input as test_inputs.unit("arm", [ci({})])
	count(findings) == 1
	some f in findings
	f.path == ["properties", "properties", "idleTimeBeforeShutdown"]
	contains(f.message, "ML compute instance `mlw/ci-alice` (Standard_NC6s_v3)")
	count(rule.deny) == 1 with input as test_inputs.unit("arm", [ci({"idleTimeBeforeShutdown": ""})])
}

test_arm_compute_instance_passes if {
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [ci({"idleTimeBeforeShutdown": "PT60M"})])
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [ci({"idleTimeBeforeShutdown": unknown("[parameters('idle')]")})])
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [ci({"vmSize": "Standard_DS3_v2"})])
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [ci({"vmSize": unknown("[parameters('size')]")})])
	stop := {"action": "Stop", "triggerType": "Cron", "cron": {"expression": "0 19 * * *", "timeZone": "UTC"}, "status": "Enabled"}
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [ci({"schedules": {"computeStartStop": [stop]}})])
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [ci({"schedules": unknown("[variables('schedules')]")})])
}

test_arm_compute_instance_start_only_or_disabled_stop_fires if {
	start := {"action": "Start", "triggerType": "Cron", "cron": {"expression": "0 8 * * 1-5"}, "status": "Enabled"}
	count(rule.deny) == 1 with input as test_inputs.unit("arm", [ci({"schedules": {"computeStartStop": [start]}})])
	off := {"action": "Stop", "triggerType": "Cron", "cron": {"expression": "0 19 * * *"}, "status": "Disabled"}
	count(rule.deny) == 1 with input as test_inputs.unit("arm", [ci({"schedules": {"computeStartStop": [off]}})])
}

test_formats_are_guarded if {
	count(rule.deny) == 0 with input as test_inputs.unit("kubernetes", [vm("dev", "Standard_NC6s_v3", {})])
	count(rule.deny) == 0 with input as test_inputs.unit("kubernetes", [arm_vm("gpu-dev-01", "Standard_NC6s_v3")])
}
