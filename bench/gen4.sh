#!/usr/bin/env bash
# The gatekeeper on streams from a fourth independent generator (bench/gen4,
# written by a helper that never read contactgate's matching code, and
# frozen before the product was first run on it; see its README), run
# through `contactgate demo --input` and scored against the generator's
# truth by bench/streamgen/score.py.
#   bash bench/gen4.sh [SEEDS]   default SEEDS="211 212 213 214" (never looked
#                                at; 201-204 are the seeds the work looked at)
# Seed S makes 2,000 persons and 8,000 events, or 20,000 events when S ends
# in 4. Python 3 standard library only. About 15 s a seed. Prints one row per
# seed and the means: duplicate records (% of persons), false-merge records
# (% of records), pair precision, recall, F1, dead letters.
set -euo pipefail
cd "$(dirname "$0")/.."
seeds=${1:-"211 212 213 214"}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/contactgate" ./cmd/contactgate
fmt='%6s %8s %7s %14s %16s %10s %8s %8s %13s\n'
printf "$fmt" seed persons events 'duplicates %' 'false merges %' precision recall 'pair F1' 'dead letters'
for s in $seeds; do
  persons=2000 events=8000
  [[ "${s: -1}" == 4 ]] && events=20000
  python3 bench/gen4/gen.py --persons "$persons" --events "$events" --seed "$s" \
    --out "$work/ev.$s.jsonl" --labels "$work/lb.$s.jsonl" >/dev/null
  "$work/contactgate" demo --input "$work/ev.$s.jsonl" --outcomes "$work/out.$s.jsonl" \
    --crm-search-lag 2s >/dev/null 2>&1
  python3 bench/streamgen/score.py --labels "$work/lb.$s.jsonl" --outcomes "$work/out.$s.jsonl" \
    --json "$work/m.$s.json" >/dev/null
  python3 - "$s" "$persons" "$events" "$work/m.$s.json" "$fmt" <<'PY'
import json, sys
m = json.load(open(sys.argv[4]))
print(sys.argv[5].replace('\\n', '\n') % (sys.argv[1], sys.argv[2], sys.argv[3], '%.1f' % m['duplicate_pct_of_persons'],
      '%.2f' % m['false_merge_pct_of_records'], '%.4f' % m['pair_precision'], '%.4f' % m['pair_recall'],
      '%.4f' % m['pair_f1'], m['dead_lettered']), end='')
PY
done
python3 - "$fmt" "$work"/m.*.json <<'PY'
import json, sys
ms = [json.load(open(f)) for f in sys.argv[2:]]
mean = lambda k: sum(m[k] for m in ms) / len(ms)
print(sys.argv[1].replace('\\n', '\n') % ('mean', '', '', '%.1f' % mean('duplicate_pct_of_persons'), '%.2f' % mean('false_merge_pct_of_records'),
      '%.4f' % mean('pair_precision'), '%.4f' % mean('pair_recall'), '%.4f' % mean('pair_f1'), '%.0f' % mean('dead_lettered')), end='')
PY
