package ailint.lib_test

import data.ailint.lib

test_get_returns_value_or_fallback if {
	lib.get({"a": {"b": 1}}, ["a", "b"], 9) == 1
	lib.get({"a": {}}, ["a", "b"], 9) == 9
	lib.get({"a": [{"b": 2}]}, ["a", 0, "b"], 9) == 2
}

test_get_surfaces_unknown_along_the_path if {
	u := {"$unknown": "var.x", "$refs": ["var.x"]}
	lib.is_unknown(lib.get({"a": u}, ["a", "b"], 9))
	lib.is_unknown(lib.get({"a": [u]}, ["a", 0, "b"], 9))
	lib.is_unknown(lib.get({"a": u}, ["a"], 9))
	lib.is_unknown(lib.get(u, ["a", "b"], 9))
}

test_refers_to if {
	lib.refers_to({"$unknown": "x.y.id", "$refs": ["x.y"]}, "x.y")
	not lib.refers_to({"$unknown": "x.z.id", "$refs": ["x.z"]}, "x.y")
	not lib.refers_to("x.y", "x.y")
	lib.refers_to({"$unknown": "x.y[each.key].id", "$refs": ["x.y"]}, `x.y["a"]`)
	lib.refers_to({"$unknown": "x.y[0].id", "$refs": ["x.y"]}, "x.y[0]")
	not lib.refers_to({"$unknown": "x.yz.id", "$refs": ["x.yz"]}, "x.y")
}

test_given_to_unread_module if {
	r := {"id": "azurerm_cognitive_account.main"}
	calls := [
		{"address": "module.pe", "read": false, "arguments": {"targets": [{"$unknown": "azurerm_cognitive_account.main.id", "$refs": ["azurerm_cognitive_account.main"]}]}},
		{"address": "module.local", "read": true, "arguments": {"id": {"$unknown": "azurerm_cognitive_account.other.id", "$refs": ["azurerm_cognitive_account.other"]}}},
	]
	lib.given_to_unread_module(r) with input as {"module_calls": calls}
	not lib.given_to_unread_module({"id": "azurerm_cognitive_account.other"}) with input as {"module_calls": calls}
	not lib.given_to_unread_module(r) with input as {}
}

test_given_to_linked_deployment if {
	acct := {"id": "acct", "type": "Microsoft.CognitiveServices/accounts", "name": "[variables('name')]", "config": {}}
	linked := {"id": "m", "type": "Microsoft.Resources/deployments", "name": "m", "config": {"properties": {
		"templateLink": {"$unknown": "br/public:x", "$refs": []},
		"parameters": {"name": {"value": {"$unknown": "[variables('name')]", "$refs": []}}},
	}}}
	lib.given_to_linked_deployment(acct) with input as {"format": "bicep", "resources": [acct, linked]}
	inline := json.remove(linked, ["config/properties/templateLink"])
	not lib.given_to_linked_deployment(acct) with input as {"format": "bicep", "resources": [acct, inline]}
	other := {"id": "m", "type": "Microsoft.Resources/deployments", "name": "m", "config": {"properties": {
		"templateLink": {"uri": "https://example.com/t.json"},
		"parameters": {"name": {"value": "oai-other"}},
	}}}
	not lib.given_to_linked_deployment(acct) with input as {"format": "arm", "resources": [acct, other]}
	named := {"id": "n", "type": "Microsoft.CognitiveServices/accounts", "name": "oai-other", "config": {}}
	lib.given_to_linked_deployment(named) with input as {"format": "arm", "resources": [named, other]}
}

test_bool_and_enum_helpers if {
	lib.is_true(true)
	lib.is_true("True")
	lib.is_false("false")
	not lib.is_true({"$unknown": "var.x", "$refs": []})
	lib.equals_ci("enabled", "Enabled")
	lib.number_of("0") == 0
	lib.number_of("02") == 2
	lib.items(null) == []
	lib.items([1]) == [1]
	lib.number_of(2) == 2
	not lib.number_of("two")
}

test_gpu_sku if {
	lib.is_gpu_sku("Standard_NC24ads_A100_v4") with input as {"config": {}}
	lib.is_gpu_sku("standard_nd96isr_h100_v5") with input as {"config": {}}
	lib.is_gpu_sku("Standard_NV36ads_A10_v5") with input as {"config": {}}
	not lib.is_gpu_sku("Standard_NP10s") with input as {"config": {}}
	not lib.is_gpu_sku("Standard_D4s_v5") with input as {"config": {}}
	lib.is_gpu_sku("Custom_GPU_1") with input as {"config": {"gpu_sku_patterns": ["^Custom_GPU"]}}
}

