# Sourced by bench/gen3.sh, bench/gen4.sh and bench/gen5.sh, in the module's root:
# run_heldout GEN SEEDS runs the gatekeeper on the stream the generator GEN
# (a gen.py taking --persons, --events, --seed, --out and --labels) makes for
# each seed, through `contactgate demo --input`, scores it against the
# generator's truth with bench/streamgen/score.py, and prints one row per
# seed and the means, then what links the duplicate records left
# (bench/streamgen/remaining.py). The caller defines size SEED, which prints
# "PERSONS EVENTS".
run_heldout() {
  local gen=$1 seeds=$2 s persons events
  heldout_work=$(mktemp -d)
  trap 'rm -rf "$heldout_work"' EXIT
  local work=$heldout_work
  go build -o "$work/contactgate" ./cmd/contactgate
  local fmt='%6s %8s %7s %14s %16s %10s %8s %8s %13s\n'
  printf "$fmt" seed persons events 'duplicates %' 'false merges %' precision recall 'pair F1' 'dead letters'
  for s in $seeds; do
    read -r persons events < <(size "$s")
    python3 "$gen" --persons "$persons" --events "$events" --seed "$s" \
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
  local streams=() s2
  for s2 in $seeds; do
    streams+=(--events "$work/ev.$s2.jsonl" --labels "$work/lb.$s2.jsonl" --outcomes "$work/out.$s2.jsonl")
  done
  echo "the duplicate records left, by what links them to their person's other records (bench/streamgen/remaining.py):"
  python3 bench/streamgen/remaining.py "${streams[@]}"
}
