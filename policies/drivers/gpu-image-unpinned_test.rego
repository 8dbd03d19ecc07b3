package ailint.rules.gpu_image_unpinned_test

import data.ailint.rules.gpu_image_unpinned as rule
import data.ailint.test_inputs

k8s(kind, api, config) := test_inputs.unit("kubernetes", [{"id": sprintf("%s/ml/llm", [kind]), "type": kind, "api_version": api, "name": "llm", "config": config}])

gpu := {"limits": {"nvidia.com/gpu": 1}}

deployment(containers) := {"metadata": {"name": "llm", "namespace": "ml"}, "spec": {"template": {"spec": {"containers": containers}}}}

digest := "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

unknown := {"$unknown": "var.image", "$refs": ["var.image"]}

paths(findings) := {f.path | some f in findings}

# --- Kubernetes --------------------------------------------------------------------------------

test_k8s_latest_fires_on_image if {
	findings := rule.deny with input as k8s("Deployment", "apps/v1", deployment([{"name": "vllm", "image": "vllm/vllm-openai:latest", "resources": gpu}]))
	count(findings) == 1
	some f in findings
	f.path == ["spec", "template", "spec", "containers", 0, "image"]
	contains(f.message, "Container `vllm`")
	contains(f.message, "\"vllm/vllm-openai:latest\"")
	contains(f.message, "`latest` tag")
}

test_k8s_untagged_and_registry_port if {
	findings := rule.deny with input as k8s("Deployment", "apps/v1", deployment([
		{"name": "a", "image": "nvcr.io/nvidia/tritonserver", "resources": gpu},
		{"name": "b", "image": "myreg:5000/llm", "resources": gpu},
		{"name": "c", "image": "docker.io/library/python", "resources": gpu},
	]))
	count(findings) == 3
	some f in findings
	contains(f.message, "without a tag")
}

test_k8s_pinned_images_pass if {
	count(rule.deny) == 0 with input as k8s("Deployment", "apps/v1", deployment([
		{"name": "a", "image": "vllm/vllm-openai:v0.6.3", "resources": gpu},
		{"name": "b", "image": "myreg:5000/llm:1.2", "resources": gpu},
		{"name": "c", "image": concat("@", ["vllm/vllm-openai", digest]), "resources": gpu},
		{"name": "d", "image": concat("@", ["vllm/vllm-openai:latest", digest]), "resources": gpu},
		{"name": "e", "image": "myreg:5000/llm@SHA256:0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF", "resources": gpu},
	]))
}

test_k8s_sidecars_and_init_containers_of_gpu_pods_fire if {
	doc := {"spec": {"template": {"spec": {
		"initContainers": [{"name": "fetch-weights", "image": "amazon/aws-cli"}],
		"containers": [
			{"name": "vllm", "image": "vllm/vllm-openai:v0.6.3", "resources": gpu},
			{"name": "proxy", "image": "envoyproxy/envoy:latest"},
		],
	}}}}
	findings := rule.deny with input as k8s("Deployment", "apps/v1", doc)
	paths(findings) == {
		["spec", "template", "spec", "initContainers", 0, "image"],
		["spec", "template", "spec", "containers", 1, "image"],
	}
}

test_k8s_cpu_workloads_pass if {
	count(rule.deny) == 0 with input as k8s("Deployment", "apps/v1", deployment([{"name": "api", "image": "nginx:latest"}]))
}

test_k8s_missing_and_templated_images_pass if {
	count(rule.deny) == 0 with input as k8s("Deployment", "apps/v1", deployment([{"name": "a", "resources": gpu}]))
	count(rule.deny) == 0 with input as k8s("Deployment", "apps/v1", deployment([{"name": "a", "image": "{{ .Values.image }}", "resources": gpu}]))
	count(rule.deny) == 0 with input as k8s("Deployment", "apps/v1", deployment([{"name": "a", "image": "registry/llm:${TAG}", "resources": gpu}]))
	count(rule.deny) == 0 with input as k8s("Deployment", "apps/v1", deployment([{"name": "a", "image": unknown, "resources": gpu}]))
}

test_k8s_job_and_pod if {
	job := {"spec": {"template": {"spec": {"containers": [{"name": "train", "image": "nvcr.io/nvidia/pytorch", "resources": gpu}]}}}}
	count(rule.deny) == 1 with input as k8s("Job", "batch/v1", job)
	pod := {"spec": {"containers": [{"name": "train", "image": "nvcr.io/nvidia/pytorch:latest", "resources": gpu}]}}
	findings := rule.deny with input as k8s("Pod", "v1", pod)
	paths(findings) == {["spec", "containers", 0, "image"]}
}

