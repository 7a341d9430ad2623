#!/usr/bin/env bash
# Builds the libFuzzer target for the TVMScript parser and runs it for
# SECONDS (default 60) seeded with the golden corpus and the examples.
# Any crash, leak, timeout or out-of-memory fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-60}
make -s fuzz
corpus=$(mktemp -d)
trap 'rm -rf "$corpus"' EXIT
cp tests/script/golden/*.py tests/script/errors/*.py examples/*.py "$corpus"/ 2>/dev/null || true
mkdir -p build/fuzz/artifacts
build/fuzz/fuzz_script -max_total_time="$secs" -max_len=8192 -rss_limit_mb=2048 -timeout=10 \
  -print_final_stats=1 -artifact_prefix=build/fuzz/artifacts/ "$corpus" 2>&1 | tail -n 25
