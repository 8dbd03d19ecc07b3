package ailint.rules.multi_gpu_pod_without_shm_test

import data.ailint.rules.multi_gpu_pod_without_shm as rule
import data.ailint.test_inputs

k8s(kind, api, config) := test_inputs.unit("kubernetes", [{"id": sprintf("%s/ml/x", [kind]), "type": kind, "api_version": api, "name": "x", "config": object.union({"kind": kind, "apiVersion": api, "metadata": {"name": "x", "namespace": "ml"}}, config)}])

gpu(n, mounts) := {"name": "vllm", "image": "vllm/vllm-openai:v0.6.3", "resources": {"limits": {"nvidia.com/gpu": n}}, "volumeMounts": mounts}

dshm := {"name": "dshm", "emptyDir": {"medium": "Memory", "sizeLimit": "16Gi"}}

shm_mount := {"name": "dshm", "mountPath": "/dev/shm"}

deployment(pod_spec) := k8s("Deployment", "apps/v1", {"spec": {"template": {"spec": pod_spec}}})

spec_path := ["spec", "template", "spec"]

test_multi_gpu_without_volume_fires if {
	findings := rule.deny with input as deployment({"containers": [gpu(4, [])]})
	count(findings) == 1
	some f in findings
	f.path == array.concat(spec_path, ["volumes"])
	contains(f.message, "uses 4 GPUs")
	contains(f.message, "its pod template")
}

test_single_gpu_passes if {
	count(rule.deny) == 0 with input as deployment({"containers": [gpu(1, [])]})
	count(rule.deny) == 0 with input as deployment({"containers": [gpu("1", [])]})
}

test_memory_emptydir_mounted_passes if {
	count(rule.deny) == 0 with input as deployment({"containers": [gpu(4, [shm_mount])], "volumes": [dshm]})
	count(rule.deny) == 0 with input as deployment({"containers": [gpu("2", [{"name": "dshm", "mountPath": "/dev/shm/"}])], "volumes": [dshm]})
}

test_volume_not_mounted_fires_on_container if {
	findings := rule.deny with input as deployment({"containers": [gpu(2, [])], "volumes": [dshm]})
	count(findings) == 1
	some f in findings
	f.path == array.concat(spec_path, ["containers", 0, "volumeMounts"])
	contains(f.message, "Container `vllm`")
	contains(f.message, "`dshm`")
}

test_mounted_elsewhere_fires if {
	count(rule.deny) == 1 with input as deployment({"containers": [gpu(2, [{"name": "dshm", "mountPath": "/cache"}])], "volumes": [dshm]})
}

test_disk_or_misspelt_medium_fires if {
	disk := {"name": "dshm", "emptyDir": {}}
	findings := rule.deny with input as deployment({"containers": [gpu(2, [shm_mount])], "volumes": [disk]})
	count(findings) == 1
	some f in findings
	f.path == array.concat(spec_path, ["volumes", 0, "emptyDir", "medium"])
	contains(f.message, "default (node disk) medium")
	lower_case := {"name": "dshm", "emptyDir": {"medium": "memory"}}
	findings2 := rule.deny with input as deployment({"containers": [gpu(2, [shm_mount])], "volumes": [lower_case]})
	some g in findings2
	contains(g.message, "medium `memory`")
}

test_gpus_summed_across_containers if {
	two := deployment({"containers": [gpu(1, []), object.union(gpu(1, []), {"name": "sidecar"})]})
	findings := rule.deny with input as two
	count(findings) == 1
	some f in findings
	contains(f.message, "uses 2 GPUs")
	# Each GPU container needs the mount.
	half := deployment({"containers": [gpu(1, [shm_mount]), object.union(gpu(1, []), {"name": "sidecar"})], "volumes": [dshm]})
	{x.path | some x in rule.deny with input as half} == {array.concat(spec_path, ["containers", 1, "volumeMounts"])}
}

test_init_containers_do_not_add_up if {
	inp := deployment({"initContainers": [object.union(gpu(1, []), {"name": "warmup"})], "containers": [gpu(1, [])]})
	count(rule.deny) == 0 with input as inp
}

test_cpu_sidecar_needs_no_mount if {
	inp := deployment({"containers": [gpu(2, [shm_mount]), {"name": "proxy", "image": "envoyproxy/envoy:v1.31.0"}], "volumes": [dshm]})
	count(rule.deny) == 0 with input as inp
}

test_null_lists_are_empty if {
	count(rule.deny) == 1 with input as deployment({"containers": [gpu(4, null)], "volumes": null})
}

