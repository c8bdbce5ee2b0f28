#!/usr/bin/env bash
# Check the golden baselines under the code paths another x86 CPU would take: thread counts,
# FAISS's kernels (AVX2 on most AMD and older Intel CPUs, AVX-512, none), numpy's without
# AVX-512 and OpenBLAS's Haswell kernels. Each line: the variant, then what
# `python -m eval.baselines` says (every figure equal, or what moved). Takes ~10 min on 2 cores.
set -uo pipefail
cd "$(dirname "$0")/.."
variants=(
    "OMP_NUM_THREADS=1"
    "OMP_NUM_THREADS=2"
    "FAISS_SIMD_LEVEL=AVX2"
    "FAISS_SIMD_LEVEL=AVX512"
    "FAISS_SIMD_LEVEL=NONE"
    "NPY_DISABLE_CPU_FEATURES=X86_V4 AVX512_ICL AVX512_SPR"
    "OPENBLAS_CORETYPE=Haswell"
)
failed=0
for variant in "${variants[@]}"; do
    report="$(env "$variant" python3 -m eval.baselines 2>/dev/null)"
    status=$?
    differing="$(grep -c 'figures differ' <<<"$report" | tr -d ' ')"
    moved="$(grep -v ' 0 figures differ' <<<"$report" | grep -E '^\S' || true)"
    echo "$variant: exit $status, $differing sets checked${moved:+, differing:}"
    [ -n "$moved" ] && sed 's/^/    /' <<<"$moved"$'\n'"$(grep '^  ' <<<"$report")"
    [ "$status" = 0 ] || failed=1
done
exit "$failed"
