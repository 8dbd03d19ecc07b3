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
