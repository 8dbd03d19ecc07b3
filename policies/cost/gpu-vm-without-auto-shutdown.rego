# METADATA
# title: GPU VM without auto-shutdown
# description: |
#   GPU VMs used for experiments, fine-tuning and notebooks are left running overnight and over
#   weekends far more often than they are in use, at several dollars to tens of dollars an hour
#   each. A daily auto-shutdown schedule (or, on an Azure ML compute instance, idle shutdown) stops
#   the billing of forgotten machines. VMs that serve inference around the clock are not flagged
#   when their role is declared.
# custom:
#   id: AIL403
#   slug: gpu-vm-without-auto-shutdown
#   severity: warning
#   formats: [terraform, arm, bicep]
#   resource_types:
#     - azurerm_linux_virtual_machine
#     - azurerm_windows_virtual_machine
#     - azurerm_virtual_machine
#     - Microsoft.Compute/virtualMachines
#     - Microsoft.MachineLearningServices/workspaces/computes
#   default: on
#   remediation: |
#     Terraform: add an `azurerm_dev_test_global_vm_shutdown_schedule` with
#     `virtual_machine_id = <vm>.id`, a `daily_recurrence_time` and a `timezone` (and keep `enabled`
#     true). If the VM serves inference around the clock, tag it `workload = "inference"`.
#     azurerm has no idle-shutdown setting for `azurerm_machine_learning_compute_instance`; set it in
#     the ML studio or through `azapi_resource`.
#     ARM/Bicep: add a `Microsoft.DevTestLab/schedules` resource named `shutdown-computevm-<vm name>`
#     with `taskType: ComputeVmShutdownTask`, `status: Enabled` and `targetResourceId` set to the VM's
#     resource id. On an ML compute instance set `properties.properties.idleTimeBeforeShutdown`
#     (for example `PT60M`) or a `Stop` schedule in `properties.properties.schedules.computeStartStop`.
#   tags: [cost, gpu]
#   references:
#     - azure_policy: 679ddf89-ab8f-48a5-9029-e76054077449
#       title: Azure Machine Learning Compute Instance should have idle shutdown
package ailint.rules.gpu_vm_without_auto_shutdown

import data.ailint.lib

# subject(kind, r): lib.subject, but an ARM resource named by an expression keeps the kind's
# capitals ("This ML compute cluster", where lib.subject lower-cases it).
subject(kind, r) := s if {
	s := lib.subject(kind, r)
	not startswith(s, "This ")
} else := sprintf("This %s", [kind])

tf_schedule_type := "azurerm_dev_test_global_vm_shutdown_schedule"

arm_schedule_type := "Microsoft.DevTestLab/schedules"

why := "a GPU VM left running overnight or over a weekend bills every idle hour"

# Role: VMs declared (or named) for inference run around the clock, so a shutdown is wrong there.
# Training and unknown roles are checked; for unknown ones the message tells how to declare it.
checked_role(r) := x if {
	x := lib.role(r)
	x != "inference"
}

inference_note(x) := " (if it serves inference around the clock, give it a `workload` tag set to `inference`)" if {
	x == "unknown"
} else := ""

# ---------------------------------------------------------------------------------------------
# Joins. A schedule's target is `resolved` when it names a resource (by address, symbolic name or
# `resourceId()`) or is a literal id; then it covers the VM it names. A target that is unknown and
# names no resource (`var.vm_id`, `each.value.id`, a local or data source, `[parameters('vmId')]`)
# could be any VM of the unit: then the rule stays silent for every VM of the unit rather than
# guess.
# ---------------------------------------------------------------------------------------------

# Terraform references that name something outside the module's managed resources.
tf_non_resource_roots := {"var", "local", "data", "module", "each", "count", "path", "terraform", "self"}

names_resource(v) if {
	lib.is_terraform
	some ref in v["$refs"]
	not split(lib.tf_local_ref(ref), ".")[0] in tf_non_resource_roots
}

