# METADATA
# title: GPU inference container without a readiness probe
# description: |
#   A model server needs from seconds to many minutes after its container starts to load weights
#   into GPU memory and warm up. Without a readiness (or startup) probe Kubernetes marks the pod
#   ready as soon as the container runs, so Services and autoscalers send it requests that fail or
#   hang during every rollout, restart and scale-out. Probe the server's health endpoint, which
#   answers only once the model is loaded.
# custom:
#   id: AIL303
#   slug: gpu-inference-without-readiness-probe
#   severity: warning
#   formats: [kubernetes]
#   resource_types: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, Service, InferenceService, LLMInferenceService, LeaderWorkerSet]
#   default: on
#   remediation: |
#     Kubernetes: add a `readinessProbe` to the GPU container that calls the server's health endpoint
#     (vLLM and TGI `/health`, Triton and KServe `/v2/health/ready`, TorchServe `/ping`), for example
#     `httpGet: {path: /health, port: 8000}` with `periodSeconds: 10`, and a `startupProbe` with a
#     `failureThreshold` long enough for the model to load (e.g. 60 x 10 s) so the liveness probe does
#     not restart it meanwhile. Batch workers that take no traffic can be labelled `workload: training`.
#   tags: [availability, inference, gpu, kubernetes]
package ailint.rules.gpu_inference_without_readiness_probe

import data.ailint.lib

# Kinds that run to completion and take no traffic, and KubeRay kinds, whose operator adds
# readiness probes to Ray pods by itself (KubeRay 1.1+: raylet and GCS health, Serve proxy health
# on RayService workers).
skipped_kinds := {
	"Job", "CronJob", "ScaledJob",
	"PyTorchJob", "TFJob", "MPIJob", "XGBoostJob", "PaddleJob", "MXJob", "JAXJob",
	"RayJob", "RayCluster", "RayService",
}

has_probe(c) if is_object(object.get(c, "readinessProbe", null))

has_probe(c) if is_object(object.get(c, "startupProbe", null))

# serving_container(c): a container that can take traffic: not an init container (they cannot have
# readiness probes and finish before the pod is ready).
serving_container(c) if not "initContainers" in c.path

deny contains f if {
	lib.is_kubernetes
	some r in input.resources
	not r.type in skipped_kinds
	lib.may_serve(r)
	x := lib.role(r)
	some t in lib.pod_templates(r)
	# The NIM Operator and the vLLM production-stack operator give the pods they build probes of
	# their own (VLLMRuntime: readiness, startup and liveness on /health).
	not "probes" in t.operator_adds
	some c in t.containers
	serving_container(c)
	lib.gpu_count(c.container) > 0
	not has_probe(c.container)
	not runtime_has_probe(r, c)
	f := lib.finding(r, c.path, sprintf(
		"Container %s of %s requests GPUs but has no `readinessProbe` or `startupProbe`: %s; add a `readinessProbe` on the server's health endpoint%s",
		[container_name(c), r.id, why(r), lib.role_note(x)],
	))
}

container_name(c) := sprintf("`%s`", [name]) if {
	name := object.get(c.container, "name", null)
	is_string(name)
} else := sprintf("`%s`", [c.path[count(c.path) - 1]])

# why(r): what happens without a probe. Knative adds a default readiness probe that only checks the
# traffic port accepts TCP connections (knative.dev, "Configuring Probing"): a model server can
# accept connections before its model is loaded, so Knative services still get a finding. KServe
# adds no probe to predictor containers; in its Serverless mode the Knative default applies.
why(r) := "Knative's default probe only checks that the port accepts connections, not that the model is loaded, so requests can reach a replica that is still loading it" if {
	lib.is_knative_service(r)
} else := "KServe adds no probe to the predictor (in Serverless mode Knative only checks that the port accepts connections), so requests can reach a replica that is still loading the model" if {
	r.type == "InferenceService"
} else := "the pod is ready as soon as the container starts, so requests reach it while the model is still loading"

# A KServe `model:` runs in the container of a ServingRuntime; when the runtime is in the unit and
# probes its container, the predictor is covered. The runtime is the one named by `model.runtime`,
# or, when none is named, any runtime of the unit (KServe picks one by model format).
runtime_has_probe(r, c) if {
	r.type == "InferenceService"
	c.path[count(c.path) - 1] == "model"
	wanted := object.get(c.container, "runtime", null)
	some kind in ["ServingRuntime", "ClusterServingRuntime"]
	some rt in lib.resources_of(kind)
	runtime_matches(rt, wanted)
	some container in lib.items(object.get(rt.config, ["spec", "containers"], []))
	has_probe(container)
}

runtime_matches(_, wanted) if wanted == null

runtime_matches(rt, wanted) if object.get(rt.config, ["metadata", "name"], null) == wanted