test_missing_tags_case_insensitive if {
	lib.missing_tags({"Owner": "a", "environment": "p"}, ["owner", "cost-center", "environment"]) == ["cost-center"]
}

deployment := {
	"id": "Deployment/ml/vllm", "type": "Deployment", "api_version": "apps/v1", "name": "vllm",
	"config": {"metadata": {"name": "vllm", "namespace": "ml"}, "spec": {"template": {
		"metadata": {"labels": {"app": "vllm"}},
		"spec": {"containers": [{"name": "vllm", "resources": {"limits": {"nvidia.com/gpu": 1}}}]},
	}}},
}

service := {
	"id": "Service/ml/vllm", "type": "Service", "api_version": "v1", "name": "vllm",
	"config": {"metadata": {"name": "vllm", "namespace": "ml"}, "spec": {"selector": {"app": "vllm"}}},
}

test_pod_templates_and_gpu if {
	[t] := lib.pod_templates(deployment)
	t.path == ["spec", "template", "spec"]
	t.containers[0].path == ["spec", "template", "spec", "containers", 0]
	lib.is_gpu_workload(deployment)
}

test_kserve_predictor_model_is_a_container if {
	isvc := {"id": "InferenceService/default/llm", "type": "InferenceService", "name": "llm", "config": {"spec": {"predictor": {"model": {"resources": {"limits": {"nvidia.com/gpu": "2"}}}}}}}
	[t] := lib.pod_templates(isvc)
	t.containers[0].path == ["spec", "predictor", "model"]
	lib.gpu_count(t.containers[0].container) == 2
}

test_kubeflow_and_ray_templates if {
	job := {"id": "PyTorchJob/default/ft", "type": "PyTorchJob", "name": "ft", "config": {"spec": {"pytorchReplicaSpecs": {
		"Master": {"template": {"spec": {"containers": [{"name": "m"}]}}},
		"Worker": {"template": {"spec": {"containers": [{"name": "w"}]}}},
	}}}}
	count(lib.pod_templates(job)) == 2
	ray := {"id": "RayCluster/default/r", "type": "RayCluster", "name": "r", "config": {"spec": {
		"headGroupSpec": {"template": {"spec": {"containers": [{"name": "h"}]}}},
		"workerGroupSpecs": [{"template": {"spec": {"containers": [{"name": "w"}]}}}],
	}}}
	count(lib.pod_templates(ray)) == 2
}

test_new_serving_and_training_kinds if {
	llm := {"id": "LLMInferenceService/default/l", "type": "LLMInferenceService", "name": "l", "api_version": "serving.kserve.io/v1alpha2", "config": {"spec": {
		"template": {"containers": [{"name": "main", "resources": {"limits": {"nvidia.com/gpu": "1"}}}]},
		"prefill": {"template": {"containers": [{"name": "main"}]}},
	}}}
	[d, p] := lib.pod_templates(llm)
	{d.path, p.path} == {["spec", "template"], ["spec", "prefill", "template"]}
	lws := {"id": "LeaderWorkerSet/default/w", "type": "LeaderWorkerSet", "name": "w", "api_version": "leaderworkerset.x-k8s.io/v1", "config": {"spec": {"leaderWorkerTemplate": {
		"leaderTemplate": {"spec": {"containers": [{"name": "l"}]}},
		"workerTemplate": {"spec": {"containers": [{"name": "w"}]}},
	}}}}
	count(lib.pod_templates(lws)) == 2
	jobset := {"id": "JobSet/default/j", "type": "JobSet", "name": "j", "api_version": "jobset.x-k8s.io/v1alpha2", "config": {"spec": {"replicatedJobs": [
		{"template": {"spec": {"template": {"spec": {"containers": [{"name": "t"}]}}}}},
	]}}}
	[j] := lib.pod_templates(jobset)
	j.path == ["spec", "replicatedJobs", 0, "template", "spec", "template", "spec"]
	runtime := {"id": "ClusterTrainingRuntime/default/torch", "type": "ClusterTrainingRuntime", "name": "torch", "api_version": "trainer.kubeflow.org/v1alpha1", "config": {"spec": {"template": {"spec": {"replicatedJobs": [
		{"template": {"spec": {"template": {"spec": {"containers": [{"name": "node"}]}}}}},
	]}}}}}
	[rt] := lib.pod_templates(runtime)
	rt.path == ["spec", "template", "spec", "replicatedJobs", 0, "template", "spec", "template", "spec"]
	lib.role(runtime) == "training" with input as {"format": "kubernetes", "config": {}, "resources_by_type": {}}
}

