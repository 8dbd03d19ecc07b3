# METADATA
# title: GPU or inference workload exposed on a public load balancer
# description: |
#   On AKS a Service of type LoadBalancer gets a public IP on the cluster's Azure load balancer unless
#   it is annotated as internal. Pointed at a model server (vLLM, Triton, TGI, a KServe predictor) it
#   publishes an unauthenticated inference API, often with admin and metrics routes, to the whole
#   internet: anyone can run prompts on your GPUs. A NodePort Service opens the port on every node
#   and bypasses the ingress and its authentication. Keep inference internal and expose it through an
#   authenticated ingress or API gateway.
# custom:
#   id: AIL104
#   slug: inference-service-public-load-balancer
#   severity: error
#   formats: [kubernetes]
#   resource_types: [Service]
#   default: on
#   options: [node_port]
#   remediation: |
#     Kubernetes: annotate the Service with `service.beta.kubernetes.io/azure-load-balancer-internal: "true"`
#     for a private load balancer IP in the cluster's virtual network, or make it `type: ClusterIP` and
#     publish the model server through an ingress or API gateway that authenticates callers. Replace
#     `type: NodePort` with `ClusterIP` the same way. Set `node_port = false` under
#     `[rules.inference-service-public-load-balancer]` if your nodes have no public IPs and no
#     network path from outside reaches node ports.
#   tags: [security, network, inference, gpu]
package ailint.rules.inference_service_public_load_balancer

import data.ailint.lib

slug := "inference-service-public-load-balancer"

internal_annotation := "service.beta.kubernetes.io/azure-load-balancer-internal"

# NodePort is reported too (by default): the annotation cannot make it internal, and whether node
# ports are reachable from outside depends on node public IPs and NSGs this unit cannot see.
exposed_types := {"LoadBalancer", "NodePort"} if {
	lib.option(slug, "node_port", true) != false
} else := {"LoadBalancer"}

deny contains f if {
	lib.is_kubernetes
	some svc in lib.resources_of("Service")
	not lib.is_knative_service(svc)
	svc_type := lib.get(svc.config, ["spec", "type"], null)
	svc_type in exposed_types
	not internal(svc, svc_type)
	exposed := sort([describe(w) |
		some w in model_servers
		w.id != svc.id
		selects_workload(svc, w)
	])
	count(exposed) > 0
	f := lib.finding(svc, ["spec", "type"], message(svc, svc_type, exposed))
}

# An internal load balancer annotation (a known "true") keeps a LoadBalancer private.
internal(svc, "LoadBalancer") if {
	lib.is_true(lib.get(svc.config, ["metadata", "annotations", internal_annotation], null))
}

message(svc, "LoadBalancer", exposed) := sprintf(
	"%s of type LoadBalancer exposes %s on a public Azure load balancer IP%s: anyone on the internet can call the model server; add the annotation `%s: \"true\"` or use `type: ClusterIP` behind an authenticated ingress",
	[svc.id, exposed[0], others(exposed), internal_annotation],
)

message(svc, "NodePort", exposed) := sprintf(
	"%s of type NodePort opens a port on every node for %s%s, reachable from outside the cluster wherever nodes have public IPs or network rules allow it, bypassing any ingress authentication; use `type: ClusterIP` behind an authenticated ingress, or an internal LoadBalancer",
	[svc.id, exposed[0], others(exposed)],
)

others(exposed) := "" if {
	count(exposed) == 1
} else := sprintf(" (and %d more workloads)", [count(exposed) - 1])

# ---------------------------------------------------------------------------------------------
# Which workloads matter: GPU workloads, KServe InferenceServices, Knative Services, and workloads
# whose role label says inference. Not lib.role: it calls every workload a Service selects
# "inference", which would make this rule fire on any exposed web app.
# ---------------------------------------------------------------------------------------------

# The unit's model servers, found once per evaluation rather than once per Service.
model_servers := [w |
	some w in input.resources
	serves_models(w)
]

serves_models(w) if lib.is_gpu_workload(w)

serves_models(w) if w.type == "InferenceService"

serves_models(w) if lib.is_knative_service(w)

serves_models(w) if {
	count(lib.pod_templates(w)) > 0
	lib.role_from_labels(workload_labels(w)) == "inference"
}

workload_labels(w) := object.union_n(array.concat(
	[known_object(lib.get(w.config, ["metadata", "labels"], {}))],
	[known_object(t.labels) | some t in lib.pod_templates(w)],
))

known_object(v) := v if {
	is_object(v)
	lib.is_known(v)
} else := {}

describe(w) := sprintf("GPU workload %s", [w.id]) if {
	lib.is_gpu_workload(w)
} else := sprintf("inference workload %s", [w.id])

# ---------------------------------------------------------------------------------------------
# Selection: the pod labels of core workloads (lib.selects), and the labels KServe and Knative put
# on the pods they create (`serving.kserve.io/inferenceservice`, `component`,
# `serving.knative.dev/service`).
# ---------------------------------------------------------------------------------------------

selects_workload(svc, w) if lib.selects(svc, w)

selects_workload(svc, w) if {
	w.type == "InferenceService"
	selector := svc_selector(svc)
	lib.namespace_of(svc) == lib.namespace_of(w)
	some t in lib.pod_templates(w)
	labels := object.union(known_object(t.labels), {
		"serving.kserve.io/inferenceservice": object.get(w.config, ["metadata", "name"], w.name),
		"component": t.path[1],
	})
	matches(selector, labels)
}

selects_workload(svc, w) if {
	lib.is_knative_service(w)
	selector := svc_selector(svc)
	lib.namespace_of(svc) == lib.namespace_of(w)
	some t in lib.pod_templates(w)
	labels := object.union(known_object(t.labels), {"serving.knative.dev/service": object.get(w.config, ["metadata", "name"], w.name)})
	matches(selector, labels)
}

svc_selector(svc) := selector if {
	selector := object.get(svc.config, ["spec", "selector"], {})
	is_object(selector)
	count(selector) > 0
}

matches(selector, labels) if {
	every k, v in selector {
		object.get(labels, k, null) == v
	}
}
