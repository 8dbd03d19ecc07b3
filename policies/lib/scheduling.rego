# Helpers shared by the GPU scheduling rules (AIL6xx): how a message names a pod template, the
# namespace a Kubernetes resource lives in, and where a finding about a whole namespace goes.
package ailint.lib

# template_phrase(t): a readable name for a pod template of `pod_templates` ("its pod template",
# "`spec.predictor`", "`spec.pytorchReplicaSpecs.Worker.template`").
template_phrase(t) := "its pod spec" if {
	t.path == ["spec"]
} else := "its pod template" if {
	t.path == ["spec", "template", "spec"]
} else := "its job template" if {
	t.path == ["spec", "jobTemplate", "spec", "template", "spec"]
} else := sprintf("`%s`", [path_text(array.slice(t.path, 0, count(t.path) - 1))]) if {
	t.path[count(t.path) - 1] == "spec"
} else := sprintf("`%s`", [path_text(t.path)])

# known_namespace(r): the namespace of a namespaced Kubernetes resource, "default" when absent;
# undefined when it is not a known string (a templated manifest).
known_namespace(r) := ns if {
	ns := get(r.config, ["metadata", "namespace"], "default")
	is_string(ns)
}

# declared_namespace(ns): the unit's `Namespace` object named ns; undefined when it has none.
declared_namespace(ns) := [r |
	some r in resources_of("Namespace")
	get(r.config, ["metadata", "name"], null) == ns
][0]

# namespace_site(ns, workloads): where a finding about namespace ns goes (one per namespace): the
# `Namespace` object's header when the unit declares it, else the `metadata.namespace` of the first
# of `workloads` (in unit order: file, then document) that runs there. {"resource", "path"}.
namespace_site(ns, workloads) := {"resource": r, "path": []} if {
	r := declared_namespace(ns)
} else := {"resource": w, "path": ["metadata", "namespace"]} if {
	w := workloads_in(ns, workloads)[0]
}

# workloads_in(ns, workloads): the members of `workloads` that run in namespace ns, in order.
workloads_in(ns, workloads) := [w |
	some w in workloads
	known_namespace(w) == ns
]

# list_at(obj, path): the list at path, [] when absent or null (YAML `tolerations:` with no items),
# the unknown when it is unknown.
list_at(obj, path) := [] if {
	get(obj, path, null) == null
} else := get(obj, path, null)

# container_label(c): how a message names a container of `pod_templates`: its name, else its path
# (a KServe `model`, or a container without a name).
container_label(c) := name if {
	name := object.get(c.container, "name", null)
	is_string(name)
} else := path_text(c.path)

# kserve_gke_accelerator(r): r is an InferenceService whose `serving.kserve.io/gke-accelerator`
# annotation names a GPU type: KServe turns it into a `cloud.google.com/gke-accelerator` node
# selector on the predictor's pods (AIL601 counts it as a selector; AIL602 as GKE's GPU toleration).
kserve_gke_accelerator(r) if {
	r.type == "InferenceService"
	annotations := get(r.config, ["metadata", "annotations"], {})
	is_object(annotations)
	accelerator := annotations["serving.kserve.io/gke-accelerator"]
	is_string(accelerator)
	accelerator != ""
}