test_nim_service_is_one_managed_container if {
	nim := {"id": "NIMService/nim/llama", "type": "NIMService", "name": "llama", "api_version": "apps.nvidia.com/v1alpha1", "config": {"metadata": {"name": "llama"}, "spec": {
		"image": {"repository": "nvcr.io/nim/meta/llama3-8b-instruct", "tag": "1.0.3"},
		"resources": {"limits": {"nvidia.com/gpu": 2}},
	}}}
	[t] := lib.pod_templates(nim)
	t.managed
	t.path == ["spec"]
	t.containers[0].path == ["spec"]
	t.containers[0].container.image == "nvcr.io/nim/meta/llama3-8b-instruct:1.0.3"
	t.operator_adds == ["probes", "shm", "server_settings"]
	not lib.assembled(t)
	lib.gpu_count(t.containers[0].container) == 2
	# Another group's kind of the same name is not one.
	count(lib.pod_templates(object.union(nim, {"api_version": "example.com/v1"}))) == 0
}

# A VLLMRuntime as the upstream samples write it (operator/config/samples/), trimmed.
vllm_runtime := {"id": "VLLMRuntime/llm/llama", "type": "VLLMRuntime", "name": "llama", "api_version": "production-stack.vllm.ai/v1alpha1", "config": {
	"metadata": {"name": "llama", "namespace": "llm", "labels": {"model": "llama"}},
	"spec": {
		"model": {"modelURL": "meta-llama/Llama-3.1-8B-Instruct"},
		"vllmConfig": {"port": 8000, "extraArgs": ["--max-num-batched-tokens", "8192"], "env": [{"name": "HF_HOME", "value": "/data"}]},
		"deploymentConfig": {
			"replicas": 1,
			"resources": {"cpu": "8", "memory": "32Gi", "gpu": "2"},
			"image": {"registry": "docker.io", "name": "vllm/vllm-openai:v0.8.5"},
			"nodeSelectorTerms": [{"matchExpressions": [{"key": "kubernetes.azure.com/agentpool", "operator": "In", "values": ["gpua100"]}]}],
			"toleration": [{"key": "sku", "operator": "Equal", "value": "gpu", "effect": "NoSchedule"}],
			"shmSize": "16Gi",
		},
	},
}}

# vllm_with(key, value): the sample with `spec.deploymentConfig.<key>` set to value.
vllm_with(key, value) := object.union(
	json.remove(vllm_runtime, [sprintf("config/spec/deploymentConfig/%s", [key])]),
	{"config": {"spec": {"deploymentConfig": {key: value}}}},
)

test_vllm_runtime_is_one_assembled_pod if {
	[t] := lib.pod_templates(vllm_runtime)
	t.managed
	t.path == ["spec", "deploymentConfig"]
	t.labels == {"app": "llama", "model": "llama"}
	# The operator's probes are its own; its /dev/shm is there only with shmSize.
	t.operator_adds == ["probes"]
	t.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].values == ["gpua100"]
	t.spec.tolerations[0].key == "sku"
	t.spec.volumes == [{"name": "dshm", "emptyDir": {"medium": "Memory", "sizeLimit": "16Gi"}}]
	not t.spec.nodeSelector
	[c] := t.containers
	c.container.name == "vllm"
	c.container.image == "docker.io/vllm/vllm-openai:v0.8.5"
	c.container.args == ["--max-num-batched-tokens", "8192"]
	c.container.env == [{"name": "HF_HOME", "value": "/data"}]
	c.container.resources == {"limits": {"cpu": "8", "memory": "32Gi", "nvidia.com/gpu": "2"}}
	c.container.volumeMounts == [{"name": "dshm", "mountPath": "/dev/shm"}]
	lib.gpu_count(c.container) == 2
	lib.is_gpu_workload(vllm_runtime)
	lib.role(vllm_runtime) == "inference" with input as {"format": "kubernetes", "config": {}, "resources_by_type": {}}
	# Another group's kind of the same name is not one.
	count(lib.pod_templates(object.union(vllm_runtime, {"api_version": "example.com/v1"}))) == 0
}

