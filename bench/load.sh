#!/usr/bin/env bash
# Loading is linear: `glidepath check` over inputs of every shape near the 1 MiB spec limit
# (long lists, wide mappings, one long line, deep nesting, aliases), with a release build.
# Prints, per shape, its size, the median wall time of several runs (hyperfine) and the peak
# resident memory (/usr/bin/time -v). Installs hyperfine from Debian when it is missing.
#   bash bench/load.sh [RUNS]     (default 5)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
if ! command -v hyperfine >/dev/null 2>&1; then
  apt-get install -y -qq hyperfine >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq hyperfine >/dev/null; }
fi
[ -x /usr/bin/time ] || apt-get install -y -qq time >/dev/null
bash scripts/setup.sh
swift build -c release >/dev/null
glidepath=$PWD/.build/release/glidepath
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 bench/load-shapes.py "$work"
printf "%-14s %10s %12s %12s %s\n" shape bytes median-ms peak-RSS-MB exit
for file in "$work"/*.yaml; do
  name=$(basename "$file" .yaml)
  hyperfine --runs "$runs" --warmup 1 --ignore-failure --export-json "$work/$name.json" \
    "$glidepath check $file" >/dev/null 2>&1
  median=$(python3 -c "import json,sys; r=json.load(open(sys.argv[1]))['results'][0]; print('%.0f' % (r['median']*1000))" "$work/$name.json")
  set +e
  /usr/bin/time -v "$glidepath" check "$file" >/dev/null 2>"$work/time.txt"
  status=$?
  set -e
  rss=$(awk -F: '/Maximum resident set size/ { printf "%.1f", $2 / 1024 }' "$work/time.txt")
  printf "%-14s %10s %12s %12s %s\n" "$name" "$(stat -c %s "$file")" "$median" "$rss" "$status"
done
