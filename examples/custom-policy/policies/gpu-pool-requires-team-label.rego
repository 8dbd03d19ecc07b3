# METADATA
# title: GPU node pool without a team label
# description: |
#   At ACME every GPU node pool carries a `team` node label so that the platform team can
#   schedule, charge back and page the right people when a pool misbehaves.
# custom:
#   id: ACME001
#   slug: gpu-pool-requires-team-label
#   severity: warning
#   formats: [terraform]
#   resource_types: [azurerm_kubernetes_cluster_node_pool]
#   default: on
#   remediation: |
#     Terraform: add `node_labels = { team = "<your team>" }` to the node pool.
#   tags: [ownership]
#   url: https://wiki.example.com/platform/gpu-pools
package ailint.rules.gpu_pool_requires_team_label

import data.ailint.lib

deny contains f if {
	input.format == "terraform"
	some r in lib.resources_of("azurerm_kubernetes_cluster_node_pool")
	lib.is_gpu_sku(lib.get(r.config, ["vm_size"], null))
	labels := lib.get(r.config, ["node_labels"], {})
	lib.is_known(labels)
	not labels.team
	f := lib.finding(r, ["node_labels"], sprintf("GPU node pool %s has no `team` node label; add `node_labels = { team = \"...\" }`", [r.id]))
}
