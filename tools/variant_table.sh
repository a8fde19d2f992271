#!/usr/bin/env bash
# Every library variant against jiangmen-2025, 20 pairs, seed 1, in batches of 8 (one compare file each).
# Usage: tools/variant_table.sh BINARY REPO OUTDIR   (then tools/variant_table.py OUTDIR)
set -u
BIN=$1; REPO=$2; OUT=$3
mkdir -p "$OUT"
M=high_tech_enterprises,gazelles,unicorns,firms_active,employment,real_output,tech_loans_outstanding,loan_defaults,net_fiscal_cost_pv,net_fiscal_cost,net_fiscal_cost_city,net_fiscal_cost_provincial,net_fiscal_cost_central,net_fiscal_cost_after_tax_city,net_fiscal_cost_after_tax_provincial,net_fiscal_cost_after_tax_central,tax_expenditure_hte_central,tax_expenditure_hte_city,tax_expenditure_hte_provincial,tax_expenditure_rd_central,tax_expenditure_rd_city,tax_expenditure_rd_provincial,tax_expenditure_small_profit_central,tax_expenditure_small_profit_city,tax_expenditure_small_profit_provincial,hte_certified,hte_exits,hte_new_certifications,hte_renewals,hte_expiries,hte_revocations,firm_entries,firm_exits,firm_exits_closure,firm_exits_insolvency,firm_exits_default,revenue,grants_paid,new_tech_loans,subsidy_claims,startups,spinoffs
vars=$(ls "$REPO"/scenarios/library/*.yaml | xargs -n1 basename | sed 's/\.yaml$//' | grep -v '^jiangmen-2025$')
set -- $vars
i=0
while [ $# -gt 0 ]; do
  batch=""; for k in 1 2 3 4 5 6 7 8; do [ $# -gt 0 ] && { batch="$batch $1"; shift; }; done
  i=$((i+1))
  echo "batch $i:$batch  $(date -u +%H:%M:%S)"
  nice "$BIN" compare jiangmen-2025 $batch --replications 20 --jobs 2 --seed 1 --metrics $M --quiet -o "$OUT/batch$i.h5" --force > "$OUT/batch$i.txt" 2>&1 || echo "batch $i rc=$?"
done
echo "done $(date -u +%H:%M:%S)"
