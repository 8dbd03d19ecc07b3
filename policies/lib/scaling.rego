# Helpers of the scaling and cost rules (AIL302, AIL304, AIL403, AIL404): the VM size of virtual
# machines and scale sets in each format, whether they are GPU capacity, and ISO 8601 durations as
# Azure writes cooldowns and idle times (`PT15M`).
package ailint.lib

# Where each VM or scale-set type keeps its size (types lower-cased: ARM compares them so).
_vm_size_paths := {
	"azurerm_linux_virtual_machine": ["size"],
	"azurerm_windows_virtual_machine": ["size"],
	"azurerm_virtual_machine": ["vm_size"],
	"microsoft.compute/virtualmachines": ["properties", "hardwareProfile", "vmSize"],
}

_scale_set_size_paths := {
	"azurerm_linux_virtual_machine_scale_set": ["sku"],
	"azurerm_windows_virtual_machine_scale_set": ["sku"],
	"azurerm_orchestrated_virtual_machine_scale_set": ["sku_name"],
	# The deprecated scale set has a `sku { name = ... }` block.
	"azurerm_virtual_machine_scale_set": ["sku", 0, "name"],
	"microsoft.compute/virtualmachinescalesets": ["sku", "name"],
}

# vm_size_of(r): the size of a VM or scale set (the unknown when unknown); undefined for other types.
vm_size_of(r) := get(r.config, _vm_size_paths[lower(r.type)], null)

vm_size_of(r) := get(r.config, _scale_set_size_paths[lower(r.type)], null)

# is_gpu_vm(r): r is a virtual machine (Terraform or ARM) with a known GPU size.
is_gpu_vm(r) if {
	_vm_size_paths[lower(r.type)]
	is_gpu_sku(vm_size_of(r))
}

# is_gpu_scale_set(r): r is a scale set (Terraform or ARM) with a known GPU size.
is_gpu_scale_set(r) if {
	_scale_set_size_paths[lower(r.type)]
	is_gpu_sku(vm_size_of(r))
}

# iso8601_seconds(s): the seconds of an ISO 8601 duration of weeks, days, hours, minutes and
# seconds (`PT15M`, `PT1H30M`, `PT300S`, `P1D`, `P1W`), case-insensitive; undefined for anything
# else, including durations in months or years, whose length varies.
iso8601_seconds(s) := seconds if {
	is_string(s)
	text := upper(trim_space(s))
	regex.match(`^P(\d+W)?(\d+D)?(T(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$`, text)
	regex.match(`\d`, text)
	not endswith(text, "T")
	[date, time] := _iso8601_halves(text)
	seconds := ((((_iso8601_part(date, "W") * 604800) + (_iso8601_part(date, "D") * 86400)) + (_iso8601_part(time, "H") * 3600)) + (_iso8601_part(time, "M") * 60)) + _iso8601_part(time, "S")
}

# The date part (before `T`, without `P`) and the time part (after `T`) of a duration.
_iso8601_halves(text) := [substring(text, 1, i - 1), substring(text, i + 1, -1)] if {
	i := indexof(text, "T")
	i >= 0
} else := [substring(text, 1, -1), ""]

# The number before designator d in part, 0 when it has none.
_iso8601_part(part, d) := to_number(m[0][1]) if {
	m := regex.find_all_string_submatch_n(sprintf(`(\d+(?:\.\d+)?)%s`, [d]), part, 1)
	count(m) == 1
} else := 0

# duration_text(seconds): seconds as people write them: "15 minutes", "1 hour", "90 seconds".
duration_text(seconds) := sprintf("%d %s", [n, _duration_unit(n, "hour")]) if {
	_whole_number(seconds)
	seconds >= 3600
	seconds % 3600 == 0
	n := seconds / 3600
} else := sprintf("%d %s", [n, _duration_unit(n, "minute")]) if {
	_whole_number(seconds)
	seconds >= 60
	seconds % 60 == 0
	n := seconds / 60
} else := sprintf("%v %s", [seconds, _duration_unit(seconds, "second")])

# iso8601_text(seconds): seconds as an ISO 8601 duration: PT1H, PT15M, PT90S.
iso8601_text(seconds) := sprintf("PT%dH", [seconds / 3600]) if {
	_whole_number(seconds)
	seconds >= 3600
	seconds % 3600 == 0
} else := sprintf("PT%dM", [seconds / 60]) if {
	_whole_number(seconds)
	seconds >= 60
	seconds % 60 == 0
} else := sprintf("PT%vS", [seconds])

_duration_unit(n, word) := word if n == 1

else := sprintf("%ss", [word])

_whole_number(n) if round(n) == n
