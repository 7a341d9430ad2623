#!/usr/bin/env bash
# The driver's command-line contract (DESIGN.md section 7): exit status 0 on
# success, 1 on bad input with `file:line:col: error:` diagnostics, a source
# line and a caret, 2 on a usage error; nothing on stdout when input is bad.
set -u
cd "$(dirname "$0")/.."
B=${B:-build}
S="$B/bin/strata"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
passed=0
failed=0

ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL $*"; }

# expect_status WANT DESCRIPTION -- COMMAND...
expect_status() {
  local want=$1 what=$2
  shift 3
  "$@" >"$T/out" 2>"$T/err"
  local rc=$?
  if [ "$rc" = "$want" ]; then ok; else bad "$what: exit $rc, want $want"; cat "$T/err" | head -5; fi
}

expect_status 2 "no command" -- "$S"
expect_status 2 "unknown command" -- "$S" frobnicate x.py
expect_status 2 "print without a file" -- "$S" print
expect_status 2 "print with two files" -- "$S" print a.py b.py
expect_status 2 "unknown option" -- "$S" print --bogus
expect_status 0 "help" -- "$S" help
expect_status 1 "missing file" -- "$S" print "$T/does-not-exist.py"
grep -q "cannot read" "$T/err" && ok || bad "missing file message"

