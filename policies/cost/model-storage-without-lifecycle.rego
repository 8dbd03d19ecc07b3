# METADATA
# title: ML workspace storage without a lifecycle policy
# description: |
#   The default storage account of an Azure ML workspace or AI Foundry hub receives every registered
#   model version, job output, checkpoint, snapshot of the code and log that the workspace produces,
#   and nothing ever removes them: a 7B model is 14 GB at FP16, and one team can add hundreds of GB
#   a quarter, all billed in the Hot tier. A lifecycle management policy on the account moves old
#   blobs to Cool or Archive and deletes what is past its retention without anyone remembering to.
#   The rule reports the storage account when it is declared in the same files as the workspace and
#   no management policy for it is; it stays silent when the account is created elsewhere.
# custom:
#   id: AIL405
#   slug: model-storage-without-lifecycle
#   severity: info
#   formats: [terraform, arm, bicep]
#   resource_types:
#     - azurerm_machine_learning_workspace
#     - azurerm_ai_foundry
#     - azurerm_storage_account
#     - azurerm_storage_management_policy
#     - Microsoft.MachineLearningServices/workspaces
#     - Microsoft.Storage/storageAccounts
#     - Microsoft.Storage/storageAccounts/managementPolicies
#   default: on
#   remediation: |
#     Terraform: add an `azurerm_storage_management_policy` with `storage_account_id` set to the
#     account's `id` and a `rule` whose `filters` select block blobs (`blob_types = ["blockBlob"]`,
#     optionally `prefix_match` on a container or path) and whose `actions` `base_blob` block tiers
#     them to cool and archive and deletes them after your retention
#     (`tier_to_cool_after_days_since_modification_greater_than`,
#     `tier_to_archive_after_days_since_modification_greater_than`,
#     `delete_after_days_since_modification_greater_than`; for example archive model versions
#     after 90 days), with `snapshot` and `version` blocks for snapshots and blob versions.
#     ARM/Bicep: add a `Microsoft.Storage/storageAccounts/managementPolicies` child named `default`
#     (`<account>/default`, or `parent: account` in Bicep) with `properties.policy.rules` of type
#     `Lifecycle`. Keep registered production models out of the delete action (their own container or
#     prefix).
#   tags: [cost, storage]
#   references:
#     - url: https://learn.microsoft.com/azure/storage/blobs/lifecycle-management-overview
#       title: Azure Blob Storage lifecycle management overview
#     - url: https://learn.microsoft.com/azure/machine-learning/concept-workspace
#       title: What is an Azure Machine Learning workspace? (associated resources)
package ailint.rules.model_storage_without_lifecycle

import data.ailint.lib

arm_account_type := "microsoft.storage/storageaccounts"

arm_policy_type := "microsoft.storage/storageaccounts/managementpolicies"

arm_workspace_type := "microsoft.machinelearningservices/workspaces"

tf_workspaces := {"azurerm_machine_learning_workspace": "ML workspace", "azurerm_ai_foundry": "AI Foundry hub"}

# ---------------------------------------------------------------------------------------------
# The unit's workspaces, the storage account each one names, and the unit's storage accounts
# (azurerm, and ARM-shaped ones: ARM, Bicep, `azapi_resource` in Terraform)
# ---------------------------------------------------------------------------------------------

workspaces contains w if {
	some t, _ in tf_workspaces
	some w in lib.resources_of(t)
}

workspaces contains w if {
	lib.is_arm
	some w in input.resources
	lower(w.type) == arm_workspace_type
}

storage_ref(w) := lib.get(w.config, ["storage_account_id"], null) if {
	not lib.arm_shaped(w)
} else := lib.get(w.config, ["properties", "storageAccount"], null)

accounts contains a if some a in lib.resources_of("azurerm_storage_account")

accounts contains a if {
	lib.is_arm
	some a in input.resources
	lower(a.type) == arm_account_type
}

# points_to(v, a): v refers to the account a (`azurerm_storage_account.x.id`, `[resourceId(...)]`,
# Bicep `account.id`) or is its literal resource id.
points_to(v, a) if lib.points_to_resource(v, a, "Microsoft.Storage/storageAccounts")

# ---------------------------------------------------------------------------------------------
# Lifecycle management policies
# ---------------------------------------------------------------------------------------------