# ARM: `resourceId()` refs are `Type/name`; `reference('sym')` refs name a unit resource.
names_resource(v) if {
	lib.is_arm
	some ref in v["$refs"]
	contains(ref, "/")
}

names_resource(v) if {
	lib.is_arm
	some ref in v["$refs"]
	some r in input.resources
	lower(ref) == lower(r.id)
}

opaque(v) if {
	lib.is_unknown(v)
	not names_resource(v)
}

# literal_names(v, r): a literal resource id ending in `/virtualMachines/<name of r>`.
literal_names(v, r) if {
	is_string(v)
	name := vm_name(r)
	endswith(lower(v), lower(sprintf("/virtualMachines/%s", [name])))
}

vm_name(r) := n if {
	n := lib.get(r.config, ["name"], null)
	is_string(n)
	not startswith(n, "[")
}

targets(v, r) if lib.refers_to_resource(v, r)

targets(v, r) if literal_names(v, r)

# ---------------------------------------------------------------------------------------------
# Terraform
# ---------------------------------------------------------------------------------------------

tf_target(s) := lib.get(s.config, ["virtual_machine_id"], null)

# An unknown `enabled` counts as enabled (no guess).
tf_enabled(s) if not lib.is_false(lib.get(s.config, ["enabled"], null))

tf_any_opaque if {
	some s in lib.resources_of(tf_schedule_type)
	opaque(tf_target(s))
}

tf_schedules_of(r) := [s |
	some s in lib.resources_of(tf_schedule_type)
	targets(tf_target(s), r)
]

tf_covered(r) if {
	some s in tf_schedules_of(r)
	tf_enabled(s)
}

deny contains f if {
	lib.is_terraform
	not tf_any_opaque
	some r in input.resources
	not lib.arm_shaped(r)
	lib.is_gpu_vm(r)
	x := checked_role(r)
	not tf_covered(r)
	not arm_covered(r)
	count(tf_schedules_of(r)) == 0
	f := lib.finding(r, [], sprintf(
		"GPU VM %s (%s) has no `%s` whose `virtual_machine_id` refers to it: %s; add a daily shutdown schedule%s",
		[r.id, lib.vm_size_of(r), tf_schedule_type, why, inference_note(x)],
	))
}

# A schedule that exists but is disabled is reported where it is turned off.
deny contains f if {
	lib.is_terraform
	not tf_any_opaque
	some r in input.resources
	not lib.arm_shaped(r)
	lib.is_gpu_vm(r)
	checked_role(r)
	not tf_covered(r)
	not arm_covered(r)
	s := tf_schedules_of(r)[0]
	f := lib.finding(s, ["enabled"], sprintf(
		"Shutdown schedule %s of the GPU VM %s sets `enabled = false`: %s; set it to true",
		[s.id, r.id, why],
	))
}

# ---------------------------------------------------------------------------------------------
# ARM: VMs and DevTestLab schedules
# ---------------------------------------------------------------------------------------------

arm_vm_ref(r) := sprintf("`%s`", [vm_name(r)]) if {
	vm_name(r)
} else := "it targets"

arm_target(s) := lib.get(s.config, ["properties", "targetResourceId"], null)

# A status that is not known to be "Disabled" counts as enabled.
arm_enabled(s) if not lib.equals_ci(lib.get(s.config, ["properties", "status"], null), "Disabled")

arm_any_opaque if {
	some s in lib.arm_resources(arm_schedule_type)
	opaque(arm_target(s))
	not by_convention(s)
}

# Azure names a VM's shutdown schedule `shutdown-computevm-<vm name>`.
by_convention(s) if startswith(lower(schedule_name(s)), "shutdown-computevm-")

schedule_name(s) := n if {
	n := lib.get(s.config, ["name"], null)
	is_string(n)
} else := ""

named_for(s, r) if lib.equals_ci(schedule_name(s), sprintf("shutdown-computevm-%s", [vm_name(r)]))

