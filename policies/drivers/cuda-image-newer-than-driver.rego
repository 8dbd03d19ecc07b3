# METADATA
# title: GPU container image needs a newer CUDA than the pinned NVIDIA driver runs
# description: |
#   Every CUDA build of PyTorch, vLLM, Triton or TensorRT carries its own CUDA runtime, but the
#   kernel driver on the node decides which CUDA it runs: a 535 driver runs CUDA up to 12.2. An image
#   built for CUDA 12.4 on that node runs only through minor-version compatibility (no PTX JIT, so
#   kernels compiled for a newer architecture or JIT-compiled at load fail), and an image built for
#   a newer major version (CUDA 13 on a 12.x driver) does not start at all ("CUDA driver version is
#   insufficient for CUDA runtime version"). The mismatch shows only after the rollout, on the GPU
#   nodes. This rule reads the driver pinned anywhere in the checked files (a GPU Operator
#   ClusterPolicy, an NVIDIADriver resource, the NVIDIA GPU driver VM extension) and the CUDA of
#   every GPU container image whose tag says it (`nvidia/cuda:12.4.1-…`, NGC `pytorch:24.03-py3`,
#   `…cuda12.1…`, `…cu121…`, and the patterns of the `image_patterns` option); with several drivers
#   it compares with the one that runs the oldest CUDA. Nothing is reported when either side is
#   unknown.
# custom:
#   id: AIL506
#   slug: cuda-image-newer-than-driver
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
#   options: [image_patterns]
#   remediation: |
#     Kubernetes: upgrade the pinned driver (ClusterPolicy `spec.driver.version`, NVIDIADriver
#     `spec.version`, or the VM extension's `driverVersion`) to a branch that runs the image's CUDA
#     (CUDA 12.4 needs 550, 12.8 needs 570, 13.0 needs 580), or use an image built for the CUDA the
#     driver runs. For images whose tag does not carry the CUDA version, add a pattern with two
#     groups (major, minor) to `[rules.cuda-image-newer-than-driver] image_patterns` in `.ailint.toml`.
#   tags: [gpu, drivers, reliability]
#   references:
#     - url: https://docs.nvidia.com/deploy/cuda-compatibility/
#       title: NVIDIA CUDA Compatibility (minor-version compatibility and its limits)
#     - url: https://docs.nvidia.com/cuda/cuda-toolkit-release-notes/
#       title: CUDA Toolkit release notes (toolkit and minimum driver versions)
#     - url: https://docs.nvidia.com/deeplearning/frameworks/support-matrix/
#       title: NVIDIA Frameworks Support Matrix (NGC container releases and their CUDA)
package ailint.rules.cuda_image_newer_than_driver

import data.ailint.lib

slug := "cuda-image-newer-than-driver"

image_patterns := [p | some p in lib.option(slug, "image_patterns", []); is_string(p)]

deny contains f if {
	lib.is_kubernetes
	driver := input.context.gpu_driver_lowest
	some r in input.resources
	some t in lib.gpu_templates(r)
	some c in t.containers
	lib.gpu_count(c.container) > 0
	image := object.get(c.container, "image", null)
	cuda := lib.image_cuda(image, image_patterns)
	lib.cuda_newer(cuda, driver.cuda)
	f := lib.finding(r, lib.field_path(c, ["image"]), message(r, c, image, cuda, driver))
}

message(r, c, image, cuda, driver) := sprintf(
	"%s runs `%s` (CUDA %s), but the NVIDIA driver %s pinned by %s (%s)%s runs CUDA up to %s: %s; upgrade the driver to the %s branch or newer, or use an image built for CUDA %s",
	[
		container_phrase(r, c), image, lib.cuda_text(cuda), driver.version, driver.source,
		driver.file, among, lib.cuda_text(driver.cuda), consequence(cuda, driver.cuda),
		needed_branch(cuda), lib.cuda_text(driver.cuda),
	],
)

container_phrase(r, c) := sprintf("Container `%s` of %s", [c.container.name, r.id]) if {
	is_string(object.get(c.container, "name", null))
} else := sprintf("A container of %s", [r.id])

among := "" if {
	input.context.gpu_driver_count <= 1
} else := sprintf(", the oldest of the %d drivers pinned in the checked files,", [input.context.gpu_driver_count])

consequence(cuda, driver_cuda) := sprintf("a CUDA %d image does not start on a CUDA %d driver (\"CUDA driver version is insufficient for CUDA runtime version\")", [cuda[0], driver_cuda[0]]) if {
	cuda[0] != driver_cuda[0]
} else := "it runs only through CUDA minor-version compatibility, without PTX JIT compilation, so kernels that need the newer driver fail at run time"

# The oldest driver branch that runs CUDA `cuda`.
needed_branch(cuda) := sprintf("%d", [min(branches)]) if {
	branches := [b | some b, runs in lib.cuda_by_driver_branch; not lib.cuda_newer(cuda, runs)]
	count(branches) > 0
} else := "newest"
