# Workload role (training, inference or unknown), first match wins: a role tag/label, then the kind
# of resource, then the name. Rules say which roles they fire on; `role_hint` tells users how to
# declare the role when ailint cannot tell.
package ailint.lib

default_role_tag_keys := ["workload", "workload-type", "ai-workload"]

role_tag_keys := object.get(input, ["config", "workload", "role_tag_keys"], default_role_tag_keys)

role_hint := "declare the role with a `workload` tag or label set to `training` or `inference`"

# role(r): the role of a resource. Rules ask it of most workloads of a Kubernetes unit, so there
# it is computed once per resource (`_roles_of`); elsewhere only a few GPU resources ask.
role(r) := x if {
	_unit_resource(r)
	x := _roles_of[r.id]
} else := _role(r)

_role(r) := x if {
	x := role_from_labels(_role_labels(r))
} else := "training" if {
	_training_kind(r)
} else := "inference" if {
	_inference_kind(r)
} else := x if {
	x := role_from_names(_names(r))
} else := "unknown"

# pool_role(pool): the role of a node pool embedded in a cluster (TF default_node_pool, ARM
# agentPoolProfiles[]), from its tags and labels, then its name.
pool_role(pool) := x if {
	x := role_from_labels(_pool_labels(pool))
} else := x if {
	x := role_from_names([object.get(pool, "name", "")])
} else := "unknown"

# role_from_labels(labels): the role a role tag/label declares; undefined when none does.
role_from_labels(labels) := roles[0] if {
	is_object(labels)
	keys := {lower(k) | some k in role_tag_keys}
	roles := [found |
		some k, v in labels
		lower(k) in keys
		is_string(v)
		found := _role_word(lower(v))
	]
	count(roles) > 0
}

_role_word(v) := "training" if {
	regex.match(`train|batch|finetune|fine-tune`, v)
} else := "inference" if {
	regex.match(`infer|serv|online|predict`, v)
}

# role_from_names(names): the role names suggest; undefined when none does.
role_from_names(names) := roles[0] if {
	roles := [found |
		some n in names
		is_string(n)
		found := _name_role(lower(n))
	]
	count(roles) > 0
}

_name_role(n) := "training" if {
	regex.match(`train|batch|finetune|(^|[^a-z])ft-`, n)
} else := "inference" if {
	regex.match(`infer|serve|serving|predict|endpoint|(^|[^a-z])api([^a-z]|$)`, n)
}

_names(r) := [r.name, object.get(r.config, "name", ""), object.get(r.config, ["metadata", "name"], "")]

_role_labels(r) := object.union_n([
	_object_or_empty(get(r.config, ["tags"], {})),
	_object_or_empty(get(r.config, ["node_labels"], {})),
	_object_or_empty(get(r.config, ["properties", "nodeLabels"], {})),
	_object_or_empty(get(r.config, ["metadata", "labels"], {})),
	_template_labels(r),
])

_pool_labels(pool) := object.union_n([
	_object_or_empty(object.get(pool, "tags", {})),
	_object_or_empty(object.get(pool, "node_labels", {})),
	_object_or_empty(object.get(pool, "nodeLabels", {})),
])

_template_labels(r) := object.union_n([t.labels | some t in pod_templates(r); is_object(t.labels)]) if {
	is_kubernetes
} else := {}

_object_or_empty(v) := v if {
	is_object(v)
	is_known(v)
} else := {}

_training_kinds := {"Job", "CronJob", "PyTorchJob", "TFJob", "MPIJob", "XGBoostJob", "PaddleJob", "RayJob", "ScaledJob", "JobSet", "TrainingRuntime", "ClusterTrainingRuntime"}

_training_kind(r) if {
	is_kubernetes
	r.type in _training_kinds
}

_training_kind(r) if {
	is_kubernetes
	r.type == "ScaledObject"
	is_queue_scaled(r)
}

# A workload scaled by a queue-driven ScaledObject is batch work.
_training_kind(r) if {
	is_kubernetes
	r.id in queue_scaled_targets
}


_training_kind(r) if r.type == "azurerm_machine_learning_compute_cluster"

_training_kind(r) if {
	r.type == "Microsoft.MachineLearningServices/workspaces/computes"
	equals_ci(get(r.config, ["properties", "computeType"], ""), "AmlCompute")
}

