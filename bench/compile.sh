#!/usr/bin/env bash
# Generates N varied specs and times `glidepath compile` over them with a release build.
# Usage: bench/compile.sh [N]   (default 200). Prints specs/second and one compile's time.
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-200}
swift build -c release >/dev/null
glidepath=$PWD/.build/release/glidepath
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

for i in $(seq 1 "$count"); do
  steps=$(( 3 + i % 5 ))
  weights=""
  for s in $(seq 1 "$steps"); do
    w=$(( s * 100 / steps ))
    if [ "$s" -lt "$steps" ]; then
      weights+="    - { weight: $w, pause: $(( 2 + s ))m, analysis: $([ $((s % 2)) -eq 1 ] && echo true || echo false) }"$'\n'
    else
      weights+="    - { weight: 100 }"$'\n'
    fi
  done
  routing=$([ $((i % 3)) -eq 0 ] && echo subset || echo host)
  cat >"$work/svc$i.yaml" <<SPEC
apiVersion: glidepath.dev/v1alpha1
kind: Migration
metadata:
  name: migration-$i
  service: svc$i
  namespace: team-$(( i % 7 ))
  owners: [team-$(( i % 7 ))]
slo:
  errorRate: { max: 0.$(( 1 + i % 5 ))%, for: 2m }
  latency:
    p95: { max: $(( 100 + i ))ms, maxIncrease: 15% }
profile: { peakRPS: $(( 500 + i * 10 )) }
traffic:
  routing: $routing
  steps:
$weights  mirror: { host: shadow$i.example.com, percent: 10%, methods: [GET, HEAD] }
workload:
  replicas: $(( 2 + i % 4 ))
  template: { image: registry.example.com/svc$i:1.$i.0 }
SPEC
done

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