test_host_ipc_passes if {
	count(rule.deny) == 0 with input as deployment({"containers": [gpu(8, [])], "hostIPC": true})
}

test_unknowns_pass if {
	u := {"$unknown": "{{ .Values.volumes }}", "$refs": []}
	count(rule.deny) == 0 with input as deployment({"containers": [gpu(2, [])], "volumes": u})
	count(rule.deny) == 0 with input as deployment({"containers": [gpu(2, [])], "volumes": [u]})
	count(rule.deny) == 0 with input as deployment({"containers": [gpu(2, [shm_mount])], "volumes": [{"name": "dshm", "emptyDir": {"medium": u}}]})
	count(rule.deny) == 0 with input as deployment({"containers": [gpu(2, u)], "volumes": [dshm]})
	count(rule.deny) == 0 with input as deployment({"containers": [gpu(u, [])]})
	count(rule.deny) == 0 with input as deployment({"containers": [gpu(2, [])], "hostIPC": u})
}

test_ray_container_gets_shm_from_kuberay if {
	ray := k8s("RayCluster", "ray.io/v1", {"spec": {
		"headGroupSpec": {"template": {"spec": {"containers": [{"name": "head", "image": "rayproject/ray:2.9.0"}]}}},
		"workerGroupSpecs": [{"groupName": "gpu", "template": {"spec": {"containers": [gpu(4, [])]}}}],
	}})
	count(rule.deny) == 0 with input as ray
}

test_pytorchjob_and_kserve if {
	job := k8s("PyTorchJob", "kubeflow.org/v1", {"spec": {"pytorchReplicaSpecs": {
		"Master": {"template": {"spec": {"containers": [gpu(8, [shm_mount])], "volumes": [dshm]}}},
		"Worker": {"template": {"spec": {"containers": [gpu(8, [])]}}},
	}}})
	{f.path | some f in rule.deny with input as job} == {["spec", "pytorchReplicaSpecs", "Worker", "template", "spec", "volumes"]}
	isvc := k8s("InferenceService", "serving.kserve.io/v1beta1", {"spec": {"predictor": {"model": {"resources": {"limits": {"nvidia.com/gpu": "2"}}}}}})
	{f.path | some f in rule.deny with input as isvc} == {["spec", "predictor", "volumes"]}
}

test_formats_are_guarded if {
	inp := object.union(deployment({"containers": [gpu(4, [])]}), {"format": "terraform"})
	count(rule.deny) == 0 with input as inp
}

test_malformed_lists_do_not_break if {
	count(rule.deny) == 0 with input as deployment({"containers": [gpu(4, ["dshm"])], "volumes": ["dshm"]})
	count(rule.deny) == 0 with input as deployment({"containers": [gpu(4, [shm_mount])], "volumes": [dshm, "junk"]})
}

# A VLLMRuntime has a Memory /dev/shm only with `spec.deploymentConfig.shmSize`.
vllm(deployment_config) := test_inputs.unit("kubernetes", [test_inputs.vllm_runtime("llama-70b", object.union(test_inputs.vllm_gpu, deployment_config), {})])

test_vllm_runtime_multi_gpu_without_shm_size_fires if {
	findings := rule.deny with input as vllm({"resources": {"gpu": "4"}})
	count(findings) == 1
	some f in findings
	f.resource == "VLLMRuntime/llm/llama-70b"
	f.path == ["spec", "deploymentConfig", "shmSize"]
	contains(f.message, "VLLMRuntime/llm/llama-70b uses 4 GPUs in `spec.deploymentConfig` but has no `emptyDir` with `medium: Memory` mounted at `/dev/shm`")
	contains(f.message, "set `spec.deploymentConfig.shmSize` (for example \"16Gi\"")
	# The size is the user's choice: no fix.
	not f.fix
}

test_vllm_runtime_with_shm_size_or_one_gpu_passes if {
	count(rule.deny) == 0 with input as vllm({"resources": {"gpu": "4"}, "shmSize": "16Gi"})
	count(rule.deny) == 0 with input as vllm({"resources": {"gpu": "4"}, "shmSize": {"$unknown": "${SHM}", "$refs": []}})
	count(rule.deny) == 0 with input as vllm({"resources": {"gpu": "1"}})
	# The sidecar gets no /dev/shm from the operator, and the resource cannot give it one.
	count(rule.deny) == 0 with input as vllm({"resources": {"gpu": "2"}, "shmSize": "16Gi", "sidecarConfig": {"enabled": true, "image": {"registry": "docker.io", "name": "lmcache/lmstack-sidecar:v0.1"}, "resources": {"gpu": "1"}}})
}
