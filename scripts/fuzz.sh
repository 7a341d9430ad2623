#!/usr/bin/env bash
# Builds the libFuzzer targets — the TVMScript parser (fuzz_script) and the
# schedule trace parser, Python form and JSON (fuzz_trace) — and runs them
# for SECONDS in all (default 60, split between them), seeded with the
# golden corpus and the examples (and for traces, a few sample traces).
# Any crash, leak, timeout or out-of-memory fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-60}
half=$(( secs / 2 > 0 ? secs / 2 : 1 ))
make -s fuzz
corpus=$(mktemp -d)
tcorpus=$(mktemp -d)
trap 'rm -rf "$corpus" "$tcorpus"' EXIT
cp tests/script/golden/*.py tests/script/errors/*.py examples/*.py "$corpus"/ 2>/dev/null || true
cp tests/schedule/*/*.trace.py tests/schedule/*/*.json "$tcorpus"/ 2>/dev/null || true
printf 'b0 = sch.get_block(name="C", func_name="main")\nl1, l2, l3 = sch.get_loops(block=b0)\nv4, v5 = sch.sample_perfect_tile(loop=l1, n=2, max_innermost_factor=16, decision=[4, 16])\nv6 = sch.sample_categorical(candidates=[1, 2], probs=[0.5, 0.5], decision=1)\nl7 = sch.sample_compute_location(block=b0, decision=-1)\n' >"$tcorpus/seed.py"
echo '[[["GetBlock", [], ["C", "main"], ["b0"]], ["GetLoops", ["b0"], [], ["l1", "l2", "l3"]], ["SamplePerfectTile", ["l1"], [2, 16], ["v4", "v5"]]], [[2, [4, 16]]]]' >"$tcorpus/seed.json"
mkdir -p build/fuzz/artifacts
build/fuzz/fuzz_script -max_total_time="$half" -max_len=8192 -rss_limit_mb=2048 -timeout=10 \
  -print_final_stats=1 -artifact_prefix=build/fuzz/artifacts/ "$corpus" 2>&1 | tail -n 25
build/fuzz/fuzz_trace -max_total_time="$half" -max_len=4096 -rss_limit_mb=2048 -timeout=10 \
  -print_final_stats=1 -artifact_prefix=build/fuzz/artifacts/trace- "$tcorpus" 2>&1 | tail -n 25
