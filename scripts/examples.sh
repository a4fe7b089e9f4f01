#!/usr/bin/env bash
# The main job on the examples: check every spec, print its plan, and compile it into
# out/<example>/ (manifests ready for kustomize and Argo CD).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
swift build -c release
glidepath=.build/release/glidepath
$glidepath check examples/*.yaml
for spec in examples/*.yaml; do
  name=$(basename "$spec" .yaml)
  echo
  $glidepath plan "$spec"
  $glidepath compile "$spec" --out "out/$name"
done
if [ -x ../shared/tools/validate-manifests ]; then
  echo
  ../shared/tools/validate-manifests out
fi
