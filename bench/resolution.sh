#!/usr/bin/env bash
# How well the gatekeeper resolves identities on generated streams: the demo
# over seeds × generator settings, one row per run and a mean per setting.
#   bash bench/resolution.sh [SEEDS] [SETTINGS] [-- extra demo flags]
#   default: SEEDS="1 2 3 4 5", SETTINGS="default many-events messy"
# Each run: contactgate demo --events 10000 --crm-search-lag 2s --json
# (override with EVENTS=… LAG=…). Needs jq. A few seconds per run.
set -euo pipefail
cd "$(dirname "$0")/.."
seeds=${1:-"1 2 3 4 5"}
settings=${2:-"default many-events messy"}
shift $(( $# < 2 ? $# : 2 ))
[ "${1:-}" = "--" ] && shift
events=${EVENTS:-10000}
lag=${LAG:-2s}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/contactgate" ./cmd/contactgate
echo "contactgate demo --events $events --crm-search-lag $lag --json --setting S --seed N $*"
fmt='%-12s %5s %8s %8s %11s %12s %8s %7s\n'
printf "$fmt" setting seed persons records 'dup %pers' 'false %rec' 'pair F1' 'dead'
for setting in $settings; do
  for seed in $seeds; do
    "$work/contactgate" demo --events "$events" --crm-search-lag "$lag" --json \
      --setting "$setting" --seed "$seed" "$@" >"$work/$setting.$seed.json"
    jq -r --arg s "$setting" --arg n "$seed" '[$s, $n, .quality.persons, .quality.records,
        (100 * .quality.duplicate_records / .quality.persons),
        (100 * .quality.false_merges / .quality.records), .quality.pair_f1, .dead_lettered] | @tsv' \
      "$work/$setting.$seed.json" |
      awk -F'\t' -v fmt="$fmt" '{printf fmt, $1, $2, $3, $4, sprintf("%.1f", $5), sprintf("%.2f", $6), sprintf("%.4f", $7), $8}'
  done
  jq -rs --arg s "$setting" '[$s, "mean", (map(.quality.persons) | add / length), (map(.quality.records) | add / length),
      (map(100 * .quality.duplicate_records / .quality.persons) | add / length),
      (map(100 * .quality.false_merges / .quality.records) | add / length),
      (map(.quality.pair_f1) | add / length), (map(.dead_lettered) | add / length)] | @tsv' \
    "$work/$setting".*.json |
    awk -F'\t' -v fmt="$fmt" '{printf fmt, $1, $2, sprintf("%.0f", $3), sprintf("%.0f", $4), sprintf("%.1f", $5), sprintf("%.2f", $6), sprintf("%.4f", $7), sprintf("%.1f", $8)}'
done
