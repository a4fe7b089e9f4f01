#!/usr/bin/env bash
# Writes N varied specs into a folder, for the benchmarks.
# Usage: bench/generate-specs.sh N FOLDER
set -euo pipefail
count=$1
work=$2
mkdir -p "$work"
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
  from: registry.example.com/svc$i:1.$(( i - 1 )).0
  template: { image: registry.example.com/svc$i:1.$i.0 }
SPEC
done

