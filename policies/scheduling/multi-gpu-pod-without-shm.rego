# METADATA
# title: Multi-GPU pod without a shared-memory volume
# description: |
#   Containers get a 64 MiB `/dev/shm` by default. NCCL moves data between the GPUs of one pod through
#   shared memory, and PyTorch data loaders pass batches between worker processes through it, so a
#   tensor-parallel inference server or a multi-GPU training job crashes with "unhandled system error"
#   or "bus error" once the buffers outgrow 64 MiB. Mount an `emptyDir` with `medium: Memory` at
#   `/dev/shm` in every GPU container of a pod that uses more than one GPU.
# custom:
#   id: AIL607
#   slug: multi-gpu-pod-without-shm
#   severity: warning
#   formats: [kubernetes]
#   resource_types:
#     - Pod
#     - Deployment
#     - StatefulSet
#     - DaemonSet
#     - ReplicaSet
#     - Job
#     - CronJob
#     - ScaledJob
#     - Service
#     - PyTorchJob
#     - TFJob
#     - MPIJob
#     - XGBoostJob
#     - PaddleJob
#     - MXJob
#     - JAXJob
#     - RayCluster
#     - RayService
#     - RayJob
#     - InferenceService
#     - LLMInferenceService
#     - NIMService
#     - VLLMRuntime
#     - LeaderWorkerSet
#     - JobSet
#     - TrainingRuntime
#     - ClusterTrainingRuntime
#   default: on
#   fix: safe
#   remediation: |
#     Kubernetes: add a volume `{name: dshm, emptyDir: {medium: Memory, sizeLimit: 16Gi}}` to the pod
#     spec and mount it in each GPU container with `volumeMounts: [{name: dshm, mountPath: /dev/shm}]`.
#     The memory counts against the container's memory limit, so size both together. A NIM Operator
#     NIMService gets its shared memory from the operator; a vLLM production-stack VLLMRuntime only
#     with `spec.deploymentConfig.shmSize` (for example `"16Gi"`), which makes its operator mount such
#     a volume.
#   tags: [scheduling, gpu, reliability]
package ailint.rules.multi_gpu_pod_without_shm

import data.ailint.lib

shm_path := "/dev/shm"

# KubeRay mounts a Memory emptyDir at /dev/shm in the Ray container (the first one) by itself.
ray_kinds := {"RayCluster", "RayService", "RayJob"}

# multi_gpu(t): the pod's containers ask for two GPUs or more in total, or one container does.
# Init containers run one at a time before the others, so only the largest of them counts.
# (A fractional count is invalid and reported by gpu-resource-misdeclared, not here.)
multi_gpu(t) if total_gpus(t) >= 2

is_init(c) if "initContainers" in c.path

# memory_volumes(t): names of the pod's emptyDir volumes with medium Memory.
memory_volumes(t) := {name |
	some v in volumes_of(t)
	lib.get(v, ["emptyDir", "medium"], null) == "Memory"
	name := v.name
}

# volumes_of(t), mounts_of(c): the volumes and mounts that are objects (none when the list is
# absent, null or unreadable).
volumes_of(t) := [v | some v in as_list(lib.list_at(t.spec, ["volumes"])); is_object(v)]

mounts_of(c) := [m | some m in as_list(lib.list_at(c.container, ["volumeMounts"])); is_object(m)]

as_list(v) := v if is_array(v)

else := []

# A pod spec whose volumes, or a container whose mounts, ailint cannot read: silent.
readable(t) if {
	lib.is_known(lib.get(t.spec, ["hostIPC"], false))
	volumes := lib.list_at(t.spec, ["volumes"])
	is_array(volumes)
	every v in volumes {
		is_object(v)
		lib.is_known(v)
		lib.is_known(object.get(v, "emptyDir", {}))
		lib.is_known(object.get(v, ["emptyDir", "medium"], ""))
	}
}

mounts_readable(c) if {
	mounts := lib.list_at(c.container, ["volumeMounts"])
	is_array(mounts)
	every m in mounts {
		is_object(m)
		lib.is_known(m)
	}
}

# has_shm(r, t, c): the container sees a large /dev/shm.
has_shm(_, t, c) if {
	some m in mounts_of(c)
	trim_suffix(object.get(m, "mountPath", ""), "/") == shm_path
	m.name in memory_volumes(t)
}

# hostIPC shares the node's IPC namespace and its /dev/shm.
has_shm(_, t, _) if lib.is_true(lib.get(t.spec, ["hostIPC"], false))

has_shm(r, t, c) if {
	r.type in ray_kinds
	c.path == array.concat(t.path, ["containers", 0])
}

# lacking(r, t): the GPU containers of a multi-GPU pod template without a large /dev/shm.
lacking(r, t) := [c |
	some c in t.containers
	lib.gpu_count(c.container) > 0
	mounts_readable(c)
	not has_shm(r, t, c)
]

# No Memory emptyDir at all: one finding on the pod spec's volumes, or on the medium of the
# emptyDir that is mounted at /dev/shm with another medium.
deny contains f if {
	lib.is_kubernetes
	some r in input.resources
	some t in lib.gpu_templates(r)
	# The NIM Operator mounts its own shared memory (a VLLMRuntime has it only with `shmSize`).
	not "shm" in t.operator_adds
	multi_gpu(t)
	readable(t)
	count(lacking(r, t)) > 0
	count(memory_volumes(t)) == 0
	where := volume_site(t)
	f := with_fix(r, where.path, sprintf(
		"%s uses %v GPUs in %s but has no `emptyDir` with `medium: Memory` mounted at `/dev/shm`%s, so NCCL and data loaders get the 64 MiB default and crash; %s",
		[r.id, total_gpus(t), lib.template_phrase(t), where.note, where.fix],
	), volume_fix(r, t, where))
}

