# CUDA compatibility data (AIL506): which CUDA a driver runs, and which CUDA a container image
# carries. Both tables are plain data so that a user can read and extend them; custom image tag
# patterns come from the rule's `image_patterns` option.
package ailint.lib

# cuda_by_driver_branch: NVIDIA driver branch -> the newest CUDA [major, minor] it runs without
# the forward-compatibility package. Source: NVIDIA CUDA Toolkit release notes, "CUDA Toolkit and
# Corresponding Driver Versions" (minimum Linux driver of each toolkit release), and the CUDA
# Compatibility guide (https://docs.nvidia.com/deploy/cuda-compatibility/). A branch between two
# rows runs what the lower row runs (565 had no CUDA 12.7 toolkit, so it counts as 560: 12.6).
cuda_by_driver_branch := {
	450: [11, 0],
	455: [11, 1],
	460: [11, 2],
	465: [11, 3],
	470: [11, 4],
	495: [11, 5],
	510: [11, 6],
	515: [11, 7],
	520: [11, 8],
	525: [12, 0],
	530: [12, 1],
	535: [12, 2],
	545: [12, 3],
	550: [12, 4],
	555: [12, 5],
	560: [12, 6],
	570: [12, 8],
	575: [12, 9],
	580: [13, 0],
	590: [13, 1],
	595: [13, 2],
}

# cuda_by_ngc_release: NGC framework container release (YY.MM) -> the CUDA [major, minor] it is
# built on. Source: the NVIDIA Frameworks Support Matrix and the release notes of each release
# ("Release YY.MM is based on CUDA X.Y.Z",
# https://docs.nvidia.com/deeplearning/frameworks/pytorch-release-notes/); the PyTorch,
# Triton Inference Server release notes of the same month agree; the TensorFlow and TensorRT
# containers of a release are built on the same CUDA. Triton's `-trtllm-python-py3` images lag
# the release's CUDA by months, so their tags are not read.
cuda_by_ngc_release := {
	"22.01": [11, 6], "22.02": [11, 6], "22.03": [11, 6], "22.04": [11, 6],
	"22.05": [11, 7], "22.06": [11, 7], "22.07": [11, 7], "22.08": [11, 7],
	"22.09": [11, 8], "22.10": [11, 8], "22.11": [11, 8], "22.12": [11, 8],
	"23.01": [12, 0], "23.02": [12, 0], "23.03": [12, 1], "23.04": [12, 1],
	"23.05": [12, 1], "23.06": [12, 1], "23.07": [12, 1], "23.08": [12, 2],
	"23.09": [12, 2], "23.10": [12, 2], "23.11": [12, 3], "23.12": [12, 3],
	"24.01": [12, 3], "24.02": [12, 3], "24.03": [12, 4], "24.04": [12, 4],
	"24.05": [12, 4], "24.06": [12, 5], "24.07": [12, 5], "24.08": [12, 6],
	"24.09": [12, 6], "24.10": [12, 6], "24.11": [12, 6], "24.12": [12, 6],
	"25.01": [12, 8], "25.02": [12, 8], "25.03": [12, 8], "25.04": [12, 9],
	"25.05": [12, 9], "25.06": [12, 9], "25.08": [13, 0], "25.09": [13, 0],
	"25.10": [13, 0], "25.11": [13, 0], "25.12": [13, 1],
}

# The NGC framework images whose tag starts with the release (`24.03-py3`, `24.05-trtllm-python-py3`).
ngc_release_images := {
	"nvcr.io/nvidia/pytorch",
	"nvcr.io/nvidia/tensorflow",
	"nvcr.io/nvidia/tritonserver",
	"nvcr.io/nvidia/tensorrt",
}

# driver_branch(v): the branch (major) of a driver version such as "535.104.05"; undefined for
# anything else (an unknown, "latest", a CUDA-style "12.2").
driver_branch(v) := to_number(m[1]) if {
	is_string(v)
	m := regex.find_all_string_submatch_n(`^\s*v?([4-9][0-9]{2})(\.[0-9]+)*\s*$`, v, 1)[0]
}

# driver_cuda(v): the newest CUDA [major, minor] driver version v runs; undefined when v is not a
# driver version or is older than the table.
driver_cuda(v) := cuda_by_driver_branch[branch] if {
	branch := driver_branch(v)
	cuda_by_driver_branch[branch]
} else := cuda_by_driver_branch[floor] if {
	branch := driver_branch(v)
	floor := max([b | some b, _ in cuda_by_driver_branch; b <= branch])
}

# image_cuda(s, extra): the CUDA [major, minor] a literal image reference carries, from its tag:
# `nvidia/cuda:12.4.1-runtime-ubuntu22.04`, an NGC release (`nvcr.io/nvidia/pytorch:24.03-py3`),
# `…cuda12.1…` (`pytorch/pytorch:2.3.0-cuda12.1-cudnn8-runtime`), `…-cu121…`; then the patterns of
# `extra` (regular expressions with two groups, major and minor, matched against the whole
# reference). Undefined when none says.
image_cuda(s, extra) := cuda if {
	ref := image_reference(s)
	cuda := _image_cuda_builtin(lower(ref.name), ref)
} else := cuda if {
	is_string(s)
	some pattern in extra
	is_string(pattern)
	regex.is_valid(pattern)
	m := regex.find_all_string_submatch_n(pattern, s, 1)[0]
	count(m) >= 3
	cuda := [to_number(m[1]), to_number(m[2])]
}

_image_cuda_builtin(name, ref) := [to_number(m[1]), to_number(m[2])] if {
	_is_cuda_base(name)
	is_string(ref.tag)
	m := regex.find_all_string_submatch_n(`^([0-9]{1,2})\.([0-9]+)`, ref.tag, 1)[0]
} else := cuda_by_ngc_release[release] if {
	name in ngc_release_images
	is_string(ref.tag)
	not contains(lower(ref.tag), "trtllm")
	release := regex.find_all_string_submatch_n(`^([0-9]{2}\.[0-9]{2})`, ref.tag, 1)[0][1]
} else := [to_number(m[1]), to_number(m[2])] if {
	is_string(ref.tag)
	m := regex.find_all_string_submatch_n(`(?i)cuda-?([0-9]{1,2})\.([0-9]+)`, ref.tag, 1)[0]
} else := [to_number(m[1]), to_number(m[2])] if {
	is_string(ref.tag)
	m := regex.find_all_string_submatch_n(`(?i)(?:^|[^a-z0-9])cu(1[0-9])([0-9])(?:$|[^0-9])`, ref.tag, 1)[0]
}

# nvidia/cuda on Docker Hub and NGC (`nvidia/cuda`, `docker.io/nvidia/cuda`, `nvcr.io/nvidia/cuda`).
_is_cuda_base(name) if name in {"nvidia/cuda", "docker.io/nvidia/cuda", "nvcr.io/nvidia/cuda", "index.docker.io/nvidia/cuda"}

# cuda_text([major, minor]): "12.4".
cuda_text(c) := sprintf("%d.%d", c)

# cuda_newer(a, b): CUDA a is newer than b.
cuda_newer(a, b) if a[0] > b[0]

cuda_newer(a, b) if {
	a[0] == b[0]
	a[1] > b[1]
}
