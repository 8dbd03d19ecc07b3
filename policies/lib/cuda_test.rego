# Tests of the CUDA tables and parsers (cuda.rego).
package ailint.cuda_test

import data.ailint.lib

test_driver_versions_map_to_their_newest_cuda if {
	lib.driver_cuda("535.104.05") == [12, 2]
	lib.driver_cuda("550.54.15") == [12, 4]
	lib.driver_cuda(" 580.65.06 ") == [13, 0]
	# Between rows: the lower row (565 had no CUDA 12.7 toolkit).
	lib.driver_cuda("565.57.01") == [12, 6]
	lib.driver_cuda("470") == [11, 4]
}

test_what_is_not_a_driver_version_has_no_cuda if {
	not lib.driver_cuda("418.87.01")
	not lib.driver_cuda("latest")
	not lib.driver_cuda("12.2.2")
	not lib.driver_cuda({"$unknown": "var.v", "$refs": []})
	not lib.driver_cuda(535)
}

test_image_tags_say_their_cuda if {
	lib.image_cuda("nvidia/cuda:12.4.1-runtime-ubuntu22.04", []) == [12, 4]
	lib.image_cuda("nvcr.io/nvidia/cuda:11.8.0-cudnn8-devel-ubuntu22.04", []) == [11, 8]
	lib.image_cuda("nvcr.io/nvidia/pytorch:24.03-py3", []) == [12, 4]
	lib.image_cuda("nvcr.io/nvidia/tritonserver:25.01-vllm-python-py3", []) == [12, 8]
	lib.image_cuda("pytorch/pytorch:2.3.0-cuda12.1-cudnn8-runtime", []) == [12, 1]
	lib.image_cuda("ghcr.io/acme/trainer:1.8.0-cu124", []) == [12, 4]
	lib.image_cuda("acr.io/x:cu118_py310", []) == [11, 8]
}

test_images_that_do_not_say_have_no_cuda if {
	not lib.image_cuda("vllm/vllm-openai:v0.6.3", [])
	not lib.image_cuda("nvcr.io/nvidia/tritonserver:24.05-trtllm-python-py3", [])
	not lib.image_cuda("nvcr.io/nvidia/pytorch:latest", [])
	not lib.image_cuda("acr.io/cuda-tools:1.2.3", [])
	not lib.image_cuda("acr.io/x:cu1240", [])
	not lib.image_cuda("${IMAGE}", [])
	not lib.image_cuda("acr.io/nvidia/cuda:12.4.1", [])
}

test_extra_patterns_are_matched_against_the_whole_reference if {
	lib.image_cuda("acr.io/llm/server:2024.11-c12.6", [`-c([0-9]+)\.([0-9]+)$`]) == [12, 6]
	# A pattern without two groups, or an invalid one, says nothing.
	not lib.image_cuda("acr.io/llm/server:2024.11-c12.6", [`-c[0-9]+`, `(`])
}

test_cuda_order if {
	lib.cuda_newer([12, 4], [12, 2])
	lib.cuda_newer([13, 0], [12, 9])
	not lib.cuda_newer([12, 2], [12, 2])
	not lib.cuda_newer([11, 8], [12, 0])
}
