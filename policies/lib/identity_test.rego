package ailint.lib.identity_test

import data.ailint.lib

test_account_kind_names if {
	lib.idn_account_kind({"type": "azurerm_cognitive_account", "config": {"kind": "OpenAI"}}) == "Azure OpenAI account"
	lib.idn_account_kind({"type": "Microsoft.CognitiveServices/accounts", "config": {"kind": "openai"}}) == "Azure OpenAI account"
	lib.idn_account_kind({"type": "azurerm_ai_services", "config": {}}) == "AI Services account"
	lib.idn_account_kind({"type": "Microsoft.CognitiveServices/accounts", "config": {"kind": "AIServices"}}) == "AI Services account"
	lib.idn_account_kind({"type": "azurerm_cognitive_account", "config": {"kind": "SpeechServices"}}) == "Cognitive Services account"
	lib.idn_account_kind({"type": "azurerm_cognitive_account", "config": {"kind": {"$unknown": "var.kind", "$refs": ["var.kind"]}}}) == "Cognitive Services account"
}
