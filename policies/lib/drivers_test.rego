package ailint.lib_drivers_test

import data.ailint.lib

test_image_reference_parts if {
	lib.image_reference("vllm/vllm-openai:v0.6.3") == {"name": "vllm/vllm-openai", "tag": "v0.6.3", "digest": null}
	lib.image_reference("nvcr.io/nvidia/tritonserver") == {"name": "nvcr.io/nvidia/tritonserver", "tag": null, "digest": null}
	lib.image_reference("docker.io/library/python") == {"name": "docker.io/library/python", "tag": null, "digest": null}
}

test_registry_port_is_not_a_tag if {
	lib.image_reference("myreg:5000/vllm") == {"name": "myreg:5000/vllm", "tag": null, "digest": null}
	lib.image_reference("myreg:5000/team/vllm:0.6.3") == {"name": "myreg:5000/team/vllm", "tag": "0.6.3", "digest": null}
	lib.image_reference("localhost:5000/x:latest").tag == "latest"
}

test_digests if {
	d := "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
	lib.image_reference(concat("@", ["nvcr.io/nvidia/pytorch", d])) == {"name": "nvcr.io/nvidia/pytorch", "tag": null, "digest": d}
	lib.image_reference(concat("@", ["nvcr.io/nvidia/pytorch:latest", d])).tag == "latest"
	lib.image_pinned(concat("@", ["nvcr.io/nvidia/pytorch:latest", d]))
	lib.image_pinned(concat("@", ["myreg:5000/pytorch", upper(d)]))
	lib.image_pinned("myreg:5000/pytorch@SHA256:0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF")
}

test_floating if {
	lib.image_floating("vllm/vllm-openai") == "untagged"
	lib.image_floating("vllm/vllm-openai:latest") == "latest"
	lib.image_floating("vllm/vllm-openai:LATEST") == "latest"
	lib.image_floating("myreg:5000/vllm") == "untagged"
	not lib.image_floating("vllm/vllm-openai:v0.6.3")
	not lib.image_floating("vllm/vllm-openai@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")
	lib.image_pinned("nvcr.io/nvidia/tritonserver:24.08-py3")
	not lib.image_pinned("nvcr.io/nvidia/tritonserver")
}

test_not_a_literal_reference if {
	not lib.image_reference({"$unknown": "var.image", "$refs": ["var.image"]})
	not lib.image_reference("")
	not lib.image_reference("{{ .Values.image.repository }}:{{ .Values.image.tag }}")
	not lib.image_reference("registry/app:${TAG}")
	not lib.image_reference("registry/app:$(TAG)")
	not lib.image_reference("registry/app@sha256:short")
	not lib.image_reference("registry/app:a:b")
	not lib.image_floating({"$unknown": "var.image", "$refs": ["var.image"]})
	not lib.image_pinned("")
}
