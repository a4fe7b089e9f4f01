#!/usr/bin/env bash
# Times `glidepath publish` and `check-repo` into real git repositories, with a release build,
# as medians of several runs (hyperfine) and peak memory (/usr/bin/time -v):
#   N generated specs (default 1,000) and L (default 10,000) into their own repositories:
#     first publish, unchanged re-publish, check-repo in sync, one spec changed (N only);
#   P publishers of different migrations racing with --push on one bare remote.
# Usage: bench/publish.sh [N] [L] [P] (defaults 1000, 10000 and 16). Installs hyperfine and
# time when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-1000}
large=${2:-10000}
racers=${3:-16}

missing=()
command -v hyperfine >/dev/null 2>&1 || missing+=(hyperfine)
[ -x /usr/bin/time ] || missing+=(time)
command -v git >/dev/null 2>&1 || missing+=(git)
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

bash scripts/setup.sh
swift build -c release --product glidepath >/dev/null 2>&1
glidepath=$PWD/.build/release/glidepath
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.com GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.com

median() { # hyperfine JSON -> "median ms (min-max, n runs)"
  python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]; t=sorted(r["times"]); print("%.0f ms median (%.0f-%.0f, %d runs)" % (r["median"]*1000, t[0]*1000, t[-1]*1000, len(t)))' "$1"
}
once() { # command... -> "wall s, peak RSS MB"
  /usr/bin/time -f "%e %M" -o "$work/once.txt" "$@" >/dev/null
  awk '{ printf "%.2f s wall, %.0f MB peak RSS", $1, $2 / 1024 }' "$work/once.txt"
}
fresh_repo() { # a bare remote and a clone with one commit
  git init --quiet --bare --initial-branch=main "$1.git"
  git clone --quiet "$1.git" "$1" 2>/dev/null
  git -C "$1" checkout --quiet -B main
  git -C "$1" commit --quiet --allow-empty -m start
  git -C "$1" push --quiet origin main
}

for n in "$count" "$large"; do
  specs="$work/specs-$n"
  repo="$work/repo-$n"
  bash bench/generate-specs.sh "$n" "$specs"
  fresh_repo "$repo"
  # The folder stands for its specs: how a monorepo's CI calls it (10,000 paths as arguments
  # cost seconds in the argument parser alone).
  cmd() { echo "$glidepath $1 $specs --repo $repo"; }
  echo "$n specs, first publish: $(once bash -c "$(cmd publish)")"
  git -C "$repo" gc --quiet
  hyperfine --runs 5 --warmup 1 --export-json "$work/same.json" "bash -c '$(cmd publish)'" >/dev/null 2>&1
  echo "$n specs, unchanged re-publish: $(median "$work/same.json")"
  echo "$n specs, unchanged re-publish: $(once bash -c "$(cmd publish)")"
  hyperfine --runs 5 --warmup 1 --export-json "$work/check.json" "bash -c '$(cmd check-repo)'" >/dev/null 2>&1
  echo "$n specs, check-repo in sync: $(median "$work/check.json")"
  if [ "$n" = "$count" ]; then
    # Each run flips one spec's owners, so every run publishes exactly one changed spec.
    cat >"$work/flip.sh" <<EOF
if grep -q 'owners: \[team-1, sre\]' $specs/svc1.yaml; then
  sed -i 's/owners: \[team-1, sre\]/owners: [team-1]/' $specs/svc1.yaml
else
  sed -i 's/owners: \[team-1\]/owners: [team-1, sre]/' $specs/svc1.yaml
fi
EOF
    hyperfine --runs 5 --prepare "bash $work/flip.sh" --export-json "$work/one.json" "bash -c '$(cmd publish)'" >/dev/null 2>&1
    echo "$n specs, one spec changed: $(median "$work/one.json")"
  fi
  echo "files in the $n-spec repository: $(git -C "$repo" ls-files | wc -l)"
done

fresh_repo "$work/race"
for i in $(seq 1 "$racers"); do
  git clone --quiet "$work/race.git" "$work/racer$i" 2>/dev/null
done
start=$(date +%s%N)
pids=()
for i in $(seq 1 "$racers"); do
  "$glidepath" publish "$work/specs-$count/svc$i.yaml" --repo "$work/racer$i" --push --retries 30 >"$work/racer$i.out" 2>"$work/racer$i.err" &
  pids+=($!)
done
failed=0
for pid in "${pids[@]}"; do wait "$pid" || failed=$((failed + 1)); done
landed=$(git -C "$work/race.git" log --format=%s main | grep -c '^glidepath: publish' || true)
rebuilt=$(cat "$work"/racer*.err | grep -c 'moved; rebuilding' || true)
echo "$racers racing publishers: $landed landed, $failed failed, $rebuilt rebuilds, $(( ($(date +%s%N) - start) / 1000000 )) ms in all"
