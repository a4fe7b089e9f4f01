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
# A GitOps repository as a team would have it, built the way a team gets there: the specs'
# first pull request at their baseline (the Rollout runs what serves traffic now: Argo Rollouts
# creates a new Rollout at 100% without steps), then the version change as a second commit,
# then the pull-request drift check. The specs live in the repository's own specs/ folder, as
# in a monorepo. Starts afresh on each run.
rm -rf out/gitops
git init --quiet --initial-branch=main out/gitops
export GIT_AUTHOR_NAME="${GIT_AUTHOR_NAME:-glidepath examples}" GIT_AUTHOR_EMAIL="${GIT_AUTHOR_EMAIL:-examples@glidepath.invalid}"
export GIT_COMMITTER_NAME="${GIT_COMMITTER_NAME:-$GIT_AUTHOR_NAME}" GIT_COMMITTER_EMAIL="${GIT_COMMITTER_EMAIL:-$GIT_AUTHOR_EMAIL}"
mkdir -p out/gitops/specs
for spec in examples/*.yaml; do
  sed 's/^  stage: canary$/  stage: baseline/' "$spec" > "out/gitops/specs/$(basename "$spec")"
done
$glidepath publish out/gitops/specs --repo out/gitops --repo-url https://git.example.com/platform/gitops.git \
  --message "glidepath: baselines of the examples"
cp examples/*.yaml out/gitops/specs/
$glidepath publish out/gitops/specs --repo out/gitops --message "glidepath: the examples' version changes"
$glidepath check-repo out/gitops/specs --repo out/gitops
git -C out/gitops log --format='%h %s'
git -C out/gitops log --format='%(trailers:only)' -1
echo "runbooks: open out/site/index.html (or out/<example>/runbook.html); GitOps repository: out/gitops/"
if [ -x ../shared/tools/validate-manifests ]; then
  echo
  # The site holds the same manifests again; validate each compile folder once.
  ../shared/tools/validate-manifests $(for spec in examples/*.yaml; do echo "out/$(basename "$spec" .yaml)"; done) \
    out/gitops/apps/*/migrations/*/application.yaml
fi