# A Memory emptyDir exists but a GPU container does not mount it at /dev/shm: one finding each.
deny contains f if {
	lib.is_kubernetes
	some r in input.resources
	some t in lib.gpu_templates(r)
	# The NIM Operator mounts its own shared memory (a VLLMRuntime has it only with `shmSize`).
	not "shm" in t.operator_adds
	multi_gpu(t)
	readable(t)
	count(memory_volumes(t)) > 0
	some c in lacking(r, t)
	# The containers of an assembled pod have the mounts their operator gives them (a VLLMRuntime
	# sidecar none), which the resource cannot change.
	not lib.assembled(c)
	f := with_fix(r, array.concat(c.path, ["volumeMounts"]), sprintf(
		"Container `%s` of %s uses GPUs in a %v-GPU pod but does not mount a Memory `emptyDir` (%s) at `/dev/shm`, so it keeps the 64 MiB default and NCCL crashes; add `{name: %s, mountPath: /dev/shm}` to its `volumeMounts`",
		[lib.container_label(c), r.id, total_gpus(t), volume_list(t), sort(memory_volumes(t))[0]],
	), mount_fix(c, sort(memory_volumes(t))[0]))
}

total_gpus(t) := max(array.concat(
	[sum([lib.gpu_count(c.container) | some c in t.containers; not is_init(c)])],
	[lib.gpu_count(c.container) | some c in t.containers],
))

volume_list(t) := concat(", ", [sprintf("`%s`", [n]) | some n in sort(memory_volumes(t))])

# volume_site(t): where the finding goes. In a pod an operator assembles (a VLLMRuntime), the field
# that gives it a Memory /dev/shm (`spec.deploymentConfig.shmSize`). An emptyDir mounted at /dev/shm
# with another medium lives on the node's disk (and a misspelt medium such as `memory` makes the
# kubelet refuse the pod): point at its medium. Otherwise at the pod spec's `volumes`.
volume_site(t) := {
	"path": where,
	"note": "",
	"fix": sprintf("set `%s` (for example \"16Gi\", within the container's memory limit): the operator then mounts a Memory `emptyDir` of that size at `/dev/shm`", [lib.path_text(where)]),
} if {
	lib.assembled(t)
	where := lib.field_path(t, ["volumes"])
} else := {
	"path": array.concat(t.path, ["volumes", i, "emptyDir", "medium"]),
	"note": sprintf(" (volume `%s` is mounted there but is an `emptyDir` with %s)", [v.name, medium_text(v)]),
	"fix": "set `medium: Memory` on it",
} if {
	[i, v] := shm_volumes(t)[0]
} else := {
	"path": array.concat(t.path, ["volumes"]),
	"note": "",
	"fix": "add a `{name: dshm, emptyDir: {medium: Memory}}` volume and mount it at `/dev/shm` in the GPU containers",
}

# shm_volumes(t): [index, volume] of the emptyDir volumes some container mounts at /dev/shm.
shm_volumes(t) := [[i, v] |
	some i, v in volumes_of(t)
	is_object(object.get(v, "emptyDir", null))
	mounted_at_shm(t, v.name)
]

mounted_at_shm(t, name) if {
	some c in t.containers
	some m in mounts_of(c)
	m.name == name
	trim_suffix(object.get(m, "mountPath", ""), "/") == shm_path
}

medium_text(v) := "the default (node disk) medium" if {
	object.get(v, ["emptyDir", "medium"], "") == ""
} else := sprintf("medium `%s`, not `Memory`", [v.emptyDir.medium])

# with_fix(r, path, message, fix): the finding, offering fix unless it is null.
with_fix(r, path, message, fix) := lib.finding(r, path, message) if {
	fix == null
} else := lib.finding_fix(r, path, message, fix)

# The fix of a pod without a Memory emptyDir at /dev/shm: the volume mounted there gets
# `medium: Memory`; with none, a `dshm` volume mounted in each GPU container that lacks one
# (unless the names or the mount path are taken: then the user decides). A VLLMRuntime's shmSize is
# a size only the user can choose: no fix.
volume_fix(r, t, where) := null if {
	lib.assembled(t)
} else := {"set": "Memory"} if {
	where.path[count(where.path) - 1] == "medium"
} else := {
	"all": array.concat(
		[{"append": {"name": "dshm", "emptyDir": {"medium": "Memory"}}, "path": array.concat(t.path, ["volumes"])}],
		[{"append": {"name": "dshm", "mountPath": shm_path}, "path": array.concat(c.path, ["volumeMounts"])} |
			some c in lacking(r, t)
		],
	),
	"description": "Add a `dshm` emptyDir volume with `medium: Memory` and mount it at /dev/shm in the GPU containers",
} if {
	every v in volumes_of(t) {
		object.get(v, "name", "") != "dshm"
	}
	every c in lacking(r, t) {
		not mounts_at_shm(c)
	}
} else := null

# mount_fix(c, volume): mount the Memory volume at /dev/shm in c, unless something is mounted there.
mount_fix(c, volume) := {"append": {"name": volume, "mountPath": shm_path}, "path": array.concat(c.path, ["volumeMounts"])} if {
	not mounts_at_shm(c)
} else := null

mounts_at_shm(c) if {
	some m in mounts_of(c)
	trim_suffix(object.get(m, "mountPath", ""), "/") == shm_path
}
