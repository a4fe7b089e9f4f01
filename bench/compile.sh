#!/usr/bin/env bash
# Generates N varied specs and times `glidepath compile` over them with a release build.
# Usage: bench/compile.sh [N]   (default 200). Prints specs/second and one compile's time.
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-200}
bash scripts/setup.sh
swift build -c release >/dev/null
glidepath=$PWD/.build/release/glidepath
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

bash bench/generate-specs.sh "$count" "$work"

start=$(date +%s%N)
for i in $(seq 1 "$count"); do
  "$glidepath" compile "$work/svc$i.yaml" --out "$work/out/svc$i" >/dev/null
done
end=$(date +%s%N)
elapsed_ms=$(( (end - start) / 1000000 ))

one_start=$(date +%s%N)
"$glidepath" compile examples/orders-shipping-zone.yaml --out "$work/one" >/dev/null
one_end=$(date +%s%N)

echo "specs: $count"
echo "total: ${elapsed_ms} ms (one process per spec)"
awk -v n="$count" -v ms="$elapsed_ms" 'BEGIN { printf "specs/second: %.1f\n", n * 1000 / ms }'
echo "one compile (orders-shipping-zone): $(( (one_end - one_start) / 1000000 )) ms"
