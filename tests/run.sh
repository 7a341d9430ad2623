#!/usr/bin/env bash
# Runs the whole suite: every unit-test binary in $B/tests (each prints
# `N passed, N failed`), then the driver's command-line contract.  Ends with
# the total `N passed, N failed`; exit status 1 if anything failed.
set -u
cd "$(dirname "$0")/.."
B=${B:-build}
passed=0
failed=0

add() { # add PASSED FAILED
  passed=$((passed + $1))
  failed=$((failed + $2))
}

for t in "$B"/tests/*; do
  [ -x "$t" ] || continue
  name=$(basename "$t")
  out=$("$t" 2>&1)
  rc=$?
  summary=$(printf '%s\n' "$out" | grep -E '^[0-9]+ passed, [0-9]+ failed$' | tail -n 1)
  if [ -z "$summary" ]; then
    printf '%s\n' "$out" | tail -n 30
    echo "FAIL $name: crashed or printed no summary (exit $rc)"
    add 0 1
    continue
  fi
  p=${summary%% passed*}
  f=${summary#*, }
  f=${f%% failed}
  if [ "$f" != 0 ] || [ "$rc" != 0 ]; then
    printf '%s\n' "$out" | grep -v -E '^[0-9]+ passed, [0-9]+ failed$' | tail -n 60
    [ "$f" = 0 ] && f=1
  fi
  echo "$name: $summary"
  add "$p" "$f"
done

out=$(B="$B" tests/cli.sh 2>&1)
summary=$(printf '%s\n' "$out" | tail -n 1)
printf '%s\n' "$out" | grep '^FAIL' || true
echo "cli: $summary"
p=${summary%% passed*}
f=${summary#*, }
f=${f%% failed}
add "${p:-0}" "${f:-1}"

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