tf_policies := lib.resources_of("azurerm_storage_management_policy")

arm_policies := [p |
	lib.is_arm
	some p in input.resources
	lower(p.type) == arm_policy_type
]

covers(p, a) if {
	not lib.arm_shaped(p)
	points_to(lib.get(p.config, ["storage_account_id"], null), a)
}

# An ARM policy is the account's child `<account>/default` (nested and Bicep `parent:` children
# get that name too); classic templates build the name from the account's expression; an
# `azapi_resource` policy carries its `parent_id` in `dependsOn`.
covers(p, a) if {
	lib.arm_shaped(p)
	lib.arm_shaped(a)
	startswith(lower(p.name), lower(sprintf("%s/", [a.name])))
}

covers(p, a) if {
	lib.arm_shaped(p)
	lib.arm_shaped(a)
	startswith(a.name, "[")
	startswith(p.name, "[")
	contains(lower(p.name), lower(trim_suffix(trim_prefix(a.name, "["), "]")))
}

covers(p, a) if {
	lib.arm_shaped(p)
	some d in lib.items(lib.get(p.config, ["dependsOn"], []))
	lib.depends_on_resource(d, a)
}

# A policy whose account cannot be told (`storage_account_id = var.account_id`, a module output,
# an ARM name built from a parameter that names none of the unit's accounts, an azapi `parent_id`
# that is a variable) could be for any of them: the rule stays silent for the whole unit rather
# than guess.
opaque(p) if {
	not lib.arm_shaped(p)
	v := lib.get(p.config, ["storage_account_id"], null)
	lib.is_unknown(v)
	not covers_any(p)
}

opaque(p) if {
	lib.arm_shaped(p)
	contains(p.name, "[")
	not covers_any(p)
}

# An `azapi_resource` policy (its name is the child's own, `default`) whose `parent_id` names no
# account of the unit.
opaque(p) if {
	lib.arm_shaped(p)
	not contains(p.name, "/")
	not covers_any(p)
}

covers_any(p) if {
	some a in accounts
	covers(p, a)
}

any_opaque if {
	some p in array.concat(tf_policies, arm_policies)
	opaque(p)
}

managed(a) if {
	some p in array.concat(tf_policies, arm_policies)
	covers(p, a)
}

# A Terraform module ailint cannot read, or a linked ARM deployment, that is given the account
# may create its policy.
managed(a) if lib.given_to_unread_module(a)

managed(a) if lib.given_to_linked_deployment(a)

# ---------------------------------------------------------------------------------------------
# The finding, once per storage account, on the account
# ---------------------------------------------------------------------------------------------

workspace_label(w) := sprintf("%s %s", [tf_workspaces[w.type], w.id]) if {
	not lib.arm_shaped(w)
} else := sprintf("%s %s", [arm_kind(w), w.id]) if {
	lib.is_terraform
} else := sprintf("%s `%s`", [arm_kind(w), w.id]) if {
	input.format == "bicep"
} else := sprintf("%s `%s`", [arm_kind(w), w.name]) if {
	not startswith(w.name, "[")
} else := sprintf("the %s of this template", [arm_kind(w)])

arm_kind(w) := "AI Foundry hub" if {
	lib.equals_ci(lib.get(w.config, ["kind"], null), "Hub")
} else := "ML workspace"

account_subject(a) := sprintf("Storage account %s", [a.id]) if {
	input.format != "arm"
} else := s if {
	s := lib.subject("Storage account", a)
}

policy_kind := "`azurerm_storage_management_policy` whose `storage_account_id` refers to it" if {
	lib.is_terraform
} else := "`managementPolicies/default` child"

deny contains f if {
	not any_opaque
	some a in accounts
	users := sort([workspace_label(w) |
		some w in workspaces
		points_to(storage_ref(w), a)
	])
	count(users) > 0
	not managed(a)
	f := lib.finding(a, [], sprintf(
		"%s is the default storage of %s but has no lifecycle management policy (no %s): model versions, checkpoints, job outputs and snapshots accumulate in the Hot tier forever; add a policy that moves old blobs to Cool or Archive and deletes them after your retention",
		[account_subject(a), concat(" and ", users), policy_kind],
	))
}