_inference_kind(r) if {
	is_kubernetes
	r.type in {"InferenceService", "LLMInferenceService", "NIMService"}
}

_inference_kind(r) if {
	is_kubernetes
	is_knative_service(r)
}

_inference_kind(r) if {
	is_kubernetes
	is_vllm_runtime(r)
}

_inference_kind(r) if {
	is_kubernetes
	_selected_by_service(r)
}

_service_selectable_kinds := {"Deployment", "StatefulSet", "ReplicaSet", "Pod"}

_selected_by_a_service(r) if {
	r.type in _service_selectable_kinds
	some svc in resources_of("Service")
	not is_knative_service(svc)
	selects(svc, r)
}

_inference_kind(r) if {
	r.type in {
		"Microsoft.MachineLearningServices/workspaces/onlineEndpoints",
		"Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments",
	}
}

_queue_scalers := {
	"azure-servicebus", "azure-queue", "azure-eventhub", "kafka", "rabbitmq", "redis", "redis-streams",
	"redis-cluster", "redis-cluster-streams", "redis-sentinel", "redis-sentinel-streams", "aws-sqs-queue",
	"gcp-pubsub", "nats-jetstream", "stan", "activemq", "artemis-queue", "ibmmq", "pulsar",
}

# is_queue_scaled(so): every trigger of a KEDA ScaledObject is a queue or stream scaler.
is_queue_scaled(so) if {
	triggers := items(object.get(so.config, ["spec", "triggers"], []))
	count(triggers) > 0
	every t in triggers {
		lower(object.get(t, "type", "")) in _queue_scalers
	}
}

# may_serve(r): r is declared for inference, or its role is unknown and it can take traffic. Rules
# about servers (AIL303, AIL606) judge these.
may_serve(r) if role(r) == "inference"

may_serve(r) if {
	role(r) == "unknown"
	not takes_no_traffic(r)
}

# takes_no_traffic(r): a Kubernetes workload that nothing can send requests to, so a rule about
# servers should not take its unknown role for inference: a bare Pod that runs to completion
# (`restartPolicy: Never` or `OnFailure`), or a Deployment, StatefulSet, ReplicaSet or Pod whose
# containers declare no port and that no Service of the unit selects (a queue or loop worker). A
# StatefulSet names its governing Service in `serviceName`, so it counts as reachable.
takes_no_traffic(r) if {
	is_kubernetes
	r.type == "Pod"
	object.get(r.config, ["spec", "restartPolicy"], "Always") in {"Never", "OnFailure"}
}

takes_no_traffic(r) if {
	is_kubernetes
	r.type in {"Deployment", "StatefulSet", "ReplicaSet", "Pod"}
	not _declares_port(r)
	not _selected_by_service(r)
	not _governed_by_service(r)
}

_governed_by_service(r) if {
	r.type == "StatefulSet"
	name := object.get(r.config, ["spec", "serviceName"], "")
	is_string(name)
	name != ""
}

_declares_port(r) if {
	some t in pod_templates(r)
	some c in t.containers
	count(items(object.get(c.container, "ports", []))) > 0
}

_selected_by_service(r) if {
	_unit_resource(r)
	r.id in service_selected
}

_selected_by_service(r) if {
	not _unit_resource(r)
	_selected_by_a_service(r)
}

# The per-unit tables stay at the end of the module: regorus 0.14 evaluates a module's rules in
# the order written, and a table evaluated before the rules it reads in its own module sees them
# undefined.

# queue_scaled_targets: the ids of the workloads that queue-driven ScaledObjects scale.
queue_scaled_targets := {scale_target(so) |
	is_kubernetes
	some so in resources_of("ScaledObject")
	is_queue_scaled(so)
}

# service_selected: the ids of the unit's Deployments, StatefulSets, ReplicaSets and Pods whose
# pods a (non-Knative) Service of the same namespace selects.
service_selected := {id |
	is_kubernetes
	some id, r in input.resources_by_id
	_selected_by_a_service(r)
}

# _roles_of: role(r) of every workload (resource with pod templates) of a Kubernetes unit, by id;
# rules ask the role of those, the few others are computed when asked.
_roles_of := {id: _role(input.resources_by_id[id]) |
	some id, templates in _pod_templates_of
	count(templates) > 0
}

