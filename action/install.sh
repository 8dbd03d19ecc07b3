#!/usr/bin/env bash
# Installs ailint into ~/.ailint (restored from the cache when possible) and puts it on the PATH of
# the following steps: from the action's own checkout, or from the repository at INPUT_VERSION.
set -euo pipefail
prefix="$HOME/.ailint"
if [ "${CACHE_HIT:-}" != "true" ] || [ ! -x "$prefix/bin/ailint" ]; then
  if [ -n "${INPUT_VERSION:-}" ]; then
    cargo install --locked --root "$prefix" --git "https://github.com/ailint/ailint" --rev "$INPUT_VERSION" ailint
  else
    cargo install --locked --root "$prefix" --path "${GITHUB_ACTION_PATH:?}"
  fi
fi
echo "$prefix/bin" >> "${GITHUB_PATH:?}"
"$prefix/bin/ailint" --version
