#!/usr/bin/env bash
# Throughput of `innosim run` with --jobs 1 against --jobs 2 (docs/performance.md,
# "Parallel replications"). Alternates the two back to back ROUNDS times and
# reports the best (least disturbed) wall time of each, and their ratio.
#
# usage: tools/bench_parallel_runs.sh [INNOSIM] [REPLICATIONS] [ROUNDS] [extra run options...]
set -euo pipefail
exe=${1:-build/app/innosim}
reps=${2:-8}
rounds=${3:-3}
shift $(( $# < 3 ? $# : 3 ))
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
best1=999999 best2=999999
for ((i = 1; i <= rounds; ++i)); do
  for j in 1 2; do
    start=$(date +%s.%N)
    "$exe" run --replications "$reps" --jobs "$j" -o "$dir/out.h5" --force --quiet "$@"
    end=$(date +%s.%N)
    t=$(echo "$end - $start" | bc -l)
    printf 'round %d  --jobs %d  %6.3f s\n' "$i" "$j" "$t"
    var=best$j
    if (( $(echo "$t < ${!var}" | bc -l) )); then printf -v "$var" '%s' "$t"; fi
  done
done
printf 'best of %d: --jobs 1 %.3f s (%.2f runs/s), --jobs 2 %.3f s (%.2f runs/s), speed-up %.2fx\n' \
  "$rounds" "$best1" "$(echo "$reps / $best1" | bc -l)" "$best2" "$(echo "$reps / $best2" | bc -l)" \
  "$(echo "$best1 / $best2" | bc -l)"
uptime
