#!/usr/bin/env bash
# Times the runbook: one `compile` (manifests, SQL and runbook), the example site, and a site
# of N generated specs, with a release build. Usage: bench/site.sh [N] (default 100).
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-100}
swift build -c release >/dev/null
glidepath=$PWD/.build/release/glidepath
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bash bench/generate-specs.sh "$count" "$work/specs"

millis() { echo $(( $(date +%s%N) / 1000000 )); }
best() { # best of 5 runs of a command, in ms
  local best=999999999
  for _ in 1 2 3 4 5; do
    local start; start=$(millis)
    "$@" >/dev/null
    local took=$(( $(millis) - start ))
    [ "$took" -lt "$best" ] && best=$took
  done
  echo "$best"
}

echo "one compile with runbook (orders-shipping-zone): $(best "$glidepath" compile examples/orders-shipping-zone.yaml --out "$work/one") ms"
echo "one check only (orders-shipping-zone): $(best "$glidepath" check examples/orders-shipping-zone.yaml) ms"
echo "example site (3 specs): $(best "$glidepath" site examples --out "$work/site") ms"
echo "generated site ($count specs): $(best "$glidepath" site "$work/specs" --out "$work/big") ms"
echo "files in the generated site: $(find "$work/big" -type f | wc -l)"
