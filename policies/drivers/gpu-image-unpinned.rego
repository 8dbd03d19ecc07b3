# METADATA
# title: GPU workload image is not pinned
# description: |
#   A container image on a GPU workload that uses the `latest` tag, or no tag at all (which pulls
#   `latest`), changes whenever the publisher pushes: the next node scale-out, pod reschedule or
#   replica restart can pull a build with a newer CUDA toolkit than the node's NVIDIA driver supports
#   ("CUDA driver version is insufficient"), a different PyTorch/NCCL, or a different model server,
#   and replicas of one deployment end up running different code. Pin a version tag, or better a
#   digest (`@sha256:...`), and roll forward deliberately.
# custom:
#   id: AIL504
#   slug: gpu-image-unpinned
#   severity: warning
#   formats: [terraform, arm, bicep, kubernetes]
#   resource_types:
#     - azurerm_container_app
#     - azurerm_container_app_job
#     - Microsoft.App/containerApps
#     - Microsoft.App/jobs
#     - Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments
#     - Pod
#     - Deployment
#     - StatefulSet
#     - DaemonSet
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
#   remediation: |
#     Terraform: set `image` of each `template.container` (and `init_container`) of container apps and
#     jobs on a GPU workload profile to a versioned tag or a digest, e.g.
#     `vllm/vllm-openai:v0.6.3` or `myacr.azurecr.io/llm@sha256:<digest>`.
#     ARM/Bicep: set `image` of `properties.template.containers[]` (and `initContainers[]`) of GPU
#     container apps and jobs, and `properties.image` of ML environment versions used by GPU online
#     deployments, to a versioned tag or a digest.
#     Kubernetes: set `image` of every container of GPU pod templates (Deployments, Jobs, KServe
#     predictors, Kubeflow and Ray jobs, ...) to a versioned tag or a digest, e.g.
#     `nvcr.io/nvidia/tritonserver:24.08-py3` or `...@sha256:<digest>`. A vLLM production-stack
#     VLLMRuntime runs `<image.registry>/<image.name>`: put the tag or digest in
#     `spec.deploymentConfig.image.name` (and `sidecarConfig.image.name`).
#   tags: [drivers, reliability, gpu, supply-chain]
package ailint.rules.gpu_image_unpinned

import data.ailint.lib

advice := "pin a version tag or, better, a digest (`@sha256:...`): a restart or scale-out can pull a different build, and with it a CUDA toolkit the node driver does not support"

problem(image, "latest") := sprintf("uses the image \"%s\", which follows the `latest` tag", [image])

problem(image, "untagged") := sprintf("uses the image \"%s\" without a tag, which pulls `latest`", [image])

# ---------------------------------------------------------------------------------------------
# Kubernetes: every container of a GPU pod template
# ---------------------------------------------------------------------------------------------

deny contains f if {
	lib.is_kubernetes
	some r in input.resources
	some t in lib.gpu_templates(r)
	some c in t.containers
	image := object.get(c.container, "image", null)
	kind := lib.image_floating(image)
	f := lib.finding(r, lib.field_path(c, ["image"]), sprintf(
		"%s of the GPU workload %s %s; %s",
		[container_name(c), r.id, problem(image, kind), advice],
	))
}

# container_name(c): "Container `vllm`", or for a KServe predictor spec without a name "The `model`
# container".
container_name(c) := sprintf("Container `%s`", [n]) if {
	n := object.get(c.container, "name", null)
	is_string(n)
	n != ""
} else := sprintf("The `%v` container", [c.path[count(c.path) - 1]])

# ---------------------------------------------------------------------------------------------
# Container Apps and Container Apps jobs on a GPU workload profile (Terraform and ARM)
# ---------------------------------------------------------------------------------------------

tf_app_types := {"azurerm_container_app": "Container app", "azurerm_container_app_job": "Container app job"}

