#!/usr/bin/env bash
# Side by side: contactgate scan, Splink 4 (DuckDB) and Python recordlinkage
# (multi-key blocking + ECM), quality and time, in one table:
#   - the check halves of the shared labelled datasets (the records of the
#     true clusters `contactgate evaluate --half check` keeps), scan against
#     Splink (its published set-ups where it has one, thresholds swept, the
#     best shown);
#   - the held-out generators' event streams (bench/gen3, bench/gen4, seeds
#     nobody looked at) read as exports, scan against Splink;
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
# evaluated OUT: `contactgate evaluate --json`'s output as a row's JSON.
evaluated() { "$py" -c 'import json,sys; d=json.loads(sys.argv[1]); q=d["quality"]; print(json.dumps({"seconds": d["report"]["elapsed_ms"]/1000, "pair_precision": q["pair_precision"], "pair_recall": q["pair_recall"], "pair_f1": q["pair_f1"]}))' "$1"; }
printf "$fmt" file tool seconds precision recall f1
if [ -d "$datasets" ]; then
  for preset in febrl1 febrl2 splink chicago senzing; do
    out=$("$work/contactgate" evaluate --datasets "$datasets" --preset "$preset" --half check --resolver scan --json 2>/dev/null)
    row "$(evaluated "$out")" "$preset (check half)" "contactgate scan"
    row "$("$py" bench/splink_scan.py "$datasets" "$preset" check 2>/dev/null)" "$preset (check half)" "splink 4"
  done
else
  echo "(no labelled datasets at $datasets: set DATASETS)"
fi
# The held-out generators' streams read as exports (one row per event, the
# person as truth): files neither tool was built against. Seeds nobody
# looked at (bench/gen3.sh, bench/gen4.sh), 2,000 persons, 8,000 events.
for g in gen3:111 gen4:211 gen4:212; do
  gen=${g%:*} seed=${g#*:}
  python3 "bench/$gen/gen.py" --persons 2000 --events 8000 --seed "$seed" \
    --out "$work/ev.jsonl" --labels "$work/lb.jsonl" >/dev/null 2>&1
  python3 - "$work/ev.jsonl" "$work/lb.jsonl" "$work/heldout.csv" <<'PY'
import csv, json, sys
with open(sys.argv[1]) as ev, open(sys.argv[2]) as lb, open(sys.argv[3], "w", newline="") as out:
    w = csv.writer(out)
    w.writerow(["Record ID", "First Name", "Last Name", "Email", "Phone Number", "Company Name", "truth"])
    for i, (e, l) in enumerate(zip(ev, lb)):
        e, l = json.loads(e), json.loads(l)
        w.writerow([i, e.get("first_name") or "", e.get("last_name") or "", e.get("email") or "",
                    e.get("phone") or "", e.get("company") or "", l["person"]])
PY
  out=$("$work/contactgate" evaluate --input "$work/heldout.csv" --map "id=Record ID" --map "first_name=First Name" \
    --map "last_name=Last Name" --map email=Email --map "phone=Phone Number" --map "company=Company Name" \
    --truth truth --resolver scan --json 2>/dev/null)
  row "$(evaluated "$out")" "$gen $seed events" "contactgate scan"
  row "$("$py" bench/splink_scan.py --gen "$work/heldout.csv" 2>/dev/null)" "$gen $seed events" "splink 4"
done
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