test_vllm_runtime_fields_lead_to_what_the_user_writes if {
	[t] := lib.pod_templates(vllm_runtime)
	[c] := t.containers
	lib.assembled(t)
	lib.assembled(c)
	lib.field_path(t, ["nodeSelector"]) == ["spec", "deploymentConfig", "nodeSelectorTerms"]
	lib.field_path(t, ["affinity", "nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution", "nodeSelectorTerms", 0, "matchExpressions", 0]) == ["spec", "deploymentConfig", "nodeSelectorTerms", 0, "matchExpressions", 0]
	lib.field_path(t, ["tolerations"]) == ["spec", "deploymentConfig", "toleration"]
	lib.field_path(t, ["tolerations", 0]) == ["spec", "deploymentConfig", "toleration", 0]
	lib.field_path(t, ["volumes", 0, "emptyDir", "medium"]) == ["spec", "deploymentConfig", "shmSize"]
	lib.field_path(t, ["hostIPC"]) == ["spec", "deploymentConfig"]
	lib.field_path(c, ["image"]) == ["spec", "deploymentConfig", "image", "name"]
	lib.field_path(c, ["resources", "limits", "nvidia.com/gpu"]) == ["spec", "deploymentConfig", "resources", "gpu"]
	lib.field_path(c, ["resources", "requests", "memory"]) == ["spec", "deploymentConfig", "resources", "memory"]
	lib.field_path(c, ["resources", "limits"]) == ["spec", "deploymentConfig", "resources"]
	lib.field_path(c, ["args", 1]) == ["spec", "vllmConfig", "extraArgs", 1]
	lib.field_path(c, ["env", 0, "value"]) == ["spec", "vllmConfig", "env", 0, "value"]
	lib.field_path(c, ["env"]) == ["spec", "vllmConfig", "env"]
	lib.field_path(c, ["command", 0]) == ["spec", "deploymentConfig"]
	# Elsewhere the path is the template's or container's path and the field.
	[d] := lib.pod_templates(deployment)
	not lib.assembled(d)
	lib.field_path(d, ["tolerations", 0]) == ["spec", "template", "spec", "tolerations", 0]
	lib.field_path(d.containers[0], ["image"]) == ["spec", "template", "spec", "containers", 0, "image"]
}

test_vllm_runtime_gpu_type_shm_and_defaults if {
	# gpuType names the resource; no gpu, no GPU.
	[amd] := lib.pod_templates(vllm_with("resources", {"gpu": "1", "gpuType": "amd.com/gpu"}))
	amd.containers[0].container.resources == {"limits": {"amd.com/gpu": "1"}}
	lib.field_path(amd.containers[0], ["resources", "limits", "amd.com/gpu"]) == ["spec", "deploymentConfig", "resources", "gpu"]
	not lib.is_gpu_workload(vllm_with("resources", {"cpu": "4"}))
	not lib.is_gpu_workload(vllm_with("resources", {"gpu": ""}))
	# An unknown gpuType: ailint cannot tell which resource, so no GPU.
	not lib.is_gpu_workload(vllm_with("resources", {"gpu": "1", "gpuType": {"$unknown": "${GPU_TYPE}", "$refs": []}}))
	# No shmSize: no /dev/shm volume; an unknown one leaves the volumes unknown.
	[plain] := lib.pod_templates(json.remove(vllm_runtime, ["config/spec/deploymentConfig/shmSize"]))
	plain.spec.volumes == []
	plain.containers[0].container.volumeMounts == []
	[unk] := lib.pod_templates(vllm_with("shmSize", {"$unknown": "${SHM}", "$refs": []}))
	lib.is_unknown(unk.spec.volumes)
	# Without nodeSelectorTerms or toleration the pod has no affinity or tolerations.
	[bare] := lib.pod_templates(json.remove(vllm_runtime, ["config/spec/deploymentConfig/nodeSelectorTerms", "config/spec/deploymentConfig/toleration"]))
	not bare.spec.affinity
	not bare.spec.tolerations
	# An image without registry or name is not one the operator can run: no image.
	[noimg] := lib.pod_templates(vllm_with("image", {"name": "vllm/vllm-openai:v0.8.5"}))
	not noimg.containers[0].container.image
	# No deploymentConfig (the CRD requires it) or an unknown one: no pod.
	count(lib.pod_templates(json.remove(vllm_runtime, ["config/spec/deploymentConfig"]))) == 0
	count(lib.pod_templates(object.union(json.remove(vllm_runtime, ["config/spec/deploymentConfig"]), {"config": {"spec": {"deploymentConfig": {"$unknown": "${DC}", "$refs": []}}}}))) == 0
}

