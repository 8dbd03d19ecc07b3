# Helpers shared by the identity, key and content-safety rules (AIL2xx): which resources are AI
# services accounts and how a message names them. Names start with `idn_` so that they cannot
# clash with helpers of other families.
package ailint.lib

# Terraform types of an Azure AI services (Cognitive Services) account.
idn_tf_account_types := {"azurerm_cognitive_account", "azurerm_ai_services"}

# The ARM type of the same accounts (compare with `arm_resources`, case-insensitively).
idn_arm_account_type := "Microsoft.CognitiveServices/accounts"

# idn_account_kind(r): how a message names an AI services account, from its `kind` (Terraform
# `kind`, ARM `kind`): "Azure OpenAI account", "AI Services account" or "Cognitive Services account".
idn_account_kind(r) := "Azure OpenAI account" if {
	equals_ci(get(r.config, ["kind"], ""), "OpenAI")
} else := "AI Services account" if {
	r.type == "azurerm_ai_services"
} else := "AI Services account" if {
	equals_ci(get(r.config, ["kind"], ""), "AIServices")
} else := "Cognitive Services account"

# idn_rai_policy_subject(p): how a message names an ARM-shaped RAI policy: its address in Terraform
# (azapi), its literal `account/policy` name, its own literal name when the account is an
# expression (`[format('{0}/{1}', parameters('account'), 'name')]`), else "This RAI policy".
idn_rai_policy_subject(p) := sprintf("RAI policy %s", [p.id]) if {
	is_terraform
} else := sprintf("RAI policy `%s`", [n]) if {
	n := _idn_rai_policy_name(p)
} else := "This RAI policy"

_idn_rai_policy_name(p) := p.name if {
	is_string(p.name)
	not startswith(p.name, "[")
} else := n if {
	n := get(p.config, ["name"], null)
	is_string(n)
	not startswith(n, "[")
} else := m[0][1] if {
	n := get(p.config, ["name"], null)
	is_unknown(n)
	m := regex.find_all_string_submatch_n(`,\s*'(?:[^']*/)?([a-zA-Z0-9][a-zA-Z0-9_.-]*)'\)\]$`, n["$unknown"], 1)
	count(m) == 1
}
