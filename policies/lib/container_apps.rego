# Azure Container Apps helpers: whether an app runs on a GPU workload profile, by the profile's
# name or by the type the unit's Container Apps environment gives the profile of that name.
package ailint.lib

# A workload profile name or type that denotes GPUs: "gpu-a100", "Consumption-GPU-NC8as-T4",
# "NC24-A100", ... ("NC" must stand alone, so "sync" does not match).
_gpu_profile_pattern := `(?i)gpu|a100|h100|h200|(^|[^a-z0-9])(a10|t4)([^0-9]|$)|(^|[^a-z])nc([0-9]|[^a-z]|$)`

_gpu_profile_text(s) if {
	is_string(s)
	regex.match(_gpu_profile_pattern, s)
}

# is_gpu_workload_profile(name): the workload profile `name` is a GPU one.
is_gpu_workload_profile(name) if _gpu_profile_text(name)

is_gpu_workload_profile(name) if {
	is_string(name)
	some [n, ptype] in _container_app_env_profiles
	n == name
	_gpu_profile_text(ptype)
}

# [name, type] of the workload profiles of the unit's Container Apps environments.
_container_app_env_profiles contains [name, ptype] if {
	is_terraform
	some env in resources_of("azurerm_container_app_environment")
	profiles := get(env.config, ["workload_profile"], [])
	is_array(profiles)
	some p in profiles
	name := get(p, ["name"], null)
	is_string(name)
	ptype := get(p, ["workload_profile_type"], null)
}

_container_app_env_profiles contains [name, ptype] if {
	is_arm
	some env in arm_resources("Microsoft.App/managedEnvironments")
	profiles := get(env.config, ["properties", "workloadProfiles"], [])
	is_array(profiles)
	some p in profiles
	name := get(p, ["name"], null)
	is_string(name)
	ptype := get(p, ["workloadProfileType"], null)
}
