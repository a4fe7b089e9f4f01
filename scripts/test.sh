#!/usr/bin/env bash
# Every test: set-up, the format check, a clean build, then the whole suite (unit, golden, location, external
# validators against ../shared/tools, PostgreSQL, Prometheus with Argo's condition engine, the
# W3C Nu checker, headless Chromium, and the command line end to end), the check that site/
# is fresh, and a one-minute libFuzzer run over load, check, plan and render.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-tests.sh
if [ ! -x ../shared/tools/validate-manifests ]; then
  echo "test: ../shared/tools is missing; clone glidepath next to the shared folder" >&2
  exit 2
fi
# The code follows .swift-format (swift-format ships with the toolchain); fix with
# swift format -i -r Sources Tests Plugins Package.swift
swift format lint --strict -r Sources Tests Plugins Package.swift
swift build --build-tests
swift test --skip-build
# The freshness check a team's CI runs on its own specs: the committed site is what they give.
"$(swift build --show-bin-path)/glidepath" site examples --out site --check
# Fuzzing as a habit: a bounded run that fails on any crash, sanitizer report, timeout or OOM.
bash scripts/fuzz.sh 60
