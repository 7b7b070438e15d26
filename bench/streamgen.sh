#!/usr/bin/env bash
# The gatekeeper on streams from an independent generator (bench/streamgen,
# written without reading contactgate; see its README): 2,000 persons, 10,000
# and 20,000 events a seed, run through `contactgate demo --input` and scored
# against the generator's truth by its own scorer.
#   bash bench/streamgen.sh [SEEDS]     default SEEDS="7 8" (never looked at)
# Needs python3 and Faker (pip-installed here when missing). About 20 s a seed.
# Prints, per stream size, the means over the seeds: duplicate records (% of
# persons), false-merge records (% of records), pair F1, dead letters.
set -euo pipefail
cd "$(dirname "$0")/.."
seeds=${1:-"7 8"}
python3 -c 'import faker' 2>/dev/null || python3 -m pip install --quiet 'faker==40.63.0'
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/contactgate" ./cmd/contactgate
printf '%7s %5s %16s %17s %8s %13s\n' events seeds 'duplicates %' 'false merges %' 'pair F1' 'dead letters'
for n in 10000 20000; do
  for s in $seeds; do
    python3 bench/streamgen/gen.py --persons 2000 --events "$n" --seed "$s" \
      --out "$work/ev.$n.$s.jsonl" --labels "$work/lb.$n.$s.jsonl" >/dev/null
    "$work/contactgate" demo --input "$work/ev.$n.$s.jsonl" --outcomes "$work/out.$n.$s.jsonl" \
      --crm-search-lag 2s >/dev/null 2>&1
    python3 bench/streamgen/score.py --labels "$work/lb.$n.$s.jsonl" --outcomes "$work/out.$n.$s.jsonl" \
      --json "$work/m.$n.$s.json" >/dev/null
  done
  python3 - "$n" $(for s in $seeds; do echo "$work/m.$n.$s.json"; done) <<'PY'
import json, sys
ms = [json.load(open(f)) for f in sys.argv[2:]]
mean = lambda k: sum(m[k] for m in ms) / len(ms)
print('%7s %5d %16.1f %17.2f %8.3f %13.0f' % (sys.argv[1], len(ms), mean('duplicate_pct_of_persons'),
      mean('false_merge_pct_of_records'), mean('pair_f1'), mean('dead_lettered')))
PY
done
