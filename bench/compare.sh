#!/usr/bin/env bash
# Side by side: contactgate scan, Splink 4 (DuckDB) and Python recordlinkage
# (multi-key blocking + ECM), quality and time, in one table:
#   - the check halves of the shared labelled datasets (the records of the
#     true clusters `contactgate evaluate --half check` keeps), scan against
#     Splink (its published set-ups where it has one, thresholds swept, the
#     best shown);
#   - synthetic exports of `contactgate gen`, all three.
#   bash bench/compare.sh [RECORDS ...]      # default: 20000 100000
#   DATASETS=dir to point at the labelled datasets (default: ../shared/datasets).
#   NO_SPLINK_GEN=1 leaves Splink out of the gen files (minutes at 100,000).
# Installs splink<5, duckdb<2 and recordlinkage from PyPI into a temporary
# virtual environment; none is ever a dependency of contactgate.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install -q recordlinkage 'splink<5' 'duckdb<2'
py="$work/venv/bin/python"
go build -o "$work/contactgate" ./cmd/contactgate
datasets=${DATASETS:-$(cd .. && pwd)/shared/datasets}
sizes=("$@"); [ ${#sizes[@]} -gt 0 ] || sizes=(20000 100000)
fmt='%-22s %-18s %9s %9s %9s %9s\n'
row() { "$py" -c '
import json, sys
d = json.loads(sys.argv[1])
print("%-22s %-18s %9.2f %9.4f %9.4f %9.4f" % (sys.argv[2], sys.argv[3], d["seconds"], d["pair_precision"], d["pair_recall"], d["pair_f1"]))' "$1" "$2" "$3"; }
printf "$fmt" file tool seconds precision recall f1
if [ -d "$datasets" ]; then
  for preset in febrl1 febrl2 splink chicago senzing; do
    out=$("$work/contactgate" evaluate --datasets "$datasets" --preset "$preset" --half check --resolver scan --json 2>/dev/null)
    json=$("$py" -c 'import json,sys; d=json.loads(sys.argv[1]); q=d["quality"]; print(json.dumps({"seconds": d["report"]["elapsed_ms"]/1000, "pair_precision": q["pair_precision"], "pair_recall": q["pair_recall"], "pair_f1": q["pair_f1"]}))' "$out")
    row "$json" "$preset (check half)" "contactgate scan"
    row "$("$py" bench/splink_scan.py "$datasets" "$preset" check 2>/dev/null)" "$preset (check half)" "splink 4"
  done
else
  echo "(no labelled datasets at $datasets: set DATASETS)"
fi
for n in "${sizes[@]}"; do
  "$work/contactgate" gen --records "$n" --out "$work/export.csv" >/dev/null
  start=$(date +%s.%N)
  "$work/contactgate" scan --input "$work/export.csv" --clusters "$work/clusters.csv" --json >/dev/null 2>&1
  secs=$(echo "$(date +%s.%N) - $start" | bc)
  q=$("$py" bench/pairf1.py "$work/export.csv" "$work/clusters.csv")
  row "$("$py" -c 'import json,sys; d=json.loads(sys.argv[1]); d["seconds"]=float(sys.argv[2]); print(json.dumps(d))' "$q" "$secs")" "gen $n" "contactgate scan"
  if [ -z "${NO_SPLINK_GEN:-}" ]; then
    row "$("$py" bench/splink_scan.py --gen "$work/export.csv" 2>/dev/null)" "gen $n" "splink 4"
  fi
  row "$("$py" bench/recordlinkage_scan.py "$work/export.csv" truth)" "gen $n" "recordlinkage"
done
