package ailint.rules.gpu_namespace_without_quota_test

import data.ailint.rules.gpu_namespace_without_quota as rule
import data.ailint.test_inputs

res(kind, ns, name, config) := {
	"id": sprintf("%s/%s/%s", [kind, ns, name]), "type": kind, "name": name, "api_version": "v1",
	"config": object.union({"kind": kind, "metadata": {"name": name, "namespace": ns}}, config),
}

namespace(name) := {"id": sprintf("Namespace/%s", [name]), "type": "Namespace", "name": name, "api_version": "v1", "config": {"kind": "Namespace", "metadata": {"name": name}}}

deployment(ns, name, gpus) := res("Deployment", ns, name, {"spec": {"template": {"spec": {"containers": [
	{"name": "main", "image": "vllm/vllm-openai:v0.6.3", "resources": {"limits": gpus}},
]}}}})

quota(ns, hard) := res("ResourceQuota", ns, "gpu", {"spec": {"hard": hard}})

vllm := deployment("ml", "vllm", {"nvidia.com/gpu": 1})

test_gpu_namespace_without_quota_fires_on_first_workload if {
	findings := rule.deny with input as test_inputs.unit("kubernetes", [vllm, deployment("ml", "tgi", {"nvidia.com/gpu": 2})])
	count(findings) == 1
	some f in findings
	f.resource == "Deployment/ml/vllm"
	f.path == ["metadata", "namespace"]
	contains(f.message, "Namespace `ml`")
	contains(f.message, "Deployment/ml/vllm, Deployment/ml/tgi")
	contains(f.message, "`requests.nvidia.com/gpu`")
}

test_declared_namespace_gets_the_finding if {
	findings := rule.deny with input as test_inputs.unit("kubernetes", [vllm, namespace("ml")])
	count(findings) == 1
	some f in findings
	f.resource == "Namespace/ml"
	f.path == []
}

test_default_namespace if {
	d := {"id": "Deployment/default/x", "type": "Deployment", "name": "x", "config": {"metadata": {"name": "x"}, "spec": {"template": {"spec": {"containers": [{"name": "c", "resources": {"limits": {"nvidia.com/gpu": 1}}}]}}}}}
	findings := rule.deny with input as test_inputs.unit("kubernetes", [d])
	some f in findings
	contains(f.message, "Namespace `default`")
	count(rule.deny) == 0 with input as test_inputs.unit("kubernetes", [d, quota("default", {"requests.nvidia.com/gpu": 4})])
}

test_requests_quota_passes if {
	count(rule.deny) == 0 with input as test_inputs.unit("kubernetes", [vllm, quota("ml", {"requests.nvidia.com/gpu": "4", "requests.cpu": "64"})])
}

test_quota_in_other_namespace_does_not_count if {
	findings := rule.deny with input as test_inputs.unit("kubernetes", [vllm, quota("research", {"requests.nvidia.com/gpu": 4})])
	count(findings) == 1
	some f in findings
	f.resource == "Deployment/ml/vllm"
}

test_quota_without_gpu_key_fires if {
	count(rule.deny) == 1 with input as test_inputs.unit("kubernetes", [vllm, quota("ml", {"requests.cpu": "64", "requests.memory": "256Gi"})])
}

test_misplaced_keys_fire_on_the_key_only if {
	findings := rule.deny with input as test_inputs.unit("kubernetes", [vllm, quota("ml", {"limits.nvidia.com/gpu": 4})])
	count(findings) == 1
	some f in findings
	f.resource == "ResourceQuota/ml/gpu"
	f.path == ["spec", "hard", "limits.nvidia.com/gpu"]
	contains(f.message, "never enforces")
	contains(f.message, "rename it to `requests.nvidia.com/gpu`")
	bare := rule.deny with input as test_inputs.unit("kubernetes", [vllm, quota("ml", {"nvidia.com/gpu": 4})])
	{g.path | some g in bare} == {["spec", "hard", "nvidia.com/gpu"]}
}

test_misplaced_key_next_to_requests if {
	findings := rule.deny with input as test_inputs.unit("kubernetes", [vllm, quota("ml", {"requests.nvidia.com/gpu": 4, "limits.nvidia.com/gpu": 4})])
	count(findings) == 1
	some f in findings
	f.path == ["spec", "hard", "limits.nvidia.com/gpu"]
	contains(f.message, "ignored")
}

test_misplaced_key_without_gpu_workloads if {
	count(rule.deny) == 1 with input as test_inputs.unit("kubernetes", [quota("ml", {"nvidia.com/gpu": 4})])
}

test_amd_needs_its_own_key if {
	rocm := deployment("ml", "rocm", {"amd.com/gpu": 1})
	findings := rule.deny with input as test_inputs.unit("kubernetes", [vllm, rocm, quota("ml", {"requests.nvidia.com/gpu": 4})])
	count(findings) == 1
	some f in findings
	contains(f.message, "`requests.amd.com/gpu`")
	not contains(f.message, "`requests.nvidia.com/gpu`")
}

