#!/usr/bin/env bash
# Throughput of `innosim sweep` on 1, 2 and 3 MPI ranks against one process
# (docs/performance.md, "MPI scaling"). Runs every configuration back to
# back ROUNDS times and reports the best (least disturbed) wall time of each.
# Rank 0 hands out runs and writes the file; ranks 1.. compute, each on
# --jobs threads.
#
# usage: tools/bench_mpi_scaling.sh [INNOSIM] [ROUNDS] [POINTS] [REPLICATIONS]
#   (default: build/app/innosim, 3 rounds, 12 points x 2 replications = 24 runs
#   of the full jiangmen-2025 baseline)
set -euo pipefail
exe=$(realpath "${1:-build/app/innosim}")
rounds=${2:-3}
points=${3:-12}
reps=${4:-2}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cat > "$dir/sweep.yaml" <<EOF
scenario: jiangmen-2025
factors:
  policies.loan_interest_subsidy.rate: {range: [0.1, 0.6]}
  policies.tech_insurance.premium_subsidy_share: {range: [0.2, 0.8]}
design: {type: lhs, points: $points}
replications: $reps
seed: 7
EOF
runs=$((points * reps))
# As root OpenMPI wants --allow-run-as-root; shared memory only, loopback
# only. pml ob1: without it MPI_Init probes for UCX and OFI networks that
# this machine does not have, 0.2 s more per job (set OMPI_MCA_pml to
# measure another choice).
export OMPI_MCA_btl=self,vader OMPI_MCA_btl_vader_single_copy_mechanism=none \
       OMPI_MCA_btl_tcp_if_include=lo OMPI_MCA_oob_tcp_if_include=lo OMPI_MCA_pml=${OMPI_MCA_pml:-ob1}
mpirun=(mpirun --allow-run-as-root --oversubscribe --bind-to none)

configs=(
  "1 process, --jobs 1|$exe sweep $dir/sweep.yaml --jobs 1"
  "1 process, --jobs 2|$exe sweep $dir/sweep.yaml --jobs 2"
  "mpirun -np 1, --jobs 1|${mpirun[*]} -np 1 $exe sweep $dir/sweep.yaml --jobs 1"
  "mpirun -np 2, --jobs 1|${mpirun[*]} -np 2 $exe sweep $dir/sweep.yaml --jobs 1"
  "mpirun -np 2, --jobs 2|${mpirun[*]} -np 2 $exe sweep $dir/sweep.yaml --jobs 2"
  "mpirun -np 3, --jobs 1|${mpirun[*]} -np 3 $exe sweep $dir/sweep.yaml --jobs 1"
  "mpirun -np 3, --jobs 2|${mpirun[*]} -np 3 $exe sweep $dir/sweep.yaml --jobs 2"
)
declare -A best
for ((i = 1; i <= rounds; ++i)); do
  for c in "${configs[@]}"; do
    name=${c%%|*}
    cmd=${c#*|}
    start=$(date +%s.%N)
    $cmd -o "$dir/out.h5" --force --quiet > /dev/null
    end=$(date +%s.%N)
    t=$(echo "$end - $start" | bc -l)
    printf 'round %d  %-24s %7.3f s\n' "$i" "$name" "$t"
    if [[ -z ${best[$name]:-} ]] || (( $(echo "$t < ${best[$name]}" | bc -l) )); then best[$name]=$t; fi
  done
done
base=${best["1 process, --jobs 1"]}
printf '\nbest of %d, %d runs:\n' "$rounds" "$runs"
for c in "${configs[@]}"; do
  name=${c%%|*}
  t=${best[$name]}
  printf '%-24s %7.3f s  %6.2f runs/s  %5.2fx\n' "$name" "$t" "$(echo "$runs / $t" | bc -l)" "$(echo "$base / $t" | bc -l)"
done
uptime
