#!/usr/bin/env bash
# The README's test command after setup: the whole suite (warnings are
# errors), the whole suite again under AddressSanitizer +
# UndefinedBehaviorSanitizer, and a short run of the parser fuzzer.  Ends
# with the combined `N passed, N failed`.
set -u
cd "$(dirname "$0")/.."
jobs=$(nproc 2>/dev/null || echo 2)
passed=0
failed=0
tally() { # tally LOGFILE: add the log's final summary line
  local s p f
  s=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$1" | tail -n 1)
  if [ -z "$s" ]; then failed=$((failed + 1)); return; fi
  p=${s%% passed*}; f=${s#*, }; f=${f%% failed}
  passed=$((passed + p)); failed=$((failed + f))
}
log=$(mktemp)
trap 'rm -f "$log"' EXIT

echo "== build and test"
if make -s -j"$jobs" all >"$log" 2>&1; then make -s test 2>&1 | tee "$log"; else cat "$log"; echo "0 passed, 1 failed" >"$log"; fi
tally "$log"

echo "== build and test under ASan + UBSan"
if make -s -j"$jobs" SAN=1 all >"$log" 2>&1; then
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
    make -s SAN=1 test 2>&1 | tee "$log"
else cat "$log"; echo "0 passed, 1 failed" >"$log"; fi
tally "$log"

echo "== fuzz the TVMScript parser (${FUZZ_SECONDS:-60} s)"
if scripts/fuzz.sh "${FUZZ_SECONDS:-60}"; then passed=$((passed + 1)); else echo "FAIL fuzz"; failed=$((failed + 1)); fi

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
