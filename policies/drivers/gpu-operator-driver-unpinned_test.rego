package ailint.rules.gpu_operator_driver_unpinned_test

import data.ailint.rules.gpu_operator_driver_unpinned as rule
import data.ailint.test_inputs

k8s(doc) := test_inputs.unit("kubernetes", [r]) if {
	r := {
		"id": "ClusterPolicy/cluster-policy", "type": object.get(doc, "kind", "ClusterPolicy"),
		"api_version": object.get(doc, "apiVersion", "nvidia.com/v1"), "name": "cluster-policy",
		"config": doc,
	}
}

policy(driver) := {"apiVersion": "nvidia.com/v1", "kind": "ClusterPolicy", "metadata": {"name": "cluster-policy"}, "spec": {
	"operator": {"defaultRuntime": "containerd"},
	"driver": driver,
	"toolkit": {"enabled": true},
}}

test_missing_version_fires_with_default_note if {
	findings := rule.deny with input as k8s(policy({"repository": "nvcr.io/nvidia", "image": "driver"}))
	count(findings) == 1
	some f in findings
	f.path == ["spec", "driver", "version"]
	contains(f.message, "does not set `spec.driver.version`")
	contains(f.message, "defaults to true")
}

test_no_repository_falls_back_to_operator_release_image if {
	findings := rule.deny with input as k8s(policy({"enabled": true}))
	count(findings) == 1
	some f in findings
	contains(f.message, "its own release ships")
	not contains(f.message, "defaults to true")
}

test_repository_without_version_is_an_untagged_reference if {
	findings := rule.deny with input as k8s(policy({"enabled": true, "repository": "nvcr.io/nvidia", "image": "driver"}))
	some f in findings
	contains(f.message, "without a tag")
}

test_empty_version_fires if {
	findings := rule.deny with input as k8s(policy({"enabled": "true", "version": "", "repository": "nvcr.io/nvidia", "image": "driver"}))
	count(findings) == 1
	some f in findings
	contains(f.message, "empty string")
}

test_missing_driver_section_and_spec_fire if {
	count(rule.deny) == 1 with input as k8s({"apiVersion": "nvidia.com/v1", "kind": "ClusterPolicy", "metadata": {"name": "p"}, "spec": {"toolkit": {"enabled": true}}})
	count(rule.deny) == 1 with input as k8s({"apiVersion": "nvidia.com/v1", "kind": "ClusterPolicy", "metadata": {"name": "p"}})
	count(rule.deny) == 1 with input as k8s(policy(null))
}

test_pinned_version_passes if {
	count(rule.deny) == 0 with input as k8s(policy({"enabled": true, "repository": "nvcr.io/nvidia", "image": "driver", "version": "550.127.08"}))
	count(rule.deny) == 0 with input as k8s(policy({"version": "sha256:b6250c461c6226d5fb1383e3e8331e7e0bf07f9ed88a36988bbe5f6cc754d735"}))
	# Precompiled drivers are pinned to a branch.
	count(rule.deny) == 0 with input as k8s(policy({"usePrecompiled": true, "version": "535"}))
	count(rule.deny) == 0 with input as k8s(policy({"version": 550}))
}

test_full_image_reference_without_repository_passes if {
	count(rule.deny) == 0 with input as k8s(policy({"image": "nvcr.io/nvidia/driver:550.127.08"}))
	count(rule.deny) == 0 with input as k8s(policy({"image": "nvcr.io/nvidia/driver@sha256:b6250c461c6226d5fb1383e3e8331e7e0bf07f9ed88a36988bbe5f6cc754d735"}))
	count(rule.deny) == 1 with input as k8s(policy({"image": "nvcr.io/nvidia/driver"}))
	count(rule.deny) == 1 with input as k8s(policy({"image": "nvcr.io/nvidia/driver:latest"}))
	count(rule.deny) == 1 with input as k8s(policy({"repository": "nvcr.io/nvidia", "image": "driver:550.127.08"}))
}

test_placeholder_image_passes if {
	count(rule.deny) == 0 with input as k8s(policy({"image": "${DRIVER_IMAGE}"}))
	count(rule.deny) == 0 with input as k8s(policy({"image": {"$unknown": "x", "$refs": []}}))
}

test_disabled_driver_passes if {
	count(rule.deny) == 0 with input as k8s(policy({"enabled": false}))
	count(rule.deny) == 0 with input as k8s(policy({"enabled": "false"}))
}

test_unknown_values_pass if {
	u := {"$unknown": "x", "$refs": []}
	count(rule.deny) == 0 with input as k8s(policy({"enabled": u}))
	count(rule.deny) == 0 with input as k8s(policy(u))
	count(rule.deny) == 0 with input as k8s(policy({"useNvidiaDriverCRD": u}))
}

test_nvidia_driver_crd_mode_passes if {
	count(rule.deny) == 0 with input as k8s(policy({"useNvidiaDriverCRD": true}))
}

test_other_groups_and_formats_pass if {
	count(rule.deny) == 0 with input as k8s(object.union(policy({}), {"apiVersion": "kyverno.io/v1"}))
	count(rule.deny) == 0 with input as object.union(k8s(policy({})), {"format": "arm"})
}

# A patch fragment over a Helm-installed policy (only `mig`, `devicePlugin` or a `driver` tweak) is
# judged only when it turns the driver on itself.
test_patch_fragments if {
	mig := {"apiVersion": "nvidia.com/v1", "kind": "ClusterPolicy", "metadata": {"name": "p"}, "spec": {"mig": {"strategy": "mixed"}, "devicePlugin": {"config": {"name": "time-slicing"}}}}
	count(rule.deny) == 0 with input as k8s(mig)
	tweak := {"apiVersion": "nvidia.com/v1", "kind": "ClusterPolicy", "metadata": {"name": "p"}, "spec": {"driver": {"rdma": {"enabled": true}}}}
	count(rule.deny) == 0 with input as k8s(tweak)
	on := {"apiVersion": "nvidia.com/v1", "kind": "ClusterPolicy", "metadata": {"name": "p"}, "spec": {"driver": {"enabled": true}}}
	count(rule.deny) == 1 with input as k8s(on)
	pinned := {"apiVersion": "nvidia.com/v1", "kind": "ClusterPolicy", "metadata": {"name": "p"}, "spec": {"driver": {"enabled": true, "version": "550.127.08"}}}
	count(rule.deny) == 0 with input as k8s(pinned)
}
