#!/usr/bin/env bash
# Computes the cache key of the ailint build: the requested version, or a hash of the action's own
# sources (an action used at a branch changes under the same ref, so the ref alone is not enough).
set -euo pipefail
root="${GITHUB_ACTION_PATH:?}"
if [ -n "${INPUT_VERSION:-}" ]; then
  source_id="ref-${INPUT_VERSION}"
else
  source_id="src-$(cd "$root" && find Cargo.toml Cargo.lock build.rs src policies fixtures -type f -print0 \
    | sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16)"
fi
echo "key=ailint-${RUNNER_OS:-unknown}-${RUNNER_ARCH:-unknown}-${source_id}" >> "${GITHUB_OUTPUT:?}"
