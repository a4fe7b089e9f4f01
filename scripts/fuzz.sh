#!/usr/bin/env bash
# Fuzzes glidepath's whole front and back end (load, check, plan, render) with libFuzzer and
# AddressSanitizer: every input is a spec file; a crash, a sanitizer report, a timeout or
# running out of memory fails the run and leaves the input in fuzz/findings/.
#
#   bash scripts/fuzz.sh [SECONDS] [--release]
#
# SECONDS defaults to 60 (the bounded run scripts/test.sh makes). --release builds optimised
# (about 4 times the executions per second, a longer build) for long runs. New inputs that
# reach new code go to a scratch corpus; the committed seed corpus (fuzz/corpus) is not touched.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=60
configuration=debug
for argument in "$@"; do
  case "$argument" in
    --release) configuration=release ;;
    ''|*[!0-9]*) echo "usage: bash scripts/fuzz.sh [SECONDS] [--release]" >&2; exit 2 ;;
    *) seconds=$argument ;;
  esac
done

swift_bin=$(dirname "$(command -v swiftc)")
libfuzzer=$(ls "$swift_bin"/../lib/clang/*/lib/linux/libclang_rt.fuzzer_no_main-*.a 2>/dev/null | head -1 || true)
if [ -z "$libfuzzer" ]; then
  echo "fuzz: libFuzzer (libclang_rt.fuzzer_no_main) is not in the Swift toolchain at $swift_bin/.." >&2
  exit 2
fi
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
# The linker warns about every AddressSanitizer helper it cannot export: show its output only
# when the build fails.
GLIDEPATH_FUZZ=1 GLIDEPATH_LIBFUZZER="$libfuzzer" swift build -c "$configuration" --build-path .build-fuzz \
  --product glidepath-fuzz -Xswiftc -sanitize=address \
  -Xswiftc -sanitize-coverage=edge,trace-cmp,inline-8bit-counters,pc-table >"$scratch/build.log" 2>&1 || {
    grep -v "Cannot export local symbol" "$scratch/build.log" | tail -40 >&2
    echo "fuzz: the sanitizer build failed" >&2
    exit 2
  }
mkdir -p fuzz/findings
# Swift's lazily built statics (the spec language's tables) look like leaks to LeakSanitizer
# at exit; every other sanitizer check stays on.
export ASAN_OPTIONS=detect_leaks=0:abort_on_error=1
echo "fuzz: $seconds s on $(nproc) cores, seeds in fuzz/corpus" >&2
".build-fuzz/$configuration/glidepath-fuzz" "$scratch" fuzz/corpus \
  -dict=fuzz/spec.dict -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
  -artifact_prefix=fuzz/findings/ -print_final_stats=1 2>"$scratch/log" || {
    status=$?
    grep -v '^#[0-9]' "$scratch/log" | tail -60 >&2
    echo "fuzz: FAILED (exit $status); the input is in fuzz/findings/: reproduce with .build-fuzz/$configuration/glidepath-fuzz fuzz/findings/<file>" >&2
    exit 1
  }
grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb|Done)' "$scratch/log" >&2 || true
echo "fuzz: no crash, sanitizer report, timeout or out-of-memory in $seconds s" >&2