test_vllm_runtime_sidecar_is_a_second_container if {
	with_sidecar := vllm_with("sidecarConfig", {"enabled": true, "image": {"registry": "docker.io", "name": "lmcache/lmstack-sidecar:latest"}, "env": [{"name": "A", "value": "b"}]})
	[t] := lib.pod_templates(with_sidecar)
	[_, s] := t.containers
	s.path == ["spec", "deploymentConfig", "sidecarConfig"]
	s.container.name == "sidecar"
	s.container.image == "docker.io/lmcache/lmstack-sidecar:latest"
	s.container.resources == {"limits": {"cpu": "0.5", "memory": "128Mi", "nvidia.com/gpu": "0"}}
	lib.gpu_count(s.container) == 0
	lib.field_path(s, ["image"]) == ["spec", "deploymentConfig", "sidecarConfig", "image", "name"]
	lib.field_path(s, ["env", 0, "value"]) == ["spec", "deploymentConfig", "sidecarConfig", "env", 0, "value"]
	lib.field_path(s, ["resources", "limits", "nvidia.com/gpu"]) == ["spec", "deploymentConfig", "sidecarConfig", "resources", "gpu"]
	# Not enabled: not there.
	[off] := lib.pod_templates(vllm_with("sidecarConfig", {"enabled": false, "image": {"registry": "docker.io", "name": "x"}}))
	count(off.containers) == 1
}

test_vllm_runtime_labels if {
	# The resource's own labels win over the operator's `app`.
	[t] := lib.pod_templates(object.union(vllm_runtime, {"config": {"metadata": {"labels": {"app": "chat", "model": "chat"}}}}))
	t.labels == {"app": "chat", "model": "chat"}
	[bare] := lib.pod_templates(json.remove(vllm_runtime, ["config/metadata/labels"]))
	bare.labels == {"app": "llama"}
	svc := {"id": "Service/llm/lb", "type": "Service", "api_version": "v1", "name": "lb", "config": {"metadata": {"name": "lb", "namespace": "llm"}, "spec": {"selector": {"app": "llama"}}}}
	lib.selects(svc, vllm_runtime)
}

test_role_from_labels_kind_and_names if {
	inp := {"format": "kubernetes", "config": {}, "resources_by_type": {"Service": [service]}}
	lib.role(deployment) == "inference" with input as inp
	lib.role(object.union(deployment, {"config": {"metadata": {"labels": {"workload": "training"}}}})) == "training" with input as inp
	lib.role({"id": "Job/default/x", "type": "Job", "name": "x", "config": {}}) == "training" with input as inp
	lib.role({"id": "Deployment/default/x", "type": "Deployment", "name": "x", "config": {}}) == "unknown" with input as inp
	lib.role({"id": "Deployment/default/llm-serving", "type": "Deployment", "name": "llm-serving", "config": {}}) == "inference" with input as inp
	lib.role({"id": "a.b", "type": "azurerm_kubernetes_cluster_node_pool", "name": "gpu", "config": {"name": "gputrain"}}) == "training" with input as {"format": "terraform", "config": {}}
	lib.role({"id": "a.b", "type": "azurerm_kubernetes_cluster_node_pool", "name": "rapid", "config": {}}) == "unknown" with input as {"format": "terraform", "config": {}}
}

test_queue_scaled_object_makes_target_training if {
	so := {"id": "ScaledObject/ml/w", "type": "ScaledObject", "name": "w", "config": {"metadata": {"namespace": "ml"}, "spec": {
		"scaleTargetRef": {"name": "vllm"},
		"triggers": [{"type": "azure-servicebus"}],
	}}}
	lib.role(deployment) == "training" with input as {"format": "kubernetes", "config": {}, "resources_by_type": {"ScaledObject": [so]}}
}