for f in examples/*.py; do
  expect_status 0 "print $f" -- "$S" print "$f"
  cp "$T/out" "$T/printed.py"
  expect_status 0 "check $f" -- "$S" check "$f"
  expect_status 0 "print printed $f" -- "$S" print "$T/printed.py"
  cmp -s "$T/out" "$T/printed.py" && ok || bad "print is not a fixpoint for $f"
done

printf '@T.prim_func\ndef f(A: T.Buffer((4,), "float32")):\n    A[0] = B[0]\n' >"$T/undef.py"
expect_status 1 "undefined name" -- "$S" print "$T/undef.py"
[ -s "$T/out" ] && bad "output written for bad input" || ok
grep -qE "undef.py:3:[0-9]+: error: " "$T/err" && ok || bad "diagnostic format: $(head -1 "$T/err")"
grep -q '\^' "$T/err" && ok || bad "no caret in diagnostic"
grep -q 'A\[0\] = B\[0\]' "$T/err" && ok || bad "no source line in diagnostic"

expect_status 1 "json diagnostics" -- "$S" check --diagnostics=json "$T/undef.py"
python3 - "$T/err" <<'PY' && ok || bad "json diagnostics are not the expected JSON"
import json, sys
d = json.load(open(sys.argv[1]))
assert isinstance(d, list) and d, d
e = d[0]
assert e["severity"] == "error" and e["line"] == 3 and e["file"].endswith("undef.py"), e
assert "B" in e["message"], e
PY
expect_status 2 "unknown diagnostics format" -- "$S" check --diagnostics=xml "$T/undef.py"

printf '\x00\xff\x01garbage((((' >"$T/garbage.py"
expect_status 1 "binary garbage" -- "$S" check "$T/garbage.py"
head -c 20000 /dev/zero | tr '\0' '(' >"$T/deep.py"
expect_status 1 "deep nesting" -- "$S" print "$T/deep.py"
: >"$T/empty.py"
expect_status 1 "empty file" -- "$S" print "$T/empty.py"

# build and run (tools/run.c): a module with a scalar-sized output and a
# symbolic function fed from the first one's .npy output.
cat >"$T/iota.py" <<'PY'
# from tvm.script import ir as I
# from tvm.script import tir as T

@I.ir_module
class Module:
    @T.prim_func
    def iota(n: T.int64, A: T.Buffer((n,), "float32")):
        for i in range(n):
            A[i] = T.Cast("float32", i) * T.float32(2.0)

    @T.prim_func
    def twice(a: T.handle, b: T.handle, c: T.handle):
        m = T.int64()
        A = T.match_buffer(a, (m,), "float32")
        B = T.match_buffer(b, (m * 2,), "float32")
        C = T.match_buffer(c, (m,), "int32")
        for i in T.parallel(m * 2):
            B[i] = A[i // 2] + T.float32(1.0)
        for i in range(m):
            C[i] = T.Cast("int32", A[i])
PY
expect_status 0 "build --emit c" -- "$S" build "$T/iota.py" -o "$T/iota.c" --emit c
grep -q 'strata_lib_init' "$T/iota.c" && grep -q 'api->parallel_for' "$T/iota.c" && ok || bad "emitted C lacks the exports"
expect_status 0 "build library" -- "$S" build "$T/iota.py" -o "$T/iota.so"
expect_status 0 "run library" -- "$S" run "$T/iota.so" --func iota 5
grep -q 'A: float32\[5\] = 0 2 4 6 8' "$T/out" && ok || bad "run output: $(cat "$T/out")"
expect_status 0 "run source to .npy" -- "$S" run "$T/iota.py" --func iota 4 -o "$T/a.npy"
[ "$(wc -c <"$T/a.npy")" = 144 ] && ok || bad "a.npy has $(wc -c <"$T/a.npy") bytes"
expect_status 0 "run symbolic from .npy" -- "$S" run "$T/iota.so" --func twice "$T/a.npy"
grep -q 'B: float32\[8\] = 1 1 3 3 5 5 7 7' "$T/out" && grep -q 'C: int32\[4\] = 0 2 4 6' "$T/out" && ok ||
  bad "symbolic run output: $(cat "$T/out")"
expect_status 0 "run to .npz with --repeat" -- "$S" run "$T/iota.so" --func twice "$T/a.npy" -o "$T/o.npz" --repeat 3
grep -q 'median' "$T/out" && [ -s "$T/o.npz" ] && ok || bad "--repeat/-o npz"
expect_status 1 "two outputs into .npy" -- "$S" run "$T/iota.so" --func twice "$T/a.npy" -o "$T/o.npy"
expect_status 1 "several functions, no --func" -- "$S" run "$T/iota.so" 5
grep -q 'iota, twice' "$T/err" && ok || bad "function list missing: $(cat "$T/err")"
expect_status 1 "missing scalar" -- "$S" run "$T/iota.so" --func iota
expect_status 1 "wrong dtype argument" -- "$S" run "$T/iota.so" --func twice "$T/o.npz"
# The seed example's tensor program from C at two shapes (examples/unity_demo.c).
expect_status 0 "build the seed example" -- "$S" build examples/unity.py -o "$T/unity.so"
expect_status 0 "unity_demo" -- "$B/examples/unity_demo" "$T/unity.so"
[ "$(grep -c ' ok$' "$T/out")" = 2 ] && grep -q "refused: tir_mm: argument 'W'" "$T/out" && ok ||
  bad "unity_demo output: $(cat "$T/out")"

# The same library from C, through the runtime alone (examples/run_lib.c).
expect_status 0 "run_lib on a built library" -- "$B/examples/run_lib" "$T/iota.so" iota 5 "out=$T/r.npy:float32:5"
expect_status 0 "reference output" -- "$S" run "$T/iota.so" --func iota 5 -o "$T/ref.npy"
cmp -s "$T/r.npy" "$T/ref.npy" && ok || bad "run_lib output differs from strata run"
expect_status 1 "run_lib argument check" -- "$B/examples/run_lib" "$T/iota.so" twice "out=$T/x.npy:float32:2x2" "out=$T/y.npy:float32:4" "out=$T/z.npy:int32:2"
grep -q "twice: argument" "$T/err" && ok || bad "run_lib error message: $(cat "$T/err")"
expect_status 1 "unknown target" -- "$S" build "$T/iota.py" -o "$T/bad.so" --target cuda
[ -e "$T/bad.so" ] && bad "library written on failure" || ok
expect_status 2 "build without -o" -- "$S" build "$T/iota.py"
expect_status 2 "run without file" -- "$S" run

# Schedules: strata schedule, and --trace on build and run.
cat >"$T/sch.py" <<'PY'
# from tvm.script import tir as T

@T.prim_func
def main(A: T.Buffer((16, 16), "float32"), B: T.Buffer((16, 16), "float32")):
    for i, j in T.grid(16, 16):
        with T.block("B"):
            vi, vj = T.axis.remap("SS", [i, j])
            B[vi, vj] = A[vi, vj] * T.float32(2)
PY
cat >"$T/trace.py" <<'PY'
b0 = sch.get_block(name="B", func_name="main")
l1, l2 = sch.get_loops(block=b0)
v3, v4 = sch.sample_perfect_tile(loop=l1, n=2, max_innermost_factor=4, decision=[4, 4])
PY
printf 'b0 = sch.get_block(name="B", func_name="main")\n\nb1 = sch.get_block(name="nope")\n' >"$T/bad_trace.py"
echo '[[["GetBlock", [], ["B", "main"], ["b0"]], ["GetLoops", ["b0"], [], ["l1", "l2"]]], []]' >"$T/trace.json"
expect_status 0 "schedule with a trace" -- "$S" schedule "$T/sch.py" --func main --trace "$T/trace.py"
grep -q 'T.block("B")' "$T/out" && ok || bad "schedule output: $(cat "$T/out")"
expect_status 0 "schedule with a JSON trace" -- "$S" schedule "$T/sch.py" --func main --trace "$T/trace.json"
expect_status 1 "schedule, failing step" -- "$S" schedule "$T/sch.py" --func main --trace "$T/bad_trace.py"
grep -q 'bad_trace.py:3:1: error: sch.get_block failed' "$T/err" && ok || bad "failing step: $(cat "$T/err")"
expect_status 1 "schedule, unknown function" -- "$S" schedule "$T/sch.py" --func nope --trace "$T/trace.py"
expect_status 2 "schedule without --trace" -- "$S" schedule "$T/sch.py" --func main
expect_status 0 "build with --trace" -- "$S" build "$T/sch.py" --func main --trace "$T/trace.py" -o "$T/sch.so"
expect_status 2 "build --trace without --func" -- "$S" build "$T/sch.py" --trace "$T/trace.py" -o "$T/sch.so"
expect_status 1 "build with a failing trace" -- "$S" build "$T/sch.py" --func main --trace "$T/bad_trace.py" -o "$T/sch2.so"
[ -e "$T/sch2.so" ] && bad "library written on a failing trace" || ok
expect_status 0 "run with --trace" -- "$S" run "$T/sch.py" --func main --trace "$T/trace.py"
grep -q 'B: float32\[16, 16\]\|B: float32\[16x16\]\|B: float32' "$T/out" && ok || bad "run --trace output: $(cat "$T/out")"

echo "$passed passed, $failed failed"
