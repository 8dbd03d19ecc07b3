# Test support: builders of the input document (DESIGN.md, "The input document") for Rego unit tests.
#
# A `_test.rego` module that defines no `test_*` rule is a test-support module: `ailint check` never
# loads it (no `_test.rego` is), and `ailint test` loads it beside every test module, bundled or from
# a `--policy-dir` / `ailint test DIR` directory (also with `--no-bundled`). Use it with
#
#     import data.ailint.test_inputs
#
#     test_fires if {
#         count(rule.deny) == 1 with input as test_inputs.unit("terraform", [
#             test_inputs.tf_res("azurerm_cognitive_account", "main", {"kind": "OpenAI"}),
#         ])
#     }
#
# Builders (each returns a plain object; none reads `input`):
#
# unit(format, resources) takes the input's `format` ("terraform", "terraform-plan", "arm",
#   "kubernetes") and an array of resources (as built below, or written out); returns the input
#   document of one unit: `format`, an empty `config` (no `.ailint.toml` options), `resources` as
#   given and the indexes ailint builds: `resources_by_type` (type -> the resources of that type,
#   in order), which is what `lib.resources_of(type)` reads, `resources_by_lower_type`,
#   `resources_by_id` and `ref_index`. Add `config` or `context` with object.union when a test needs them.
#
# tf_res(type, name, config) takes a Terraform resource type, its name and its body (attributes;
#   nested blocks as arrays of objects); returns the resource with id "<type>.<name>".
#
# k8s_res(kind, api, name, config) takes a Kubernetes kind, apiVersion, metadata.name and the whole
#   manifest; returns the resource with id "<kind>/<namespace>/<name>", the namespace read from the
#   manifest's metadata.namespace ("default" when absent). The manifest is used as given: include
#   `metadata` yourself when the rule reads it.
#
# vllm_runtime(name, deployment_config, spec) takes a name, the `spec.deploymentConfig` and other
#   `spec` fields of a vLLM production-stack VLLMRuntime (production-stack.vllm.ai/v1alpha1, in the
#   namespace `llm`); returns the resource, with the `model` and `vllmConfig` the CRD requires
#   (merged with those of spec). vllm_gpu is a deploymentConfig with one GPU and a pinned image,
#   vllm_cpu the same without the GPU.
#
# ARM resources are built per test (their ids, apiVersion and names differ by rule): an ARM
# resource is {"id": ..., "type": "Microsoft.X/y", "name": ..., "api_version": ..., "config": <the
# template's resource object>}.
package ailint.test_inputs

unit(format, resources) := {
	"format": format,
	"config": {},
	"resources": resources,
	"resources_by_type": {t: [r | some r in resources; r.type == t] | some x in resources; t := x.type},
	"resources_by_lower_type": {t: [r | some r in resources; lower(r.type) == t] | some x in resources; t := lower(x.type)},
	"resources_by_id": {r.id: r | some r in resources},
	"ref_index": {key: ids |
		some x in resources
		some key in _ref_keys(x)
		ids := sort({r.id | some r in resources; key in _ref_keys(r)})
	},
}

# As ailint builds `ref_index`: a resource's id and `<type>/<name>` lower-cased, and each part of
# its id before a `[`.
_ref_keys(r) := {k |
	some k in array.concat(
		[lower(r.id), lower(sprintf("%s/%s", [r.type, object.get(r, "name", "")]))],
		[substring(r.id, 0, i) | some i in indexof_n(r.id, "[")],
	)
}

tf_res(type, name, config) := {"id": sprintf("%s.%s", [type, name]), "type": type, "name": name, "config": config}

k8s_res(kind, api, name, config) := {
	"id": sprintf("%s/%s/%s", [kind, object.get(config, ["metadata", "namespace"], "default"), name]),
	"type": kind, "name": name, "api_version": api, "config": config,
}

vllm_runtime(name, deployment_config, spec) := k8s_res("VLLMRuntime", "production-stack.vllm.ai/v1alpha1", name, {
	"apiVersion": "production-stack.vllm.ai/v1alpha1",
	"kind": "VLLMRuntime",
	"metadata": {"name": name, "namespace": "llm"},
	"spec": object.union(
		{"model": {"modelURL": "meta-llama/Llama-3.1-8B-Instruct"}, "vllmConfig": {"port": 8000}, "deploymentConfig": deployment_config},
		spec,
	),
})

vllm_gpu := {"resources": {"cpu": "8", "memory": "32Gi", "gpu": "1"}, "image": {"registry": "docker.io", "name": "vllm/vllm-openai:v0.8.5"}}

vllm_cpu := {"resources": {"cpu": "8", "memory": "32Gi"}, "image": {"registry": "docker.io", "name": "vllm/vllm-openai:v0.8.5"}}
