# METADATA
# title: NVIDIA GPU driver extension is not pinned
# description: |
#   The NVIDIA GPU Driver Extension (`Microsoft.HpcCompute` `NvidiaGpuDriverLinux`/`NvidiaGpuDriverWindows`)
#   installs the latest supported driver unless a driver version is pinned in its settings, and with
#   extension auto-upgrade on a newer extension release (with a newer default driver) is picked up
#   whenever the extension is deployed again or a scale set scales out. The CUDA toolkit, NCCL and
#   framework wheels baked into your images expect one driver branch: an unplanned bump breaks training
#   and inference nodes on the next reboot or scale-out, and different nodes of one pool end up on
#   different drivers.
# custom:
#   id: AIL501
#   slug: nvidia-driver-extension-unpinned
#   severity: error
#   formats: [terraform, arm, bicep]
#   resource_types:
#     - azurerm_virtual_machine_extension
#     - azurerm_virtual_machine_scale_set_extension
#     - azurerm_linux_virtual_machine_scale_set
#     - azurerm_windows_virtual_machine_scale_set
#     - azurerm_orchestrated_virtual_machine_scale_set
#     - azurerm_virtual_machine_scale_set
#     - Microsoft.Compute/virtualMachines/extensions
#     - Microsoft.Compute/virtualMachineScaleSets/extensions
#     - Microsoft.Compute/virtualMachineScaleSets/virtualMachines/extensions
#     - Microsoft.Compute/virtualMachineScaleSets
#   default: on
#   fix: safe
#   remediation: |
#     Terraform: set `settings = jsonencode({ driverVersion = "<version>" })` and
#     `auto_upgrade_minor_version = false` (`auto_upgrade_minor_version_enabled = false` in an
#     `azurerm_orchestrated_virtual_machine_scale_set` `extension` block; the default is true on scale
#     set extensions), and leave `automatic_upgrade_enabled` off.
#     ARM/Bicep: set `properties.settings.driverVersion`, `properties.autoUpgradeMinorVersion: false`
#     and `properties.enableAutomaticUpgrade: false`.
#     Windows: the extension documents no `driverVersion`; pin the installer with `DriverURL` (or
#     install the driver in the image) instead.
#   tags: [drivers, reliability, gpu]
package ailint.rules.nvidia_driver_extension_unpinned

import data.ailint.lib

driver_types := {"nvidiagpudriverlinux", "nvidiagpudriverwindows"}

# Settings keys that pin the driver, lower-cased. The Linux extension documents `driverVersion`
# (the GRID driver version on NV sizes, the CUDA toolkit version on NC/ND); the Windows extension
# documents none, and accepts a `DriverURL` to a specific installer.
pin_keys := {
	"nvidiagpudriverlinux": {"driverversion"},
	"nvidiagpudriverwindows": {"driverversion", "driverurl"},
}

# Terraform resources that are one extension, with the name and default of their minor-version
# auto-upgrade flag (azurerm: false on VM extensions, true on scale set extensions).
tf_standalone := {
	"azurerm_virtual_machine_extension": {"attr": "auto_upgrade_minor_version", "on_by_default": false},
	"azurerm_virtual_machine_scale_set_extension": {"attr": "auto_upgrade_minor_version", "on_by_default": true},
}

# Terraform scale sets with inline `extension {}` blocks.
tf_inline := {
	"azurerm_linux_virtual_machine_scale_set": {"attr": "auto_upgrade_minor_version", "on_by_default": true},
	"azurerm_windows_virtual_machine_scale_set": {"attr": "auto_upgrade_minor_version", "on_by_default": true},
	"azurerm_orchestrated_virtual_machine_scale_set": {"attr": "auto_upgrade_minor_version_enabled", "on_by_default": true},
	# The legacy (azurerm v3) scale set; its flag has no default, so it is off.
	"azurerm_virtual_machine_scale_set": {"attr": "auto_upgrade_minor_version", "on_by_default": false},
}

# driver_type(ext, publisher_path, type_path): the lower-cased extension type when ext is the
# NVIDIA GPU driver extension; undefined otherwise (including unknown publisher or type).
driver_type(ext, publisher_path, type_path) := t if {
	lib.equals_ci(lib.get(ext, publisher_path, null), "Microsoft.HpcCompute")
	raw := lib.get(ext, type_path, null)
	is_string(raw)
	t := lower(raw)
	t in driver_types
}

# Every NVIDIA driver extension of a Terraform unit:
# {"r": resource, "path": path of the extension object, "ext": extension, "type": lower type, "flag": {...}}.
tf_extensions contains e if {
	lib.is_terraform
	some x in lib.vm_extensions
	flag := object.union(tf_standalone, tf_inline)[x.r.type]
	t := driver_type(x.ext, x.publisher_path, x.type_path)
	e := {"r": x.r, "path": x.path, "ext": x.ext, "type": t, "flag": flag}
}

# Every NVIDIA driver extension of an ARM unit, with the path of the object that has `properties`.
arm_extensions contains e if {
	lib.is_arm
	some x in lib.vm_extensions
	t := driver_type(x.ext, x.publisher_path, x.type_path)
	e := {"r": x.r, "path": x.path, "ext": x.ext, "type": t}
}

# --- Terraform: auto-upgrade -------------------------------------------------------------------

deny contains f if {
	lib.is_terraform
	some e in tf_extensions
	attr := e.flag.attr
	v := lib.get(e.ext, [attr], null)
	msg := tf_minor_message(e, attr, v)
	f := lib.finding_fix(e.r, array.concat(e.path, [attr]), msg, {"set": false})
}

