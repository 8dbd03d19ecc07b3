# METADATA
# title: ML workspace lets its computes send data anywhere
# description: |
#   An Azure ML workspace or AI Foundry hub decides, through its managed network, where its
#   compute instances, clusters, serverless jobs and managed online endpoints may connect. Without a
#   managed network (isolation mode `Disabled`, the default) nothing restricts them, and
#   `AllowInternetOutbound` allows every internet destination too. Code that runs there (notebooks,
#   pip packages, downloaded models with custom code) can then copy training data, prompts and
#   credentials to any address. `AllowOnlyApprovedOutbound` allows only the service tags, FQDNs and
#   private endpoints you approve. Hub-based projects (kind `Project`) use their hub's network and
#   are judged through the hub. AIL107 reports the public IPs of computes in a workspace without a
#   managed network; a workspace that enables one silences AIL107, and only
#   `AllowOnlyApprovedOutbound` settles both. If you isolate a `Disabled` workspace with your own
#   VNet and egress firewall instead, suppress AIL108 for it with that reason.
# custom:
#   id: AIL108
#   slug: ml-workspace-outbound-unrestricted
#   severity: warning
#   formats: [terraform, arm, bicep]
#   resource_types:
#     - azurerm_machine_learning_workspace
#     - azurerm_ai_foundry
#     - Microsoft.MachineLearningServices/workspaces
#   default: on
#   fix: unsafe
#   remediation: |
#     Terraform: add `managed_network { isolation_mode = "AllowOnlyApprovedOutbound" }` to
#     `azurerm_machine_learning_workspace` or `azurerm_ai_foundry`, then allow what jobs need (PyPI,
#     conda, Hugging Face, your storage) with outbound rules (azurerm v4.8 and later:
#     `azurerm_machine_learning_workspace_network_outbound_rule_fqdn`, `_service_tag` and
#     `_private_endpoint`; before that, `azapi_resource` of type `workspaces/outboundRules`).
#     ARM/Bicep: set `properties.managedNetwork.isolationMode` to `AllowOnlyApprovedOutbound` and list
#     the allowed destinations in `properties.managedNetwork.outboundRules`.
#     The fix sets the mode only; without the outbound rules your jobs need, package installs and model
#     downloads fail. A workspace that has computes must have them deleted before its managed network
#     is enabled, and a managed network cannot be turned back to `Disabled`.
#   tags: [security, network, data-exfiltration]
#   references:
#     - azure_policy: 6ddb1705-c8cf-450e-aa4b-19ad6703c440
#       title: Azure Machine Learning and Ai Studio should use Allow Only Approved Outbound Managed Vnet mode
#     - url: https://learn.microsoft.com/azure/machine-learning/how-to-managed-network
#       title: Workspace managed virtual network isolation
#     - url: https://learn.microsoft.com/azure/ai-foundry/how-to/configure-managed-network
#       title: How to set up a managed network for Azure AI Foundry hubs
package ailint.rules.ml_workspace_outbound_unrestricted

import data.ailint.lib

tf_types := {
	"azurerm_machine_learning_workspace": "ML workspace",
	"azurerm_ai_foundry": "AI Foundry hub",
}

# arm_kind(r): how a message names an ARM workspace, by its `kind`.
arm_kind(r) := "AI Foundry hub" if {
	lib.equals_ci(lib.get(r.config, ["kind"], null), "Hub")
} else := "ML workspace"

# subject(kind, r): lib.subject, but an ARM resource named by an expression keeps the kind's
# capitals ("This ML workspace", where lib.subject lower-cases it).
subject(kind, r) := s if {
	s := lib.subject(kind, r)
	not startswith(s, "This ")
} else := sprintf("This %s", [kind])

approved := "AllowOnlyApprovedOutbound"

# problem(attr, mode): what the mode means, for a mode that is absent, `Disabled` or
# `AllowInternetOutbound`; undefined for `AllowOnlyApprovedOutbound`, unknowns and other values.
problem(attr, mode) := sprintf("has no `%s`, which defaults to `Disabled`: without a managed network nothing restricts where its computes and endpoints connect", [attr]) if {
	mode == null
} else := sprintf("sets `%s` to `Disabled`: without a managed network nothing restricts where its computes and endpoints connect", [attr]) if {
	lib.equals_ci(mode, "Disabled")
} else := sprintf("sets `%s` to `AllowInternetOutbound`: its managed network lets computes and endpoints reach any internet address", [attr]) if {
	lib.equals_ci(mode, "AllowInternetOutbound")
}

consequence := "code run there can copy training data, prompts and credentials anywhere"

# ---------------------------------------------------------------------------------------------
# Terraform
# ---------------------------------------------------------------------------------------------

tf_path := ["managed_network", 0, "isolation_mode"]

tf_message(kind, r, what) := sprintf(
	"%s %s %s, so %s; %s and add outbound rules for what jobs need",
	[kind, r.id, what, consequence, tf_action(r)],
)

tf_action(r) := sprintf("set `isolation_mode = \"%s\"` in its `managed_network` block", [approved]) if {
	tf_has_block(r)
} else := sprintf("add `managed_network { isolation_mode = \"%s\" }`", [approved])

# With a `managed_network` block the fix sets the mode in it; without one there is no fix (the
# fix engine would write the block as an attribute).
deny contains f if {
	lib.is_terraform
	some t, kind in tf_types
	some r in lib.resources_of(t)
	tf_has_block(r)
	what := problem("managed_network.isolation_mode", lib.get(r.config, tf_path, null))
	f := lib.finding_fix(r, tf_path, tf_message(kind, r, what), {"set": approved})
}

deny contains f if {
	lib.is_terraform
	some t, kind in tf_types
	some r in lib.resources_of(t)
	not tf_has_block(r)
	what := problem("managed_network.isolation_mode", lib.get(r.config, tf_path, null))
	f := lib.finding(r, tf_path, tf_message(kind, r, what))
}

tf_has_block(r) if count(lib.items(lib.get(r.config, ["managed_network"], []))) > 0

# ---------------------------------------------------------------------------------------------
# ARM and Bicep (and azapi_resource workspaces in Terraform)
# ---------------------------------------------------------------------------------------------

arm_path := ["properties", "managedNetwork", "isolationMode"]

# A hub-based project uses its hub's managed network. A kind that is not known could be one.
project_or_unknown_kind(r) if lib.equals_ci(lib.get(r.config, ["kind"], null), "Project")

project_or_unknown_kind(r) if lib.is_unknown(lib.get(r.config, ["kind"], null))

deny contains f if {
	lib.is_arm
	some r in lib.arm_resources("Microsoft.MachineLearningServices/workspaces")
	not project_or_unknown_kind(r)
	what := problem("properties.managedNetwork.isolationMode", lib.get(r.config, arm_path, null))
	f := lib.finding_fix(r, arm_path, sprintf(
		"%s %s, so %s; set it to `%s` and list the allowed destinations in `managedNetwork.outboundRules`",
		[subject(arm_kind(r), r), what, consequence, approved],
	), {"set": approved})
}
