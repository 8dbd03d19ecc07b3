#!/usr/bin/env bash
# Whole-run benchmark of the release binary on a generated corpus: full check time with --jobs 1
# and 2 (wall, CPU, peak RSS from /usr/bin/time), the in-process parse-only vs full-check ratio
# and per-format parse throughput (examples/measure), and single-file cold start; then the same
# figures and the per-unit evaluation times (examples/evalprof) on the real public files of
# benches/real (see its SOURCES.md) and tests/data.
# Usage: scripts/bench.sh [FILES=10000] [SEED=1]   (the corpus is cached in /tmp/ailint-corpus-N-S)
set -euo pipefail
cd "$(dirname "$0")/.."
# The binary turns off library backtraces itself (RUST_LIB_BACKTRACE=0 unless set); unset both so
# that the measurement does not depend on the caller's shell.
unset RUST_BACKTRACE RUST_LIB_BACKTRACE
files=${1:-10000}
seed=${2:-1}
corpus=/tmp/ailint-corpus-$files-$seed

cargo build --release --quiet --bin ailint --example corpus --example measure --example evalprof
bin=target/release/ailint
if [ ! -d "$corpus" ]; then
  target/release/examples/corpus --files "$files" --seed "$seed" "$corpus"
fi
echo "== corpus $corpus ($(find "$corpus" -type f | wc -l) files, $(du -sh "$corpus" | cut -f1))"

run() { # label, files, args...: one run, prints wall s, CPU s, peak RSS
  local label=$1 files=$2; shift 2
  local t; t=$(mktemp)
  /usr/bin/time -f "%e %U %S %M" -o "$t" "$bin" check "$@" --no-config --format json >/dev/null || true
  read -r wall user sys rss < <(tail -n 1 "$t")
  rm -f "$t"
  awk -v l="$label" -v w="$wall" -v u="$user" -v s="$sys" -v r="$rss" -v n="$files" \
    'BEGIN { printf "%-28s wall %7.2f s  cpu %7.2f s  %8.0f files/s  peak RSS %6.1f MB\n", l, w, u + s, n / w, r / 1024 }'
}

echo "== full check (binary, /usr/bin/time)"
run "check --jobs 1" "$files" "$corpus" --jobs 1
run "check --jobs 2" "$files" "$corpus" --jobs 2

echo "== parse-only vs full check (in process, examples/measure, 1 round)"
target/release/examples/measure "$corpus" 1

echo "== single-file cold start (policy compilation included), fastest of 15"
one=$(mktemp -d)
cat > "$one/main.tf" <<'TF'
resource "azurerm_kubernetes_cluster_node_pool" "gpu" {
  name                  = "gpu"
  kubernetes_cluster_id = azurerm_kubernetes_cluster.aks.id
  vm_size               = "Standard_NC24ads_A100_v4"
  min_count             = 0
  max_count             = 4
  tags                  = { workload = "inference" }
}
TF
python3 - "$bin" "$one/main.tf" fixtures/demo/arm/ml-platform.json fixtures/demo/terraform/aks.tf \
  fixtures/demo/k8s/inference.yaml <<'PY'
import subprocess, sys, time
for path in sys.argv[2:]:
    best = min(
        (lambda s: (subprocess.run([sys.argv[1], "check", path, "--no-config", "--format", "json"],
                                   stdout=subprocess.DEVNULL), time.perf_counter() - s)[1])(time.perf_counter())
        for _ in range(15)
    )
    print(f"ailint check {path}: {best * 1e3:.1f} ms")
PY
rm -rf "$one"

real=(benches/real tests/data)
echo "== real public files: ${real[*]} ($(find "${real[@]}" -type f | wc -l) files, $(du -shc "${real[@]}" | tail -n 1 | cut -f1))"
n_real=$(find "${real[@]}" -type f | wc -l)
run "check --jobs 1" "$n_real" "${real[@]}" --jobs 1
run "check --jobs 2" "$n_real" "${real[@]}" --jobs 2
big=benches/real/avm/avm/ptn/ai-platform/baseline/main.json
run "check one 1.7 MB template" 1 "$big"
for dir in "${real[@]}"; do
  echo "== parse-only vs full check, $dir (examples/measure, 3 rounds)"
  target/release/examples/measure "$dir" 3
  echo "== evaluation per unit, $dir (examples/evalprof, fastest of 3)"
  target/release/examples/evalprof "$dir" 3
done
