#!/usr/bin/env bash
# Runs ailint for the Action: annotations on stdout (GitHub workflow commands), a Markdown summary
# appended to $GITHUB_STEP_SUMMARY (the findings, then the GPU inventory unless `inventory` is
# false), SARIF when asked, and the `findings` and `sarif-file` outputs. The step's exit status is
# the check's: 0 clean, 1 findings at or above fail-on, 2 error.
set -uo pipefail

tmp="${RUNNER_TEMP:-$(mktemp -d)}/ailint-$$"
mkdir -p "$tmp"
read -r -a paths <<< "${INPUT_PATH:-.}"
[ "${#paths[@]}" -gt 0 ] || paths=(.)

args=(check "${paths[@]}" --format github --fail-on "${INPUT_FAIL_ON:-warning}"
  --report "json=$tmp/report.json" --report "markdown=$tmp/summary.md")
if [ -n "${INPUT_CONFIG:-}" ]; then
  args+=(--config "$INPUT_CONFIG")
fi
if [ -n "${INPUT_SARIF_FILE:-}" ]; then
  args+=(--report "sarif=$INPUT_SARIF_FILE")
fi
if [ "${INPUT_CHANGED_ONLY:-false}" = "true" ]; then
  # The pull request's base branch, as the checkout knows it (origin/<base> after a full
  # checkout); never a silent full run when there is none.
  if [ -z "${BASE_REF:-}" ]; then
    echo "::error title=ailint::changed-only needs a pull_request event (github.base_ref is empty)"
    no_base=1
  else
    base="$BASE_REF"
    if git rev-parse --verify --quiet "refs/remotes/origin/$BASE_REF" > /dev/null 2>&1; then
      base="origin/$BASE_REF"
    fi
    args+=(--changed-since "$base")
  fi
fi

if [ -n "${no_base:-}" ]; then
  status=2
else
  "${AILINT:-ailint}" "${args[@]}"
  status=$?
fi

if [ -f "$tmp/summary.md" ] && [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  cat "$tmp/summary.md" >> "$GITHUB_STEP_SUMMARY"
fi

# The inventory informs the review; it never changes the step's status.
if [ "${INPUT_INVENTORY:-true}" != "false" ] && [ -z "${no_base:-}" ] && [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  inventory=(inventory "${paths[@]}" --format markdown --output "$tmp/inventory.md")
  if [ -n "${INPUT_CONFIG:-}" ]; then
    inventory+=(--config "$INPUT_CONFIG")
  fi
  if [ -n "${base:-}" ]; then
    inventory+=(--changed-since "$base")
  fi
  if "${AILINT:-ailint}" "${inventory[@]}" 2> "$tmp/inventory.err"; then
    # Only when there is something to show (a table): most repositories declare no GPUs.
    if grep -q '^| ' "$tmp/inventory.md"; then
      { echo; cat "$tmp/inventory.md"; } >> "$GITHUB_STEP_SUMMARY"
    fi
  else
    echo "::warning title=ailint::the GPU inventory could not be listed: $(head -n 1 "$tmp/inventory.err")"
  fi
fi
# The summary's count is the first `"findings": N` of the (pretty-printed) JSON report.
findings=""
if [ -f "$tmp/report.json" ]; then
  findings=$(sed -n 's/^ *"findings": \([0-9][0-9]*\),\{0,1\}$/\1/p' "$tmp/report.json" | head -n 1)
fi
{
  echo "findings=${findings}"
  if [ -n "${INPUT_SARIF_FILE:-}" ] && [ -f "$INPUT_SARIF_FILE" ]; then
    echo "sarif-file=$INPUT_SARIF_FILE"
  else
    echo "sarif-file="
  fi
} >> "${GITHUB_OUTPUT:?}"
rm -rf "$tmp"
exit "$status"
