#!/usr/bin/env bash
# The site's and compile's figures, with a release build, as medians of several runs
# (hyperfine) and peak memory (/usr/bin/time -v), beside Hugo on an equivalent page set:
#   site of N generated specs into a fresh folder (wall, CPU, peak RSS)
#   site of N specs again, nothing changed, same folder
#   site of 1,000 specs (or N, if smaller) with one spec changed
#   compile of the orders example, and --version alone (process start)
#   Hugo rendering N pages of the same size as the runbooks
# Usage: bench/site.sh [N] (default 10000). Installs hyperfine, hugo and time when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-10000}
small=$(( count < 1000 ? count : 1000 ))

missing=()
command -v hyperfine >/dev/null 2>&1 || missing+=(hyperfine)
command -v hugo >/dev/null 2>&1 || missing+=(hugo)
[ -x /usr/bin/time ] || missing+=(time)
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

bash scripts/setup.sh
swift build -c release --product glidepath >/dev/null 2>&1
glidepath=$PWD/.build/release/glidepath
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bash bench/generate-specs.sh "$count" "$work/specs"
bash bench/generate-specs.sh "$small" "$work/small"

median() { # hyperfine JSON -> "median ms (min-max, n runs)"
  python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]; t=sorted(r["times"]); print("%.0f ms median (%.0f-%.0f, %d runs)" % (r["median"]*1000, t[0]*1000, t[-1]*1000, len(t)))' "$1"
}
peak() { # command... -> "wall s, CPU s, peak RSS MB"
  /usr/bin/time -v "$@" >/dev/null 2>"$work/time.txt"
  python3 - "$work/time.txt" <<'EOF'
import re, sys
text = open(sys.argv[1]).read()
def field(name):
    return re.search(re.escape(name) + r": (.*)", text).group(1).strip()
wall = field("Elapsed (wall clock) time (h:mm:ss or m:ss)").split(":")
seconds = sum(float(part) * 60 ** index for index, part in enumerate(reversed(wall)))
cpu = float(field("User time (seconds)")) + float(field("System time (seconds)"))
print("%.2f s wall, %.2f s CPU, %.0f MB peak RSS" % (seconds, cpu, int(field("Maximum resident set size (kbytes)")) / 1024))
EOF
}

# Every fresh run (glidepath's and Hugo's) writes into a folder of its own, and nothing is deleted
# until the end: ext4 does not reuse an inode freed in the last 5 seconds (305 while its table
# block is dirty) and scans past every one of them for each new file, so an `rm -rf` of the last
# site right before a run times the file system's allocator, not the tool (22-49 s for the same
# glidepath run). `next` holds the folder the next run writes.
fresh_folder() { echo "rm -f $work/next; mktemp -d -u $work/$1.XXXXXX >$work/next"; }
echo "site of $count specs, fresh folder: $(peak "$glidepath" site "$work/specs" --out "$work/fresh")"
hyperfine --runs 3 --prepare "$(fresh_folder site)" --export-json "$work/fresh.json" \
  "bash -c '$glidepath site $work/specs --out \$(cat $work/next)'" >/dev/null 2>&1
echo "site of $count specs, fresh folder: $(median "$work/fresh.json")"
hyperfine --runs 5 --warmup 1 --export-json "$work/same.json" "$glidepath site $work/specs --out $work/fresh" >/dev/null 2>&1
echo "site of $count specs, nothing changed, same folder: $(median "$work/same.json")"
echo "site of $count specs, nothing changed: $(peak "$glidepath" site "$work/specs" --out "$work/fresh")"

"$glidepath" site "$work/small" --out "$work/small-site" >/dev/null
# Each run flips one spec's owners, so every run sees exactly one changed spec.
cat >"$work/flip.sh" <<EOF
if grep -q 'owners: \[team-1, sre\]' $work/small/svc1.yaml; then
  sed -i 's/owners: \[team-1, sre\]/owners: [team-1]/' $work/small/svc1.yaml
else
  sed -i 's/owners: \[team-1\]/owners: [team-1, sre]/' $work/small/svc1.yaml
fi
EOF
hyperfine --runs 7 --prepare "bash $work/flip.sh" --export-json "$work/one.json" \
  "$glidepath site $work/small --out $work/small-site" >/dev/null 2>&1
echo "site of $small specs, one spec changed: $(median "$work/one.json")"

hyperfine --runs 20 --warmup 3 --prepare "rm -rf $work/compiled" --export-json "$work/compile.json" \
  "$glidepath compile examples/orders-shipping-zone.yaml --out $work/compiled" >/dev/null 2>&1
echo "compile of the orders example: $(median "$work/compile.json")"
hyperfine --runs 20 --warmup 3 --export-json "$work/version.json" "$glidepath --version" >/dev/null 2>&1
echo "--version alone: $(median "$work/version.json")"

# Hugo over the same number of pages, each as large as an average runbook, with a layout that
# prints the content: the static-site generator's floor for this many pages.
average=$(( $(find "$work/fresh/migrations" -name runbook.html -printf '%s\n' | awk '{s+=$1} END {print int(s/NR)}') ))
mkdir -p "$work/hugo/content/migrations" "$work/hugo/layouts/_default"
printf 'baseURL = "https://example.com/"\ntitle = "bench"\ndisableKinds = ["taxonomy", "term", "RSS", "sitemap"]\n' >"$work/hugo/hugo.toml"
printf '<!DOCTYPE html><html><head><title>{{ .Title }}</title></head><body>{{ .Content }}</body></html>\n' \
  >"$work/hugo/layouts/_default/single.html"
printf '<!DOCTYPE html><html><body><ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></body></html>\n' \
  >"$work/hugo/layouts/_default/list.html"
cp "$work/hugo/layouts/_default/list.html" "$work/hugo/layouts/index.html"
python3 - "$work/hugo/content/migrations" "$count" "$average" <<'EOF'
import sys
folder, count, size = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
paragraph = "Step {n}: set the canary weight, wait for the gate, check the dashboard and sign off. " * 4
for n in range(count):
    body, i = [], 0
    while sum(len(p) for p in body) < size * 0.6:
        body.append("## Section %d\n\n%s\n\n- a check `kubectl argo rollouts get rollout svc%d`\n" % (i, paragraph.format(n=i), n))
        i += 1
    open("%s/m%d.md" % (folder, n), "w").write("---\ntitle: migration %d\n---\n\n%s" % (n, "\n".join(body)))
EOF
hyperfine --runs 3 --prepare "$(fresh_folder hugo-public)" --export-json "$work/hugo.json" \
  "bash -c 'hugo --quiet -s $work/hugo -d \$(cat $work/next)'" >/dev/null 2>&1
echo "Hugo $(hugo version | grep -o 'v[0-9.]*' | head -1), $count pages of ~$average bytes: $(median "$work/hugo.json")"
echo "files in the $count-spec site: $(find "$work/fresh" -type f | wc -l)"
