package ailint.lib

# Container image references (shared by AIL503 and AIL504).
#
# A reference is `[registry[:port]/]path[:tag][@algorithm:hex]`. The tag is whatever follows a `:`
# in the LAST path component, so `myreg:5000/vllm` has no tag (the `:5000` is the registry port)
# and `myreg:5000/vllm:0.6.3` has the tag `0.6.3`. A digest pins the image whatever the tag says.

# image_reference(s): {"name", "tag", "digest"} of a literal image reference (tag and digest null
# when absent); undefined for anything else: an unknown, an empty string, a Helm/Kustomize/envsubst
# placeholder (`{{ .Values.image }}`, `${IMAGE}`, `$(IMAGE)`), or a malformed digest.
image_reference(s) := ref if {
	is_string(s)
	trim_space(s) != ""
	not regex.match(`\{\{|\$\{|\$\(`, s)
	[name, digest] := _image_split_digest(s)
	name != ""
	components := split(name, "/")
	last := components[count(components) - 1]
	tag := _image_tag(last)
	ref := {"name": _image_strip_tag(name, tag), "tag": tag, "digest": digest}
}

_image_digest_pattern := `^[A-Za-z][A-Za-z0-9]*([+._-][A-Za-z][A-Za-z0-9]*)*:[0-9A-Fa-f]{32,}$`

_image_split_digest(s) := [s, null] if {
	not contains(s, "@")
} else := [parts[0], parts[1]] if {
	parts := split(s, "@")
	count(parts) == 2
	regex.match(_image_digest_pattern, parts[1])
}

_image_tag(last) := parts[1] if {
	parts := split(last, ":")
	count(parts) == 2
} else := null if {
	not contains(last, ":")
}

_image_strip_tag(name, tag) := name if {
	tag == null
} else := substring(name, 0, count(name) - count(tag) - 1)

# image_floating(s): why a literal image reference follows whatever is pushed next: "latest" (the
# `latest` tag) or "untagged" (no tag, which pulls `latest`); undefined when the reference is pinned
# by a digest, has another tag, or is not a literal reference.
image_floating(s) := "untagged" if {
	ref := image_reference(s)
	ref.digest == null
	ref.tag == null
} else := "latest" if {
	ref := image_reference(s)
	ref.digest == null
	lower(ref.tag) == "latest"
}

# image_pinned(s): a literal reference with a digest, or a tag other than `latest`.
image_pinned(s) if {
	image_reference(s)
	not image_floating(s)
}

# VM extensions (shared by AIL501 and AIL502).
#
# vm_extensions: every VM extension of the unit, whether a resource of its own or inline in a scale
# set: {"r": resource, "path": path of the extension object in r, "ext": the extension object,
# "publisher_path"/"type_path": where its publisher and type are inside it, "name": the inline
# extension's name ("" when it has none), null for a standalone extension}. Inline extensions hidden
# in an unknown (a `dynamic` block over an unknown list) are not listed.
#
# The type sets come first: regorus 0.14 left `vm_extensions` empty when they were defined after it.

# Terraform resources that are one extension.
_tf_standalone_extensions := {"azurerm_virtual_machine_extension", "azurerm_virtual_machine_scale_set_extension"}

# Terraform scale sets with inline `extension {}` blocks.
_tf_inline_extension_hosts := {
	"azurerm_linux_virtual_machine_scale_set",
	"azurerm_windows_virtual_machine_scale_set",
	"azurerm_orchestrated_virtual_machine_scale_set",
	"azurerm_virtual_machine_scale_set",
}

_arm_standalone_extensions := {
	"microsoft.compute/virtualmachines/extensions",
	"microsoft.compute/virtualmachinescalesets/extensions",
	"microsoft.compute/virtualmachinescalesets/virtualmachines/extensions",
}

_arm_inline_extensions := ["properties", "virtualMachineProfile", "extensionProfile", "extensions"]

vm_extensions contains e if {
	is_terraform
	some rtype in _tf_standalone_extensions
	some r in resources_of(rtype)
	e := {"r": r, "path": [], "ext": r.config, "publisher_path": ["publisher"], "type_path": ["type"], "name": null}
}

vm_extensions contains e if {
	is_terraform
	some rtype in _tf_inline_extension_hosts
	some r in resources_of(rtype)
	some i, ext in _known_objects(get(r.config, ["extension"], []))
	e := {"r": r, "path": ["extension", i], "ext": ext, "publisher_path": ["publisher"], "type_path": ["type"], "name": object.get(ext, "name", "")}
}

vm_extensions contains e if {
	is_arm
	some r in input.resources
	lower(r.type) in _arm_standalone_extensions
	e := {"r": r, "path": [], "ext": r.config, "publisher_path": ["properties", "publisher"], "type_path": ["properties", "type"], "name": null}
}

vm_extensions contains e if {
	is_arm
	some r in arm_resources("Microsoft.Compute/virtualMachineScaleSets")
	some i, ext in _known_objects(get(r.config, _arm_inline_extensions, []))
	e := {"r": r, "path": array.concat(_arm_inline_extensions, [i]), "ext": ext, "publisher_path": ["properties", "publisher"], "type_path": ["properties", "type"], "name": object.get(ext, "name", "")}
}

# _known_objects(list): the [index, item] pairs of a known list whose item is a known object.
_known_objects(list) := {i: ext |
	is_array(list)
	some i, ext in list
	is_object(ext)
	is_known(ext)
}

# GPU Operator ClusterPolicy (shared by AIL503 and the driver facts).

# operator_installs_driver(driver): the ClusterPolicy's `spec.driver` has the operator install the
# NVIDIA driver: `enabled` unset (DriverSpec.IsEnabled: unset is true) or true.
operator_installs_driver(driver) if object.get(driver, "enabled", null) == null

operator_installs_driver(driver) if is_true(object.get(driver, "enabled", null))

# cluster_policy_fragment(r): spec has none of the sections every whole policy carries (the CRD
# requires them and the Helm chart always renders them): a kustomize patch or an overlay merged over
# a Helm-installed policy, which says nothing about the driver unless it sets it.
cluster_policy_fragment(r) if {
	spec := object.get(r.config, "spec", null)
	is_object(spec)
	every section in ["operator", "daemonsets", "toolkit"] {
		not section in object.keys(spec)
	}
}
