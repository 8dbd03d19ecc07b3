# METADATA
# title: Content filter runs asynchronously (streams unfiltered tokens)
# description: |
#   A content filter (RAI) policy in `Asynchronous_filter` mode (called `Deferred` before API
#   version 2025-06-01) streams completion tokens to the caller as soon as the model produces them
#   and runs the filters afterwards. Hateful, sexual, violent or self-harm text that the policy
#   would block is already on the user's screen when the filter's verdict arrives, and the
#   application has to retract it itself. In the `Default` streaming mode the service buffers the
#   completion and releases each chunk only after the filters have passed it. Keep asynchronous
#   filtering to internal tools whose clients redact content on the delayed signal.
# custom:
#   id: AIL205
#   slug: content-filter-async-mode
#   severity: warning
#   formats: [terraform, arm, bicep]
#   resource_types:
#     - azurerm_cognitive_account_rai_policy
#     - Microsoft.CognitiveServices/accounts/raiPolicies
#   default: on
#   fix: unsafe
#   remediation: |
#     Terraform: in `azurerm_cognitive_account_rai_policy`, set `mode = "Default"`.
#     ARM/Bicep: in `Microsoft.CognitiveServices/accounts/raiPolicies`, set `properties.mode` to
#     `Default`.
#     Streaming clients then receive the completion in filtered chunks instead of token by token,
#     and a chunk that a filter blocks ends the stream with a content-filter error: check that the
#     application handles both before you switch.
#   tags: [security, content-safety, openai]
#   references:
#     - azure_policy: c1ad46c6-37f8-4af0-9c71-c208375c87dd
#       title: "[Preview]: Cognitive Services Deployments Should Only Use Allowed Control Mode"
#     - url: https://learn.microsoft.com/azure/ai-services/openai/concepts/content-streaming
#       title: Azure OpenAI content streaming (Default and Asynchronous Filter modes)
#     - url: https://learn.microsoft.com/azure/ai-services/openai/concepts/content-filter
#       title: Azure OpenAI content filtering
package ailint.rules.content_filter_async_mode

import data.ailint.lib

# The modes that filter after streaming, lower-cased: `Asynchronous_filter` and the name it had
# before API version 2025-06-01, `Deferred` (RaiPolicyMode: "It is the same as 'Deferred' in
# previous version"). `Default` and `Blocking` filter before content is returned.
async_modes := {"asynchronous_filter", "deferred"}

is_async(v) if {
	is_string(v)
	lower(v) in async_modes
}

mode_note(v) := " (the name `Asynchronous_filter` had before API version 2025-06-01)" if {
	lower(v) == "deferred"
} else := ""

consequence := "completion tokens stream to the caller before the content filter has judged them, so harmful text the policy would block is already shown to the user when the filter's verdict arrives"

# ---------------------------------------------------------------------------------------------
# Terraform
# ---------------------------------------------------------------------------------------------

deny contains f if {
	lib.is_terraform
	some p in lib.resources_of("azurerm_cognitive_account_rai_policy")
	v := lib.get(p.config, ["mode"], null)
	is_async(v)
	f := lib.finding_fix(p, ["mode"], sprintf(
		"%s sets `mode = \"%s\"`%s: %s; set `mode = \"Default\"` to filter each chunk before it is returned",
		[lib.subject("RAI policy", p), v, mode_note(v), consequence],
	), {"set": "Default"})
}

# ---------------------------------------------------------------------------------------------
# ARM and Bicep (and azapi_resource in Terraform, lowered to the ARM shape)
# ---------------------------------------------------------------------------------------------

deny contains f if {
	lib.is_arm
	some p in lib.arm_resources("Microsoft.CognitiveServices/accounts/raiPolicies")
	v := lib.get(p.config, ["properties", "mode"], null)
	is_async(v)
	f := lib.finding_fix(p, ["properties", "mode"], sprintf(
		"%s sets `mode` to \"%s\"%s: %s; set it to \"Default\" to filter each chunk before it is returned",
		[lib.idn_rai_policy_subject(p), v, mode_note(v), consequence],
	), {"set": "Default"})
}
