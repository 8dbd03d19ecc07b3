package ailint.rules.gpu_namespace_without_network_policy_test

import data.ailint.rules.gpu_namespace_without_network_policy as rule
import data.ailint.test_inputs

res(kind, api, ns, name, config) := {
	"id": sprintf("%s/%s/%s", [kind, ns, name]), "type": kind, "name": name, "api_version": api,
	"config": object.union({"kind": kind, "apiVersion": api, "metadata": {"name": name, "namespace": ns}}, config),
}

namespace(name) := {"id": sprintf("Namespace/%s", [name]), "type": "Namespace", "name": name, "api_version": "v1", "config": {"kind": "Namespace", "metadata": {"name": name}}}

deployment(ns, name, labels) := res("Deployment", "apps/v1", ns, name, {"metadata": {"name": name, "namespace": ns, "labels": labels}, "spec": {"template": {
	"metadata": {"labels": {"app": name}},
	"spec": {"containers": [{"name": "main", "image": "vllm/vllm-openai:v0.6.3", "ports": [{"containerPort": 8000}], "resources": {"limits": {"nvidia.com/gpu": 1}}}]},
}}})

inference := deployment("serving", "llm", {"workload": "inference"})

unknown_role := deployment("serving", "qwen", {})

policy(ns) := res("NetworkPolicy", "networking.k8s.io/v1", ns, "default-deny", {"spec": {"podSelector": {}, "policyTypes": ["Ingress"]}})

test_inference_namespace_without_policy_fires if {
	findings := rule.deny with input as test_inputs.unit("kubernetes", [inference])
	count(findings) == 1
	some f in findings
	f.resource == "Deployment/serving/llm"
	f.path == ["metadata", "namespace"]
	contains(f.message, "Namespace `serving` serves GPU inference (Deployment/serving/llm)")
	not contains(f.message, "declare the role")
}

test_declared_namespace_gets_the_finding if {
	findings := rule.deny with input as test_inputs.unit("kubernetes", [namespace("serving"), inference])
	{f.resource | some f in findings} == {"Namespace/serving"}
}

test_unknown_role_fires_with_hint if {
	findings := rule.deny with input as test_inputs.unit("kubernetes", [unknown_role])
	count(findings) == 1
	some f in findings
	contains(f.message, "unknown role")
	contains(f.message, "declare the role")
}

test_service_makes_it_inference if {
	svc := res("Service", "v1", "serving", "qwen", {"spec": {"selector": {"app": "qwen"}}})
	findings := rule.deny with input as test_inputs.unit("kubernetes", [unknown_role, svc])
	some f in findings
	contains(f.message, "serves GPU inference")
}

test_training_passes if {
	count(rule.deny) == 0 with input as test_inputs.unit("kubernetes", [deployment("serving", "ft", {"workload": "training"})])
	job := res("Job", "batch/v1", "serving", "eval", {"spec": {"template": {"spec": {"containers": [{"name": "c", "resources": {"limits": {"nvidia.com/gpu": 1}}}]}}}})
	count(rule.deny) == 0 with input as test_inputs.unit("kubernetes", [job])
}

test_policy_in_namespace_passes if {
	count(rule.deny) == 0 with input as test_inputs.unit("kubernetes", [inference, policy("serving")])
	cilium := res("CiliumNetworkPolicy", "cilium.io/v2", "serving", "l7", {"spec": {"endpointSelector": {}}})
	count(rule.deny) == 0 with input as test_inputs.unit("kubernetes", [inference, cilium])
}

test_policy_in_other_namespace_does_not_count if {
	count(rule.deny) == 1 with input as test_inputs.unit("kubernetes", [inference, policy("gateway")])
}

test_cluster_wide_or_unknown_policy_is_silent if {
	gnp := {"id": "GlobalNetworkPolicy/deny-all", "type": "GlobalNetworkPolicy", "name": "deny-all", "api_version": "projectcalico.org/v3", "config": {"metadata": {"name": "deny-all"}}}
	count(rule.deny) == 0 with input as test_inputs.unit("kubernetes", [inference, gnp])
	u := {"$unknown": "{{ .Release.Namespace }}", "$refs": []}
	p := res("NetworkPolicy", "networking.k8s.io/v1", "x", "p", {"metadata": {"name": "p", "namespace": u}})
	count(rule.deny) == 0 with input as test_inputs.unit("kubernetes", [inference, p])
}

test_cpu_workloads_pass if {
	web := res("Deployment", "apps/v1", "serving", "web", {"spec": {"template": {"spec": {"containers": [{"name": "c", "image": "nginx:1.27"}]}}}})
	count(rule.deny) == 0 with input as test_inputs.unit("kubernetes", [web])
}

test_one_finding_per_namespace if {
	findings := rule.deny with input as test_inputs.unit("kubernetes", [inference, unknown_role, deployment("other", "x", {"workload": "inference"})])
	{f.resource | some f in findings} == {"Deployment/serving/llm", "Deployment/other/x"}
}

test_formats_are_guarded if {
	inp := object.union(test_inputs.unit("kubernetes", [inference]), {"format": "terraform"})
	count(rule.deny) == 0 with input as inp
}

# A worker of unknown role that nothing can call (no port, no Service) is not a server, and a
# namespace with inference lists only its inference workloads.
test_workers_that_take_no_traffic_pass if {
	worker := res("Deployment", "apps/v1", "serving", "embedder", {"spec": {"template": {
		"metadata": {"labels": {"app": "embedder"}},
		"spec": {"containers": [{"name": "main", "image": "vllm/vllm-openai:v0.6.3", "resources": {"limits": {"nvidia.com/gpu": 1}}}]},
	}}})
	count(rule.deny) == 0 with input as test_inputs.unit("kubernetes", [worker])
	job_pod := res("Pod", "v1", "serving", "eval", {"spec": {"restartPolicy": "Never", "containers": [{"name": "main", "image": "nvcr.io/nvidia/pytorch:24.05-py3", "ports": [{"containerPort": 29500}], "resources": {"limits": {"nvidia.com/gpu": 1}}}]}})
	count(rule.deny) == 0 with input as test_inputs.unit("kubernetes", [job_pod])
	findings := rule.deny with input as test_inputs.unit("kubernetes", [inference, unknown_role])
	some f in findings
	contains(f.message, "serves GPU inference (Deployment/serving/llm)")
	not contains(f.message, "qwen")
}

test_vllm_runtime_namespace_without_policy_fires if {
	vr := test_inputs.vllm_runtime("llama", test_inputs.vllm_gpu, {})
	findings := rule.deny with input as test_inputs.unit("kubernetes", [vr])
	count(findings) == 1
	some f in findings
	f.resource == "VLLMRuntime/llm/llama"
	f.path == ["metadata", "namespace"]
	contains(f.message, "Namespace `llm` serves GPU inference (VLLMRuntime/llm/llama)")
}

test_vllm_runtime_namespace_with_policy_passes if {
	vr := test_inputs.vllm_runtime("llama", test_inputs.vllm_gpu, {})
	count(rule.deny) == 0 with input as test_inputs.unit("kubernetes", [vr, policy("llm")])
}
