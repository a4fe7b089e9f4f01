#!/usr/bin/env bash
# Times `glidepath publish` into a real git repository, with a release build:
#   one spec, first publish and unchanged re-publish;
#   N generated specs into one repository, first publish, unchanged re-publish, one spec changed;
#   P publishers of different migrations racing with --push on one bare remote.
# Usage: bench/publish.sh [N] [P] (defaults 100 and 16).
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-100}
racers=${2:-16}
swift build -c release >/dev/null
glidepath=$PWD/.build/release/glidepath
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bash bench/generate-specs.sh "$count" "$work/specs"
export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.com GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.com

millis() { echo $(( $(date +%s%N) / 1000000 )); }
timed() { # one run of a command, in ms
  local start; start=$(millis)
  "$@" >/dev/null
  echo $(( $(millis) - start ))
}
fresh_repo() { # a bare remote and a clone with one commit
  git init --quiet --bare --initial-branch=main "$1.git"
  git clone --quiet "$1.git" "$1" 2>/dev/null
  git -C "$1" checkout --quiet -B main
  git -C "$1" commit --quiet --allow-empty -m start
  git -C "$1" push --quiet origin main
}

fresh_repo "$work/one"
echo "1 spec, first publish: $(timed "$glidepath" publish examples/orders-shipping-zone.yaml --repo "$work/one") ms"
echo "1 spec, unchanged re-publish: $(timed "$glidepath" publish examples/orders-shipping-zone.yaml --repo "$work/one") ms"

fresh_repo "$work/many"
echo "$count specs, first publish: $(timed "$glidepath" publish "$work"/specs/*.yaml --repo "$work/many") ms"
echo "$count specs, unchanged re-publish: $(timed "$glidepath" publish "$work"/specs/*.yaml --repo "$work/many") ms"
sed -i 's/owners: \[team-1\]/owners: [team-1, sre]/' "$work/specs/svc1.yaml"
echo "$count specs, one spec changed: $(timed "$glidepath" publish "$work"/specs/*.yaml --repo "$work/many") ms"
echo "$count specs, check-repo in sync: $(timed "$glidepath" check-repo "$work"/specs/*.yaml --repo "$work/many") ms"
echo "files in the repository: $(git -C "$work/many" ls-files | wc -l)"

fresh_repo "$work/race"
for i in $(seq 1 "$racers"); do
  git clone --quiet "$work/race.git" "$work/racer$i" 2>/dev/null
done
start=$(millis)
pids=()
for i in $(seq 1 "$racers"); do
  "$glidepath" publish "$work/specs/svc$i.yaml" --repo "$work/racer$i" --push --retries 30 >"$work/racer$i.out" 2>"$work/racer$i.err" &
  pids+=($!)
done
failed=0
for pid in "${pids[@]}"; do wait "$pid" || failed=$((failed + 1)); done
landed=$(git -C "$work/race.git" log --format=%s main | grep -c '^glidepath: publish' || true)
rebuilt=$(cat "$work"/racer*.err | grep -c 'moved; rebuilding' || true)
echo "$racers racing publishers: $landed landed, $failed failed, $rebuilt rebuilds, $(( $(millis) - start )) ms in all"