test_kserve_predictor_model_and_containers if {
	isvc := {"spec": {"predictor": {
		"model": {"modelFormat": {"name": "huggingface"}, "storageUri": "hf://meta-llama/Llama-3.1-8B", "image": "kserve/huggingfaceserver:latest", "resources": gpu},
	}}}
	findings := rule.deny with input as k8s("InferenceService", "serving.kserve.io/v1beta1", isvc)
	count(findings) == 1
	some f in findings
	f.path == ["spec", "predictor", "model", "image"]
	contains(f.message, "The `model` container")
	custom := {"spec": {"predictor": {"containers": [{"name": "kserve-container", "image": "myacr.azurecr.io/llm", "resources": gpu}]}}}
	paths(rule.deny) == {["spec", "predictor", "containers", 0, "image"]} with input as k8s("InferenceService", "serving.kserve.io/v1beta1", custom)
}

test_kserve_storage_uri_is_not_an_image if {
	isvc := {"spec": {"predictor": {"model": {"modelFormat": {"name": "huggingface"}, "storageUri": "hf://org/model:latest", "resources": gpu}}}}
	count(rule.deny) == 0 with input as k8s("InferenceService", "serving.kserve.io/v1beta1", isvc)
}

# --- Terraform ---------------------------------------------------------------------------------

app(profile, containers) := {"id": "azurerm_container_app.llm", "type": "azurerm_container_app", "name": "llm", "config": {
	"name": "ca-llm", "workload_profile_name": profile,
	"template": [{"min_replicas": 1, "container": containers}],
}}

tf_env(profiles) := {"id": "azurerm_container_app_environment.main", "type": "azurerm_container_app_environment", "name": "main", "config": {"workload_profile": profiles}}

test_tf_gpu_profile_app_fires if {
	findings := rule.deny with input as test_inputs.unit("terraform", [app("gpu-a100", [{"name": "vllm", "image": "vllm/vllm-openai:latest", "cpu": 24, "memory": "220Gi"}])])
	count(findings) == 1
	some f in findings
	f.path == ["template", 0, "container", 0, "image"]
	contains(f.message, "\"gpu-a100\"")
	contains(f.message, "container `vllm`")
}

test_tf_gpu_profile_from_environment_type if {
	env := tf_env([{"name": "serving", "workload_profile_type": "Consumption-GPU-NC8as-T4"}])
	count(rule.deny) == 1 with input as test_inputs.unit("terraform", [env, app("serving", [{"name": "a", "image": "myacr.azurecr.io/llm"}])])
	cpu_env := tf_env([{"name": "serving", "workload_profile_type": "D4"}])
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [cpu_env, app("serving", [{"name": "a", "image": "myacr.azurecr.io/llm"}])])
}

test_tf_non_gpu_or_unknown_profile_passes if {
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [app("Consumption", [{"name": "a", "image": "nginx"}])])
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [app(unknown, [{"name": "a", "image": "nginx"}])])
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [app(null, [{"name": "a", "image": "nginx"}])])
}

test_tf_pinned_and_unknown_images_pass if {
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [app("gpu", [{"name": "a", "image": "vllm/vllm-openai:v0.6.3"}])])
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [app("gpu", [{"name": "a", "image": unknown}])])
	count(rule.deny) == 0 with input as test_inputs.unit("terraform", [app("gpu", unknown)])
}

test_tf_job_init_container if {
	job := {"id": "azurerm_container_app_job.ft", "type": "azurerm_container_app_job", "name": "ft", "config": {
		"workload_profile_name": "NC24-A100",
		"template": [{"init_container": [{"name": "fetch", "image": "mcr.microsoft.com/azure-cli"}], "container": [{"name": "train", "image": "nvcr.io/nvidia/pytorch:24.05-py3"}]}],
	}}
	findings := rule.deny with input as test_inputs.unit("terraform", [job])
	paths(findings) == {["template", 0, "init_container", 0, "image"]}
	some f in findings
	contains(f.message, "init container `fetch`")
}

# --- ARM ---------------------------------------------------------------------------------------

arm_app(type, profile, template) := {"id": "app", "type": type, "name": "app", "config": {
	"name": "ca-llm", "properties": {"workloadProfileName": profile, "template": template},
}}

test_arm_container_app_fires if {
	r := arm_app("Microsoft.App/containerApps", "gpu-t4", {"containers": [{"name": "llm", "image": "myacr.azurecr.io/llm:latest"}]})
	findings := rule.deny with input as test_inputs.unit("arm", [r])
	count(findings) == 1
	some f in findings
	f.path == ["properties", "template", "containers", 0, "image"]
	contains(f.message, "Container app `ca-llm`")
}

test_arm_job_and_environment_profile_type if {
	env := {"id": "env", "type": "Microsoft.App/managedEnvironments", "name": "env", "config": {"properties": {"workloadProfiles": [
		{"name": "batch", "workloadProfileType": "NC24-A100"},
	]}}}
	job := arm_app("Microsoft.App/jobs", "batch", {"initContainers": [{"name": "dl", "image": "busybox"}], "containers": [{"name": "t", "image": "x/y:1"}]})
	findings := rule.deny with input as test_inputs.unit("arm", [env, job])
	paths(findings) == {["properties", "template", "initContainers", 0, "image"]}
}

