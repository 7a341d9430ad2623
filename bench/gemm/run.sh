#!/usr/bin/env bash
# bench/gemm: GEMM — Strata's plain PrimFunc, Strata's scheduled fp32 GEMM
# (sgemm.py + sgemm_trace.py) and int8 VNNI GEMM (igemm.py + igemm_trace.py),
# OpenBLAS as it chooses and OpenBLAS forced to each core in $CORETYPE
# (default COOPERLAKE,SKYLAKEX; child processes), and the FMA peak.  Not a test.
# Needs libopenblas-dev.  Usage: bench/gemm/run.sh [max_size]  (from anywhere)
# OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE are unset for the run so OpenBLAS
# picks its kernel for this CPU itself; both chosen cores are printed.
set -eu
cd "$(dirname "$0")/../.."
B=${B:-build}
MAXN=${1:-2048}
CORETYPE=${CORETYPE-COOPERLAKE,SKYLAKEX}
S="$B/bin/strata"
make -s "$S" "$B/lib/libstrata_runtime.a"
mkdir -p "$B/bench"
"$S" build bench/gemm/gemm.py -o "$B/bench/gemm.so"
# The scheduled kernels are static-shape: one build per size.  The PrimFuncs
# and traces are written at n = 1024 (n/4 = 256 for the int8 K/4 axis, and
# the k tile is the whole K: KC = 1024, K/4 = 256); sz rewrites them for n.
sz() {
  sed -e 's/\([^0-9]\)256\([^0-9]\)/\1@Q@\2/g' -e "s/\([^0-9]\)1024\([^0-9]\)/\1$n\2/g" \
      -e "s/@Q@/$((n / 4))/g" "$1" > "$2"
}
for n in 256 512 1024 2048; do
  [ "$n" -le "$MAXN" ] || break
  for f in sgemm igemm; do
    sz bench/gemm/$f.py "$B/bench/${f}_$n.py"
    sz bench/gemm/${f}_trace.py "$B/bench/${f}_trace_$n.py"
    "$S" build "$B/bench/${f}_$n.py" -o "$B/bench/${f}_$n.so" --func main --trace "$B/bench/${f}_trace_$n.py"
  done
done
cc -std=gnu11 -O3 -march=native -D_GNU_SOURCE -Iinclude -I/usr/include/x86_64-linux-gnu/openblas-pthread \
  -o "$B/bench/gemm_bench" bench/gemm/gemm_bench.c "$B/lib/libstrata_runtime.a" -lopenblas -lz -lm -ldl -lpthread
echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(nproc) CPUs usable"
env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$B/bench/gemm_bench" "$B/bench/gemm.so" "$B/bench" "$MAXN" "$CORETYPE"