tf_minor_message(e, attr, v) := sprintf(
	"%s does not set `%s`, which defaults to true here: a newer NVIDIA driver extension (and with it a newer default driver) is picked up on the next deployment or scale-out; set it to false",
	[where(e), attr],
) if {
	v == null
	e.flag.on_by_default
}

tf_minor_message(e, attr, v) := sprintf(
	"%s sets `%s = true`: a newer NVIDIA driver extension (and with it a newer default driver) is picked up on the next deployment or scale-out; set it to false",
	[where(e), attr],
) if {
	lib.is_true(v)
}

deny contains f if {
	lib.is_terraform
	some e in tf_extensions
	lib.is_true(lib.get(e.ext, ["automatic_upgrade_enabled"], null))
	f := lib.finding_fix(e.r, array.concat(e.path, ["automatic_upgrade_enabled"]), sprintf(
		"%s sets `automatic_upgrade_enabled = true`: the platform upgrades the NVIDIA driver extension on its own; set it to false and upgrade the driver deliberately",
		[where(e)],
	), {"set": false})
}

# --- Terraform: driver version -----------------------------------------------------------------

deny contains f if {
	lib.is_terraform
	some e in tf_extensions
	s := lib.get(e.ext, ["settings"], null)
	msg := tf_settings_message(e, s)
	f := lib.finding(e.r, array.concat(e.path, ["settings"]), msg)
}

tf_settings_message(e, s) := sprintf(
	"%s has no `settings`, so the %s extension installs the latest driver it supports; %s",
	[where(e), type_name(e.type), pin_advice_tf(e.type)],
) if {
	s == null
}

tf_settings_message(e, s) := msg if {
	is_string(s)
	json.is_valid(s)
	obj := json.unmarshal(s)
	is_object(obj)
	msg := unpinned_message(where(e), obj, e.type, pin_advice_tf(e.type))
}

# --- ARM --------------------------------------------------------------------------------------

deny contains f if {
	lib.is_arm
	some e in arm_extensions
	some key in ["autoUpgradeMinorVersion", "enableAutomaticUpgrade"]
	lib.is_true(lib.get(e.ext, ["properties", key], null))
	f := lib.finding_fix(e.r, array.concat(e.path, ["properties", key]), sprintf(
		"%s sets `%s` to true: a newer NVIDIA driver extension (and with it a newer default driver) is installed without review; set it to false",
		[where(e), key],
	), {"set": false})
}

deny contains f if {
	lib.is_arm
	some e in arm_extensions
	s := lib.get(e.ext, ["properties", "settings"], null)
	s == null
	f := lib.finding(e.r, array.concat(e.path, ["properties", "settings", "driverVersion"]), sprintf(
		"%s has no `settings`, so the %s extension installs the latest driver it supports; %s",
		[where(e), type_name(e.type), pin_advice_arm(e.type)],
	))
}

deny contains f if {
	lib.is_arm
	some e in arm_extensions
	s := lib.get(e.ext, ["properties", "settings"], null)
	is_object(s)
	lib.is_known(s)
	msg := unpinned_message(where(e), s, e.type, pin_advice_arm(e.type))
	f := lib.finding(e.r, array.concat(e.path, ["properties", "settings", pin_key_in(s, e.type)]), msg)
}

# --- helpers ----------------------------------------------------------------------------------

# unpinned_message(subject, settings, type, advice): why known settings do not pin the driver;
# undefined when they do (or when the pin is unknown).
unpinned_message(subject, settings, t, advice) := sprintf(
	"%s sets no driver version in `settings`, so the %s extension installs the latest driver it supports; %s",
	[subject, type_name(t), advice],
) if {
	count(pins(settings, t)) == 0
}

unpinned_message(subject, settings, t, advice) := sprintf(
	"%s sets `%s` to \"%s\", which follows the newest driver; %s",
	[subject, key, settings[key], advice],
) if {
	p := pins(settings, t)
	count(p) > 0
	every _, pv in p {
		floating(pv)
	}
	key := sort(object.keys(p))[0]
}

# pins(settings, t): the pin keys present in settings (keys compared case-insensitively).
pins(settings, t) := {k: v |
	some k, v in settings
	lower(k) in pin_keys[t]
}

# floating(v): a pin value that does not pin (empty or "latest").
floating(v) if {
	is_string(v)
	trim_space(v) == ""
}

floating(v) if lib.equals_ci(v, "latest")

# pin_key_in(settings, t): the key to point at: the floating pin when present, else driverVersion.
pin_key_in(settings, t) := sort(object.keys(pins(settings, t)))[0] if {
	count(pins(settings, t)) > 0
} else := "driverVersion"

type_name(t) := "NvidiaGpuDriverLinux" if t == "nvidiagpudriverlinux"

type_name(t) := "NvidiaGpuDriverWindows" if t == "nvidiagpudriverwindows"

pin_advice_tf("nvidiagpudriverlinux") := "pin it with `settings = jsonencode({ driverVersion = \"<version>\" })` matching the CUDA toolkit in your images"

pin_advice_tf("nvidiagpudriverwindows") := "pin the installer with `settings = jsonencode({ DriverURL = \"<driver download URL>\" })` or bake the driver into the image"

pin_advice_arm("nvidiagpudriverlinux") := "set `settings.driverVersion` to the version that matches the CUDA toolkit in your images"

pin_advice_arm("nvidiagpudriverwindows") := "pin the installer with `settings.DriverURL` or bake the driver into the image"

# where(e): the extension named in messages.
where(e) := sprintf("%s (extension `%s`)", [e.r.id, ext_name(e.ext)]) if {
	count(e.path) > 0
} else := e.r.id

ext_name(ext) := n if {
	n := object.get(ext, "name", "")
	is_string(n)
	n != ""
} else := "?"