deny contains f if {
	lib.is_terraform
	some rtype, kind_name in tf_app_types
	some r in lib.resources_of(rtype)
	profile := lib.get(r.config, ["workload_profile_name"], null)
	lib.is_gpu_workload_profile(profile)
	templates := lib.get(r.config, ["template"], [])
	is_array(templates)
	some ti, tmpl in templates
	some key in ["container", "init_container"]
	containers := lib.get(tmpl, [key], [])
	is_array(containers)
	some ci, c in containers
	image := lib.get(c, ["image"], null)
	kind := lib.image_floating(image)
	f := lib.finding(r, ["template", ti, key, ci, "image"], sprintf(
		"%s on the GPU workload profile \"%s\": %s %s; %s",
		[lib.subject(kind_name, r), profile, app_container_name(c, key), problem(image, kind), advice],
	))
}

arm_app_types := {"Microsoft.App/containerApps": "Container app", "Microsoft.App/jobs": "Container app job"}

deny contains f if {
	lib.is_arm
	some rtype, kind_name in arm_app_types
	some r in lib.arm_resources(rtype)
	profile := lib.get(r.config, ["properties", "workloadProfileName"], null)
	lib.is_gpu_workload_profile(profile)
	some key in ["containers", "initContainers"]
	containers := lib.get(r.config, ["properties", "template", key], [])
	is_array(containers)
	some ci, c in containers
	image := lib.get(c, ["image"], null)
	kind := lib.image_floating(image)
	f := lib.finding(r, ["properties", "template", key, ci, "image"], sprintf(
		"%s on the GPU workload profile \"%s\": %s %s; %s",
		[lib.subject(kind_name, r), profile, app_container_name(c, key), problem(image, kind), advice],
	))
}

app_container_name(c, key) := sprintf("%s `%s`", [noun, n]) if {
	noun := container_noun(key)
	n := lib.get(c, ["name"], null)
	is_string(n)
	n != ""
} else := sprintf("a %s", [lower(container_noun(key))])

container_noun(key) := "init container" if {
	key in {"init_container", "initContainers"}
} else := "container"

# ---------------------------------------------------------------------------------------------
# ARM: ML environment versions used by GPU online deployments
# ---------------------------------------------------------------------------------------------

# An online deployment has no image of its own: its `environmentId` names an environment version,
# whose `properties.image` is the serving image. Only environments of the unit that a deployment
# on a GPU instance type refers to (by resourceId()/symbolic name or a literal id) are checked.
env_type := "Microsoft.MachineLearningServices/workspaces/environments/versions"

gpu_envs contains env.id if {
	lib.is_arm
	some dep in lib.arm_resources("Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments")
	lib.is_gpu_sku(lib.get(dep.config, ["properties", "instanceType"], null))
	ref := lib.get(dep.config, ["properties", "environmentId"], null)
	some env in lib.arm_resources(env_type)
	refers_to_env(ref, env)
}

refers_to_env(ref, env) if lib.refers_to_resource(ref, env)

# A literal id: the full ARM id (`/subscriptions/.../workspaces/<ws>/environments/<env>/versions/<v>`)
# or the short `azureml:<env>:<v>` form, against an environment version with a literal name.
refers_to_env(ref, env) if {
	is_string(ref)
	[ws, name, version] := literal_env_name(env)
	suffix := lower(sprintf("/workspaces/%s/environments/%s/versions/%s", [ws, name, version]))
	endswith(lower(ref), suffix)
}

refers_to_env(ref, env) if {
	is_string(ref)
	[_, name, version] := literal_env_name(env)
	lower(ref) == lower(sprintf("azureml:%s:%s", [name, version]))
}

literal_env_name(env) := parts if {
	not startswith(env.name, "[")
	parts := split(env.name, "/")
	count(parts) == 3
}

deny contains f if {
	lib.is_arm
	some env in lib.arm_resources(env_type)
	env.id in gpu_envs
	image := lib.get(env.config, ["properties", "image"], null)
	kind := lib.image_floating(image)
	f := lib.finding(env, ["properties", "image"], sprintf(
		"%s, used by a GPU online deployment, %s; %s",
		[lib.subject("Environment version", env), problem(image, kind), advice],
	))
}
