#!/bin/bash
# chi18: the pre-registered runs (SESSION18.md NEWS, 23:00). One compare per chi, one at a time.
cd /work/wt/chi18/chi
while [ ! -e /work/wt/BUILD_READY ]; do sleep 20; done
B=/work/main/build/app/innosim
for X in 0.2 1.5 3.0; do
  echo "start chi=$X $(date -u +%H:%M:%S)"
  /usr/bin/time -f "%e s wall %U+%S CPU-s" nice $B compare jiangmen-2025 planned-measures no-matching-platform no-policy no-tech-credit-terms \
    --replications 20 --seed 1 --jobs 2 \
    --metrics high_tech_enterprises,gazelles,unicorns,firms_active,employment,real_output,tech_loans_outstanding,loan_defaults \
    --set firms.selection_strength=$X -o chi_$X.h5 --quiet > chi_$X.txt 2>&1
  echo "end chi=$X rc=$? $(date -u +%H:%M:%S)"
done
