#!/usr/bin/env bash
# The main job on the examples: check every spec, print its plan, compile it into
# out/<example>/ (manifests ready for kustomize and Argo CD, SQL phase files, runbook), and
# render the runbook site into out/site/ (and check that the committed site/ is fresh), and
# publish them into a throwaway GitOps repository out/gitops/ with its drift check.
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
echo
# A GitOps repository as a team would have it: every example published in one commit, then
# the pull-request drift check. Starts afresh on each run.
rm -rf out/gitops
git init --quiet --initial-branch=main out/gitops
export GIT_AUTHOR_NAME="${GIT_AUTHOR_NAME:-glidepath examples}" GIT_AUTHOR_EMAIL="${GIT_AUTHOR_EMAIL:-examples@glidepath.invalid}"
export GIT_COMMITTER_NAME="${GIT_COMMITTER_NAME:-$GIT_AUTHOR_NAME}" GIT_COMMITTER_EMAIL="${GIT_COMMITTER_EMAIL:-$GIT_AUTHOR_EMAIL}"
$glidepath publish examples/*.yaml --repo out/gitops --repo-url https://git.example.com/platform/gitops.git
$glidepath check-repo examples/*.yaml --repo out/gitops
git -C out/gitops log --format='%h %s%n%(trailers:only)' -1
echo "runbooks: open out/site/index.html (or out/<example>/runbook.html); GitOps repository: out/gitops/"
if [ -x ../shared/tools/validate-manifests ]; then
  echo
  # The site holds the same manifests again; validate each compile folder once.
  ../shared/tools/validate-manifests $(for spec in examples/*.yaml; do echo "out/$(basename "$spec" .yaml)"; done) \
    out/gitops/apps/*/migrations/*/application.yaml
fi
