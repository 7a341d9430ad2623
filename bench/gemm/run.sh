#!/usr/bin/env bash
# bench/gemm: fp32 GEMM, Strata's plain PrimFunc vs OpenBLAS vs FMA peak.
# Needs libopenblas-dev.  Usage: bench/gemm/run.sh [max_size]  (from anywhere)
# OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE are unset for the run so OpenBLAS
# picks its kernel for this CPU itself; the chosen core is printed.
set -eu
cd "$(dirname "$0")/../.."
B=${B:-build}
make -s "$B/bin/strata" "$B/lib/libstrata_runtime.a"
mkdir -p "$B/bench"
"$B/bin/strata" build bench/gemm/gemm.py -o "$B/bench/gemm.so"
cc -std=gnu11 -O3 -march=native -D_GNU_SOURCE -Iinclude -I/usr/include/x86_64-linux-gnu/openblas-pthread \
  -o "$B/bench/gemm_bench" bench/gemm/gemm_bench.c "$B/lib/libstrata_runtime.a" -lopenblas -lz -lm -ldl -lpthread
echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(nproc) CPUs usable"
env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$B/bench/gemm_bench" "$B/bench/gemm.so" "${1:-2048}"