test_one_finding_per_namespace if {
	findings := rule.deny with input as test_inputs.unit("kubernetes", [vllm, deployment("ml", "b", {"nvidia.com/gpu": 1}), deployment("research", "c", {"nvidia.com/gpu": 1})])
	{f.resource | some f in findings} == {"Deployment/ml/vllm", "Deployment/research/c"}
}

test_cpu_workloads_pass if {
	count(rule.deny) == 0 with input as test_inputs.unit("kubernetes", [deployment("ml", "web", {"cpu": "1"})])
}

test_unknowns_stay_silent if {
	u := {"$unknown": "{{ .Release.Namespace }}", "$refs": []}
	# A quota whose namespace ailint cannot read could be ml's.
	q := res("ResourceQuota", "x", "gpu", {"metadata": {"name": "gpu", "namespace": u}, "spec": {"hard": {"requests.nvidia.com/gpu": 4}}})
	count(rule.deny) == 0 with input as test_inputs.unit("kubernetes", [vllm, q])
	count(rule.deny) == 0 with input as test_inputs.unit("kubernetes", [vllm, res("ResourceQuota", "ml", "gpu", {"spec": {"hard": u}})])
	# A workload whose namespace is unknown is not placed anywhere.
	w := res("Deployment", "x", "w", {"metadata": {"name": "w", "namespace": u}, "spec": {"template": {"spec": {"containers": [{"name": "c", "resources": {"limits": {"nvidia.com/gpu": 1}}}]}}}})
	count(rule.deny) == 0 with input as test_inputs.unit("kubernetes", [w])
}

test_formats_are_guarded if {
	inp := object.union(test_inputs.unit("kubernetes", [vllm]), {"format": "terraform"})
	count(rule.deny) == 0 with input as inp
}

# ---------------------------------------------------------------- Kueue

kueue(kind, ns, name, spec) := object.union(res(kind, ns, name, {"metadata": {"name": name, "namespace": ns}, "spec": spec}), {"api_version": "kueue.x-k8s.io/v1beta1"})

cluster_queue(name, resources) := kueue("ClusterQueue", "default", name, {"resourceGroups": [{"flavors": [{"name": "a100", "resources": resources}]}]})

test_kueue_local_queue_with_a_gpu_nominal_quota_counts_as_quota if {
	inp := test_inputs.unit("kubernetes", [
		deployment("team-a", "train", {"nvidia.com/gpu": 4}),
		kueue("LocalQueue", "team-a", "q", {"clusterQueue": "cq"}),
		cluster_queue("cq", [{"name": "nvidia.com/gpu", "nominalQuota": 8}]),
	])
	count(rule.deny) == 0 with input as inp
}

test_kueue_cluster_queue_without_gpus_does_not if {
	inp := test_inputs.unit("kubernetes", [
		deployment("team-b", "train", {"nvidia.com/gpu": 4}),
		kueue("LocalQueue", "team-b", "q", {"clusterQueue": "cq"}),
		cluster_queue("cq", [{"name": "cpu", "nominalQuota": 32}]),
	])
	count(rule.deny) == 1 with input as inp
}

test_kueue_cluster_queue_elsewhere_is_unknown if {
	inp := test_inputs.unit("kubernetes", [
		deployment("team-c", "train", {"nvidia.com/gpu": 4}),
		kueue("LocalQueue", "team-c", "q", {"clusterQueue": "shared"}),
	])
	count(rule.deny) == 0 with input as inp
}

test_vllm_runtime_namespace_without_quota_fires if {
	vr := test_inputs.vllm_runtime("llama", test_inputs.vllm_gpu, {})
	findings := rule.deny with input as test_inputs.unit("kubernetes", [vr])
	count(findings) == 1
	some f in findings
	f.resource == "VLLMRuntime/llm/llama"
	f.path == ["metadata", "namespace"]
	contains(f.message, "Namespace `llm` runs GPU workloads (VLLMRuntime/llm/llama)")
	contains(f.message, "`requests.nvidia.com/gpu`")
	# gpuType names the resource to limit.
	amd := test_inputs.vllm_runtime("llama", object.union(test_inputs.vllm_gpu, {"resources": {"gpu": "1", "gpuType": "amd.com/gpu"}}), {})
	some g in rule.deny with input as test_inputs.unit("kubernetes", [amd])
	contains(g.message, "`requests.amd.com/gpu`")
}

test_vllm_runtime_namespace_with_quota_passes if {
	vr := test_inputs.vllm_runtime("llama", test_inputs.vllm_gpu, {})
	count(rule.deny) == 0 with input as test_inputs.unit("kubernetes", [vr, quota("llm", {"requests.nvidia.com/gpu": "8"})])
}
