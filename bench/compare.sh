#!/usr/bin/env bash
# Side by side: contactgate scan and Python recordlinkage (multi-key
# blocking + ECM) on the same synthetic exports, quality and time.
#   bash bench/compare.sh [RECORDS ...]      # default: 20000 100000
# Installs recordlinkage from PyPI into a temporary virtual environment; it
# is never a dependency of contactgate.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install -q recordlinkage
go build -o "$work/contactgate" ./cmd/contactgate
sizes=("$@"); [ ${#sizes[@]} -gt 0 ] || sizes=(20000 100000)
printf '%-9s %-22s %9s %9s %9s %9s\n' records tool seconds precision recall f1
for n in "${sizes[@]}"; do
  "$work/contactgate" gen --records "$n" --out "$work/export.csv" >/dev/null
  start=$(date +%s.%N)
  "$work/contactgate" scan --input "$work/export.csv" --clusters "$work/clusters.csv" --json >/dev/null 2>&1
  secs=$(echo "$(date +%s.%N) - $start" | bc)
  "$work/venv/bin/python" - "$work/export.csv" "$work/clusters.csv" "$n" "$secs" <<'PY'
import csv, sys
from collections import Counter
export, clusters, n, secs = sys.argv[1:]
truth = {r["Record ID"]: r["truth"] for r in csv.DictReader(open(export))}
pred = {r["id"]: r["cluster_id"] for r in csv.DictReader(open(clusters))}
ids = list(truth)
pairs = lambda k: k * (k - 1) // 2
together = sum(pairs(k) for k in Counter((truth[i], pred[i]) for i in ids).values())
pp = sum(pairs(k) for k in Counter(pred[i] for i in ids).values())
tp = sum(pairs(k) for k in Counter(truth[i] for i in ids).values())
p, r = together / pp, together / tp
print(f"{n:<9} {'contactgate scan':<22} {float(secs):9.2f} {p:9.4f} {r:9.4f} {2*p*r/(p+r):9.4f}")
PY
  "$work/venv/bin/python" bench/recordlinkage_scan.py "$work/export.csv" truth | "$work/venv/bin/python" -c '
import json, sys
d = json.load(sys.stdin)
print("%-9s %-22s %9.2f %9.4f %9.4f %9.4f" % (d["records"], d["tool"], d["seconds"], d["pair_precision"], d["pair_recall"], d["pair_f1"]))'
done
