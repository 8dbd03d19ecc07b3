package ailint.lib.scheduling_test

import data.ailint.lib
import data.ailint.test_inputs

w(ns, name) := {"id": sprintf("Deployment/%s/%s", [ns, name]), "type": "Deployment", "name": name, "config": {"metadata": {"name": name, "namespace": ns}}}

test_template_phrase if {
	lib.template_phrase({"path": ["spec"]}) == "its pod spec"
	lib.template_phrase({"path": ["spec", "template", "spec"]}) == "its pod template"
	lib.template_phrase({"path": ["spec", "jobTemplate", "spec", "template", "spec"]}) == "its job template"
	lib.template_phrase({"path": ["spec", "pytorchReplicaSpecs", "Worker", "template", "spec"]}) == "`spec.pytorchReplicaSpecs.Worker.template`"
	lib.template_phrase({"path": ["spec", "predictor"]}) == "`spec.predictor`"
}

test_known_namespace if {
	lib.known_namespace(w("ml", "a")) == "ml"
	lib.known_namespace({"config": {"metadata": {"name": "a"}}}) == "default"
	not lib.known_namespace({"config": {"metadata": {"namespace": {"$unknown": "x", "$refs": []}}}})
}

test_namespace_site if {
	ws := [w("other", "z"), w("ml", "a"), w("ml", "b")]
	lib.namespace_site("ml", ws) == {"resource": w("ml", "a"), "path": ["metadata", "namespace"]} with input as test_inputs.unit("kubernetes", ws)
	ns := {"id": "Namespace/ml", "type": "Namespace", "name": "ml", "config": {"metadata": {"name": "ml"}}}
	lib.namespace_site("ml", ws) == {"resource": ns, "path": []} with input as test_inputs.unit("kubernetes", array.concat(ws, [ns]))
	not lib.namespace_site("none", ws) with input as test_inputs.unit("kubernetes", ws)
}

test_list_at if {
	lib.list_at({"a": null}, ["a"]) == []
	lib.list_at({}, ["a"]) == []
	lib.list_at({"a": [1]}, ["a"]) == [1]
	lib.is_unknown(lib.list_at({"a": {"$unknown": "x", "$refs": []}}, ["a"]))
}

test_container_label if {
	lib.container_label({"container": {"name": "vllm"}, "path": ["spec", "containers", 0]}) == "vllm"
	lib.container_label({"container": {"name": 7}, "path": ["spec", "predictor", "model"]}) == "spec.predictor.model"
}