test_refers_to_resource_by_id_or_arm_type_and_name if {
	acct := {"id": "openai", "type": "Microsoft.CognitiveServices/accounts", "name": "aoai-prod", "config": {}}
	lib.refers_to_resource({"$unknown": "[resourceId(...)]", "$refs": ["Microsoft.CognitiveServices/accounts/aoai-prod"]}, acct)
	lib.refers_to_resource({"$unknown": "[reference('openai')]", "$refs": ["openai"]}, acct)
	not lib.refers_to_resource({"$unknown": "[resourceId(...)]", "$refs": ["Microsoft.CognitiveServices/accounts/other"]}, acct)
	tf := {"id": "azurerm_cognitive_account.main", "type": "azurerm_cognitive_account", "name": "main", "config": {}}
	lib.refers_to_resource({"$unknown": "azurerm_cognitive_account.main.id", "$refs": ["azurerm_cognitive_account.main"]}, tf)
}

test_subject_keeps_acronyms if {
	r := {"id": "x", "type": "T", "name": "[parameters('n')]", "config": {"name": "[parameters('n')]"}}
	lib.subject("ML compute cluster", r) == "This ML compute cluster" with input as {"format": "arm"}
	lib.subject("Node pool", r) == "This node pool" with input as {"format": "arm"}
}

test_is_terraform_covers_hcl_and_plan_json if {
	lib.is_terraform with input as {"format": "terraform"}
	lib.is_terraform with input as {"format": "terraform-plan"}
	not lib.is_terraform with input as {"format": "arm"}
	not lib.is_terraform with input as {"format": "kubernetes"}
	lib.is_terraform_plan with input as {"format": "terraform-plan"}
	not lib.is_terraform_plan with input as {"format": "terraform"}
}

test_is_arm_covers_arm_and_bicep if {
	lib.is_arm with input as {"format": "arm"}
	lib.is_arm with input as {"format": "bicep"}
	not lib.is_arm with input as {"format": "terraform"}
	not lib.is_arm with input as {"format": "terraform-plan"}
	not lib.is_arm with input as {"format": "kubernetes"}
	not lib.is_arm with input as {}
}

test_is_kubernetes if {
	lib.is_kubernetes with input as {"format": "kubernetes"}
	not lib.is_kubernetes with input as {"format": "arm"}
	not lib.is_kubernetes with input as {"format": "bicep"}
	not lib.is_kubernetes with input as {"format": "terraform"}
	not lib.is_kubernetes with input as {}
}

test_tf_local_ref_drops_module_instances_in_plans if {
	lib.tf_local_ref("module.gpu[\"a\"].module.net.azurerm_x.y") == "azurerm_x.y" with input as {"format": "terraform-plan"}
	lib.tf_local_ref("module.gpu.data.azurerm_subnet.s") == "data.azurerm_subnet.s" with input as {"format": "terraform-plan"}
	lib.tf_local_ref("module.gpu.module.net") == "module.net" with input as {"format": "terraform-plan"}
	lib.tf_local_ref("module.net") == "module.net" with input as {"format": "terraform-plan"}
	lib.tf_local_ref("module.gpu.azurerm_x.y") == "azurerm_x.y" with input as {"format": "terraform"}
	lib.tf_local_ref("module.gpu.azurerm_x.y") == "module.gpu.azurerm_x.y" with input as {"format": "arm"}
}

test_subject_names_the_plan_address if {
	r := {"id": "module.gpu.azurerm_kubernetes_cluster_node_pool.this[\"a100\"]", "type": "azurerm_kubernetes_cluster_node_pool", "name": "this", "config": {}}
	lib.subject("Node pool", r) == "Node pool module.gpu.azurerm_kubernetes_cluster_node_pool.this[\"a100\"]" with input as {"format": "terraform-plan"}
}

test_refers_to_resource_by_plan_instance_address if {
	pool := {"id": "azurerm_kubernetes_cluster_node_pool.gpu[\"a100\"]", "type": "azurerm_kubernetes_cluster_node_pool", "name": "gpu", "config": {}}
	lib.refers_to_resource({"$unknown": "(known after apply)", "$refs": ["azurerm_kubernetes_cluster_node_pool.gpu", "azurerm_kubernetes_cluster_node_pool.gpu[\"a100\"]"]}, pool)
	not lib.refers_to_resource({"$unknown": "(known after apply)", "$refs": ["azurerm_kubernetes_cluster_node_pool.gpu[\"t4\"]"]}, pool)
}