test_arm_non_gpu_app_passes if {
	r := arm_app("Microsoft.App/containerApps", "Consumption", {"containers": [{"name": "llm", "image": "myacr.azurecr.io/llm:latest"}]})
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [r])
}

ml_env(name, image) := {"id": "env", "type": "Microsoft.MachineLearningServices/workspaces/environments/versions", "name": name, "config": {
	"name": name, "properties": {"image": image},
}}

ml_dep(instance, env_id) := {"id": "dep", "type": "Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments", "name": "ws/ep/blue", "config": {
	"properties": {"instanceType": instance, "environmentId": env_id},
}}

rid(ref) := {"$unknown": "[resourceId(...)]", "$refs": [ref]}

test_arm_ml_environment_of_gpu_deployment_fires if {
	env := ml_env("ws-prod/vllm/1", "mcr.microsoft.com/azureml/curated/acpt-pytorch-2.2-cuda12.1:latest")
	dep := ml_dep("Standard_NC24ads_A100_v4", rid("Microsoft.MachineLearningServices/workspaces/environments/versions/ws-prod/vllm/1"))
	findings := rule.deny with input as test_inputs.unit("arm", [env, dep])
	count(findings) == 1
	some f in findings
	f.path == ["properties", "image"]
	f.resource == "env"
}

test_arm_ml_environment_literal_ids_join if {
	env := ml_env("ws-prod/vllm/1", "myacr.azurecr.io/vllm")
	count(rule.deny) == 1 with input as test_inputs.unit("arm", [env, ml_dep("Standard_NC24ads_A100_v4", "/subscriptions/s/resourceGroups/g/providers/Microsoft.MachineLearningServices/workspaces/ws-prod/environments/vllm/versions/1")])
	count(rule.deny) == 1 with input as test_inputs.unit("arm", [env, ml_dep("Standard_NC24ads_A100_v4", "azureml:vllm:1")])
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [env, ml_dep("Standard_NC24ads_A100_v4", "azureml:other:1")])
}

test_arm_ml_environment_not_gpu_or_not_joined_passes if {
	env := ml_env("ws-prod/vllm/1", "myacr.azurecr.io/vllm")
	joined := rid("Microsoft.MachineLearningServices/workspaces/environments/versions/ws-prod/vllm/1")
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [env, ml_dep("Standard_DS3_v2", joined)])
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [env, ml_dep(unknown, joined)])
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [env, ml_dep("Standard_NC24ads_A100_v4", {"$unknown": "[parameters('envId')]", "$refs": ["parameters.envId"]})])
	count(rule.deny) == 0 with input as test_inputs.unit("arm", [env])
}

# A VLLMRuntime runs `<image.registry>/<image.name>`; the tag is in `image.name`.
vllm(deployment_config) := test_inputs.unit("kubernetes", [test_inputs.vllm_runtime("llama", object.union(test_inputs.vllm_gpu, deployment_config), {})])

test_vllm_runtime_floating_image_fires_on_its_name if {
	findings := rule.deny with input as vllm({"image": {"registry": "docker.io", "name": "vllm/vllm-openai:latest"}})
	count(findings) == 1
	some f in findings
	f.path == ["spec", "deploymentConfig", "image", "name"]
	contains(f.message, "Container `vllm` of the GPU workload VLLMRuntime/llm/llama uses the image \"docker.io/vllm/vllm-openai:latest\"")
	some g in rule.deny with input as vllm({"image": {"registry": "docker.io", "name": "vllm/vllm-openai"}})
	contains(g.message, "without a tag")
}

test_vllm_runtime_sidecar_image_fires_on_its_name if {
	findings := rule.deny with input as vllm({"sidecarConfig": {"enabled": true, "image": {"registry": "docker.io", "name": "lmcache/lmstack-sidecar:latest"}}})
	count(findings) == 1
	some f in findings
	f.path == ["spec", "deploymentConfig", "sidecarConfig", "image", "name"]
	contains(f.message, "Container `sidecar`")
}

test_vllm_runtime_pinned_or_unknown_images_pass if {
	count(rule.deny) == 0 with input as vllm({})
	count(rule.deny) == 0 with input as vllm({"image": {"registry": "docker.io", "name": sprintf("vllm/vllm-openai@%s", [digest])}})
	count(rule.deny) == 0 with input as vllm({"image": {"registry": {"$unknown": "${REGISTRY}", "$refs": []}, "name": "vllm/vllm-openai:latest"}})
	# A sidecar that is not enabled is not deployed; a VLLMRuntime without GPUs is not checked.
	count(rule.deny) == 0 with input as vllm({"sidecarConfig": {"enabled": false, "image": {"registry": "docker.io", "name": "lmcache/lmstack-sidecar:latest"}}})
	count(rule.deny) == 0 with input as test_inputs.unit("kubernetes", [test_inputs.vllm_runtime("llama", object.union(test_inputs.vllm_cpu, {"image": {"registry": "docker.io", "name": "vllm/vllm-openai:latest"}}), {})])
}
