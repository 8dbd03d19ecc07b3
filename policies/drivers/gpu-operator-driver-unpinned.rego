# METADATA
# title: GPU Operator installs an unpinned NVIDIA driver
# description: |
#   An NVIDIA GPU Operator `ClusterPolicy` that lets the operator install the driver (the default)
#   but names no `spec.driver.version` gets the driver image of the operator release itself: the
#   operator falls back to the `DRIVER_IMAGE` of its own deployment, which the OLM bundle sets to the
#   driver that release ships (the Helm chart only avoids this because it renders its own default
#   `driver.version` into the ClusterPolicy). Every operator upgrade then rolls a new driver branch
#   onto all GPU nodes, and with `upgradePolicy.autoUpgrade` the nodes are drained to do it; the CUDA
#   toolkit, NCCL and framework builds in your images expect one driver branch.
# custom:
#   id: AIL503
#   slug: gpu-operator-driver-unpinned
#   severity: warning
#   formats: [kubernetes]
#   resource_types: [ClusterPolicy, NVIDIADriver]
#   default: on
#   remediation: |
#     Kubernetes: set `spec.driver.version` of the ClusterPolicy to the driver version that matches the
#     CUDA toolkit of your images (e.g. `"550.127.08"`; the driver branch for precompiled drivers, or a
#     `sha256:` digest), together with `repository` and `image`; or give `spec.driver.image` as a full
#     reference with a tag or digest and no `repository`/`version`. Set `spec.driver.enabled: false`
#     when the nodes come with a driver (AKS GPU node images do unless created with the GPU driver
#     install skipped).
#   tags: [drivers, reliability, gpu, kubernetes]
package ailint.rules.gpu_operator_driver_unpinned

import data.ailint.lib

version_path := ["spec", "driver", "version"]

deny contains f if {
	lib.is_kubernetes
	some r in lib.resources_of("ClusterPolicy")
	startswith(object.get(r, "api_version", ""), "nvidia.com/")
	driver := driver_spec(r)
	lib.operator_installs_driver(driver)
	judged(r, driver)
	not lib.is_true(object.get(driver, "useNvidiaDriverCRD", null))
	not lib.is_unknown(object.get(driver, "useNvidiaDriverCRD", null))
	version := object.get(driver, "version", null)
	missing(version)
	not full_image_reference(driver)
	not placeholder_image(driver)
	f := lib.finding(r, version_path, message(r, driver, version))
}

# driver_spec(r): spec.driver, or {} when absent; undefined when it is not an object (unknown).
driver_spec(r) := d if {
	d := object.get(r.config, ["spec", "driver"], {})
	is_object(d)
	lib.is_known(d)
} else := {} if {
	object.get(r.config, ["spec", "driver"], {}) == null
}

# judged(r, driver): the document is a whole ClusterPolicy, or a fragment (a kustomize patch or an
# overlay merged over a Helm-installed policy, which renders its own `driver.version`) that turns
# the driver on itself. A fragment that only sets `mig` or `devicePlugin` says nothing about the
# driver the base installs.
judged(r, _) if not lib.cluster_policy_fragment(r)

judged(r, driver) if {
	lib.cluster_policy_fragment(r)
	lib.is_true(object.get(driver, "enabled", null))
}

missing(v) if v == null

missing(v) if {
	is_string(v)
	trim_space(v) == ""
}

# With neither `repository` nor `version`, the operator uses `image` as it is
# (internal/image.ImagePath): a full reference with a tag or digest pins the driver.
full_image_reference(driver) if {
	missing(object.get(driver, "repository", null))
	lib.image_pinned(object.get(driver, "image", null))
}

# An image left to a templating step (`${DRIVER_IMAGE}` of Flux post-build substitution, `{{ ... }}`)
# may be a full pinned reference: unknown, so silent.
placeholder_image(driver) if {
	image := object.get(driver, "image", null)
	is_string(image)
	regex.match(`\{\{|\$\{|\$\(`, image)
}

placeholder_image(driver) if lib.is_unknown(object.get(driver, "image", null))

# NVIDIADriver resources (nvidia.com/v1alpha1, with `driver.useNvidiaDriverCRD: true`) pin the
# driver per node group in `spec.version`.
deny contains f if {
	lib.is_kubernetes
	some r in lib.resources_of("NVIDIADriver")
	startswith(object.get(r, "api_version", ""), "nvidia.com/")
	driver := object.get(r.config, "spec", {})
	is_object(driver)
	lib.is_known(driver)
	version := object.get(driver, "version", null)
	missing(version)
	not full_image_reference(driver)
	not placeholder_image(driver)
	f := lib.finding(r, ["spec", "version"], sprintf(
		"%s %s, so its nodes get whatever driver the operator's release defaults to, which changes with GPU Operator upgrades; set `spec.version` to the driver version that matches the CUDA toolkit of your images",
		[r.id, nvidiadriver_version_phrase(version)],
	))
}

nvidiadriver_version_phrase(version) := "does not set `spec.version`" if {
	version == null
} else := "sets `spec.version` to an empty string"

message(r, driver, version) := sprintf(
	"%s %s and %s, so %s; set `spec.driver.version` to the driver version that matches the CUDA toolkit of your images",
	[r.id, enabled_phrase(driver), version_phrase(version), consequence(driver)],
)

version_phrase(version) := "does not set `spec.driver.version`" if {
	version == null
} else := "sets `spec.driver.version` to an empty string"

# With `repository` set the operator builds `<repository>/<image>:<version>`; without either it
# falls back to the DRIVER_IMAGE environment variable of its own deployment.
consequence(driver) := "the operator builds a driver image reference without a tag and the driver pods cannot start" if {
	not missing(object.get(driver, "repository", null))
} else := "the operator installs the driver image its own release ships, which changes with every GPU Operator upgrade"

enabled_phrase(driver) := "lets the GPU Operator install the NVIDIA driver (`spec.driver.enabled` defaults to true)" if {
	object.get(driver, "enabled", null) == null
} else := "has the GPU Operator install the NVIDIA driver"
