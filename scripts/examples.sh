#!/usr/bin/env bash
# The main job on the examples: check every spec, print its plan, compile it into
# out/<example>/ (manifests ready for kustomize and Argo CD, SQL phase files, runbook), and
# render the runbook site into out/site/ (and check that the committed site/ is fresh).
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
echo
$glidepath site examples --out out/site
$glidepath site examples --out site --check
echo "runbooks: open out/site/index.html (or out/<example>/runbook.html)"
if [ -x ../shared/tools/validate-manifests ]; then
  echo
  # The site holds the same manifests again; validate each compile folder once.
  ../shared/tools/validate-manifests $(for spec in examples/*.yaml; do echo "out/$(basename "$spec" .yaml)"; done)
fi
