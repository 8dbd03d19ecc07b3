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