arm_schedules_of(r) := [s |
	some s in lib.arm_resources(arm_schedule_type)
	arm_schedule_for(s, r)
]

arm_schedule_for(s, r) if targets(arm_target(s), r)

arm_schedule_for(s, r) if named_for(s, r)

arm_covered(r) if {
	some s in arm_schedules_of(r)
	arm_enabled(s)
}

deny contains f if {
	lib.is_arm
	not arm_any_opaque
	some r in input.resources
	lib.arm_shaped(r)
	lib.is_gpu_vm(r)
	x := checked_role(r)
	not arm_covered(r)
	not tf_covered(r)
	count(arm_schedules_of(r)) == 0
	f := lib.finding(r, [], sprintf(
		"%s (%s) has no `%s` resource whose `targetResourceId` refers to it: %s; add a daily shutdown schedule named `shutdown-computevm-<vm name>`%s",
		[subject("GPU VM", r), lib.vm_size_of(r), arm_schedule_type, why, inference_note(x)],
	))
}

deny contains f if {
	lib.is_arm
	not arm_any_opaque
	some r in input.resources
	lib.arm_shaped(r)
	lib.is_gpu_vm(r)
	checked_role(r)
	not arm_covered(r)
	not tf_covered(r)
	s := arm_schedules_of(r)[0]
	f := lib.finding(s, ["properties", "status"], sprintf(
		"%s of the GPU VM %s is `Disabled`: %s; set `status` to `Enabled`",
		[subject("Shutdown schedule", s), arm_vm_ref(r), why],
	))
}

# ---------------------------------------------------------------------------------------------
# ARM: Azure ML compute instances with a GPU size. They shut down when idle only with
# `idleTimeBeforeShutdown` (ISO 8601, 15 minutes to 3 days) or a `Stop` schedule; DevTestLab
# schedules do not apply to them. (azurerm's `azurerm_machine_learning_compute_instance` has
# neither setting, so Terraform instances are not checked.)
# ---------------------------------------------------------------------------------------------

ci_props := ["properties", "properties"]

# has_stop_schedule(props): a Stop schedule that is not disabled, or schedules ailint cannot read.
has_stop_schedule(props) if {
	schedules := lib.get(props, ["schedules", "computeStartStop"], [])
	lib.is_unknown(schedules)
}

has_stop_schedule(props) if {
	schedules := lib.get(props, ["schedules", "computeStartStop"], [])
	is_array(schedules)
	some s in schedules
	not lib.is_known(s)
}

has_stop_schedule(props) if {
	schedules := lib.get(props, ["schedules", "computeStartStop"], [])
	is_array(schedules)
	some s in schedules
	is_object(s)
	lib.is_known(s)
	action := lib.get(s, ["action"], null)
	not known_other_action(action)
	not lib.equals_ci(lib.get(s, ["status"], null), "Disabled")
}

known_other_action(action) if {
	is_string(action)
	not lib.equals_ci(action, "Stop")
}

no_idle_time(v) if v == null

no_idle_time(v) if v == ""

deny contains f if {
	lib.is_arm
	some r in lib.arm_resources("Microsoft.MachineLearningServices/workspaces/computes")
	lib.equals_ci(lib.get(r.config, ["properties", "computeType"], null), "ComputeInstance")
	props := lib.get(r.config, ci_props, {})
	is_object(props)
	lib.is_known(props)
	size := lib.get(props, ["vmSize"], null)
	lib.is_gpu_sku(size)
	no_idle_time(lib.get(props, ["idleTimeBeforeShutdown"], null))
	not has_stop_schedule(props)
	f := lib.finding(r, array.concat(ci_props, ["idleTimeBeforeShutdown"]), sprintf(
		"%s (%s) sets neither `idleTimeBeforeShutdown` nor a `Stop` schedule, so it runs until someone stops it: %s; set `idleTimeBeforeShutdown` (for example `PT60M`)",
		[subject("ML compute instance", r), size, why],
	))
}
