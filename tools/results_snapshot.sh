#!/usr/bin/env bash
# Results of a given innosim binary for every library scenario (run with
# --panel --events), one compare and one sweep, into OUT_DIR. Two snapshots
# made by two builds are compared with tools/h5_identical.py: the check that
# a refactoring leaves every result unchanged, bit for bit.
#
#   tools/results_snapshot.sh build/app/innosim /tmp/before [REPLICATIONS]
#   tools/results_snapshot.sh build/app/innosim /tmp/after
#   /usr/bin/python3 tools/h5_identical.py $(for f in /tmp/before/*.h5; do echo $f /tmp/after/${f##*/}; done)
set -euo pipefail
exe=$1 out=$2 reps=${3:-4}
here=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$out"
for file in "$here"/scenarios/library/*.yaml; do
  name=$(basename "$file" .yaml)
  "$exe" run "$name" -o "$out/run-$name.h5" --panel --events --quiet --replications "$reps" --force >/dev/null
done
"$exe" compare jiangmen-2025 risk-pool loan-subsidy-high combined-package --replications "$reps" \
  -o "$out/compare.h5" --quiet --force >/dev/null
cat > "$out/sweep.yaml" <<YAML
scenario: jiangmen-2025
set: {horizon_years: 3, population.firms: 2000}
factors:
  policies.loan_interest_subsidy.rate: {range: [0.1, 0.6]}
  policies.risk_compensation_pool.enabled: {values: [false, true]}
design: {type: lhs, points: 6}
replications: 2
series: true
YAML
"$exe" sweep "$out/sweep.yaml" -o "$out/sweep.h5" --quiet --force >/dev/null
echo "snapshot in $out"
