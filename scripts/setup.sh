#!/usr/bin/env bash
# Installs what building glidepath and running it on the examples need, only where it is
# missing: the C libraries it wraps (libyaml, libcmark, libpg_query) with pkg-config, git (for
# publish), and Python's jsonschema and PyYAML (for ../shared/tools/validate-manifests).
# scripts/setup-tests.sh adds what the tests need.
set -euo pipefail

missing=()
for package in libyaml-dev libcmark-dev libpg-query-dev pkg-config; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
command -v git >/dev/null 2>&1 || missing+=(git)
command -v python3 >/dev/null 2>&1 || missing+=(python3)

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "setup: missing ${missing[*]}; run as root or: sudo apt-get install -y ${missing[*]}" >&2
    exit 2
  fi
  echo "setup: installing ${missing[*]}" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! python3 -c 'import jsonschema, yaml' >/dev/null 2>&1; then
  echo "setup: installing Python modules jsonschema and PyYAML" >&2
  python3 -m pip install --quiet jsonschema pyyaml 2>/dev/null ||
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-jsonschema python3-yaml >/dev/null; }
fi

command -v swift >/dev/null 2>&1 || { echo "setup: Swift is not on PATH (expected Swift 6)" >&2; exit 2; }
