package ailint.rules.inference_service_public_load_balancer_test

import data.ailint.rules.inference_service_public_load_balancer as rule
import data.ailint.test_inputs

# unit_with(resources, config): a Kubernetes unit whose configuration (`input.config`) is config.
unit_with(resources, config) := object.union(test_inputs.unit("kubernetes", resources), {"config": config})

k8s(kind, api, name, config) := {
	"id": sprintf("%s/ml/%s", [kind, name]), "type": kind, "api_version": api, "name": name,
	"config": object.union({"kind": kind, "apiVersion": api, "metadata": {"name": name, "namespace": "ml"}}, config),
}

deployment(name, labels, resources) := k8s("Deployment", "apps/v1", name, {
	"metadata": {"name": name, "namespace": "ml", "labels": labels},
	"spec": {"template": {"metadata": {"labels": {"app": name}}, "spec": {"containers": [{"name": name, "image": "vllm/vllm-openai:v0.6.3", "resources": resources}]}}},
})

gpu := {"limits": {"nvidia.com/gpu": 1}}

service(name, svc_type, selector, annotations) := k8s("Service", "v1", name, {
	"metadata": {"name": name, "namespace": "ml", "annotations": annotations},
	"spec": {"type": svc_type, "selector": selector, "ports": [{"port": 80, "targetPort": 8000}]},
})

test_public_load_balancer_on_gpu_workload_fires if {
	findings := rule.deny with input as test_inputs.unit("kubernetes", [deployment("vllm", {}, gpu), service("vllm", "LoadBalancer", {"app": "vllm"}, {})])
	count(findings) == 1
	some f in findings
	f.resource == "Service/ml/vllm"
	f.path == ["spec", "type"]
	contains(f.message, "GPU workload Deployment/ml/vllm")
	contains(f.message, "azure-load-balancer-internal")
}

test_internal_annotation_passes if {
	ann := {"service.beta.kubernetes.io/azure-load-balancer-internal": "true"}
	count(rule.deny) == 0 with input as test_inputs.unit("kubernetes", [deployment("vllm", {}, gpu), service("vllm", "LoadBalancer", {"app": "vllm"}, ann)])
	off := {"service.beta.kubernetes.io/azure-load-balancer-internal": "false"}
	count(rule.deny) == 1 with input as test_inputs.unit("kubernetes", [deployment("vllm", {}, gpu), service("vllm", "LoadBalancer", {"app": "vllm"}, off)])
}

test_selector_matching_nothing_passes if {
	count(rule.deny) == 0 with input as test_inputs.unit("kubernetes", [deployment("vllm", {}, gpu), service("vllm", "LoadBalancer", {"app": "other"}, {})])
	count(rule.deny) == 0 with input as test_inputs.unit("kubernetes", [deployment("vllm", {}, gpu), service("vllm", "LoadBalancer", {}, {})])
	count(rule.deny) == 0 with input as test_inputs.unit("kubernetes", [service("vllm", "LoadBalancer", {"app": "vllm"}, {})])
}

test_other_namespace_passes if {
	svc := object.union(service("vllm", "LoadBalancer", {"app": "vllm"}, {}), {"id": "Service/web/vllm", "config": {"metadata": {"namespace": "web"}}})
	count(rule.deny) == 0 with input as test_inputs.unit("kubernetes", [deployment("vllm", {}, gpu), svc])
}

test_cpu_web_app_passes_even_though_lib_role_calls_it_inference if {
	count(rule.deny) == 0 with input as test_inputs.unit("kubernetes", [deployment("web", {}, {}), service("web", "LoadBalancer", {"app": "web"}, {})])
}

test_cpu_workload_labelled_inference_fires if {
	findings := rule.deny with input as test_inputs.unit("kubernetes", [deployment("embed", {"workload": "inference"}, {}), service("embed", "LoadBalancer", {"app": "embed"}, {})])
	count(findings) == 1
	some f in findings
	contains(f.message, "inference workload Deployment/ml/embed")
}

test_cluster_ip_passes if {
	count(rule.deny) == 0 with input as test_inputs.unit("kubernetes", [deployment("vllm", {}, gpu), service("vllm", "ClusterIP", {"app": "vllm"}, {})])
	svc := k8s("Service", "v1", "vllm", {"spec": {"selector": {"app": "vllm"}}})
	count(rule.deny) == 0 with input as test_inputs.unit("kubernetes", [deployment("vllm", {}, gpu), svc])
}

test_node_port_fires_unless_turned_off if {
	findings := rule.deny with input as test_inputs.unit("kubernetes", [deployment("vllm", {}, gpu), service("vllm", "NodePort", {"app": "vllm"}, {})])
	count(findings) == 1
	some f in findings
	contains(f.message, "NodePort")
	cfg := {"rules": {"inference-service-public-load-balancer": {"node_port": false}}}
	count(rule.deny) == 0 with input as unit_with([deployment("vllm", {}, gpu), service("vllm", "NodePort", {"app": "vllm"}, {})], cfg)
}

test_one_finding_per_service if {
	a := deployment("a", {}, gpu)
	b := object.union(deployment("b", {}, gpu), {"config": {"spec": {"template": {"metadata": {"labels": {"app": "a"}}}}}})
	findings := rule.deny with input as test_inputs.unit("kubernetes", [a, b, service("shared", "LoadBalancer", {"app": "a"}, {})])
	count(findings) == 1
	some f in findings
	contains(f.message, "and 1 more workloads")
}

test_kserve_predictor_selected_by_its_labels if {
	isvc := k8s("InferenceService", "serving.kserve.io/v1beta1", "llama", {"spec": {"predictor": {"model": {"modelFormat": {"name": "huggingface"}, "resources": {"limits": {"cpu": "4"}}}}}})
	svc := service("llama-public", "LoadBalancer", {"serving.kserve.io/inferenceservice": "llama", "component": "predictor"}, {})
	findings := rule.deny with input as test_inputs.unit("kubernetes", [isvc, svc])
	count(findings) == 1
	some f in findings
	contains(f.message, "inference workload InferenceService/ml/llama")
	wrong := service("x", "LoadBalancer", {"serving.kserve.io/inferenceservice": "other"}, {})
	count(rule.deny) == 0 with input as test_inputs.unit("kubernetes", [isvc, wrong])
}

test_knative_service_is_not_itself_checked if {
	ksvc := k8s("Service", "serving.knative.dev/v1", "whisper", {"spec": {"type": "LoadBalancer", "template": {"spec": {"containers": [{"resources": gpu}]}}}})
	count(rule.deny) == 0 with input as test_inputs.unit("kubernetes", [ksvc])
	svc := service("whisper-lb", "LoadBalancer", {"serving.knative.dev/service": "whisper"}, {})
	count(rule.deny) == 1 with input as test_inputs.unit("kubernetes", [ksvc, svc])
}

test_other_formats_pass if {
	inp := object.union(test_inputs.unit("kubernetes", [deployment("vllm", {}, gpu), service("vllm", "LoadBalancer", {"app": "vllm"}, {})]), {"format": "terraform"})
	count(rule.deny) == 0 with input as inp
}
