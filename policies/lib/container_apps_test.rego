package ailint.lib.container_apps_test

import data.ailint.lib

test_profile_names if {
	lib.is_gpu_workload_profile("Consumption-GPU-NC8as-T4") with input as {"format": "terraform"}
	lib.is_gpu_workload_profile("gpu-a100") with input as {"format": "terraform"}
	not lib.is_gpu_workload_profile("sync") with input as {"format": "terraform"}
	not lib.is_gpu_workload_profile("Consumption") with input as {"format": "terraform"}
}

test_profile_type_from_the_environment if {
	env := {"id": "azurerm_container_app_environment.e", "type": "azurerm_container_app_environment", "name": "e", "config": {"workload_profile": [{"name": "serving", "workload_profile_type": "NC24-A100"}]}}
	inp := {"format": "terraform", "resources": [env], "resources_by_type": {env.type: [env]}}
	lib.is_gpu_workload_profile("serving") with input as inp
	not lib.is_gpu_workload_profile("other") with input as inp
}
