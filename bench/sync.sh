#!/usr/bin/env bash
# A list import under a real HubSpot account's rate limits: a backlog of
# generated events through the whole pipeline (embedded Kafka), the HubSpot
# client over loopback HTTP to the CRM emulator, which enforces the limits
# and answers 429s as HubSpot does.
#   bash bench/sync.sh [SEEDS] [-- extra demo flags]
#   default: SEEDS="1 2 3"; EVENTS=10000 TIER=professional LAG=2s
# Each run: contactgate demo --crm-http --crm-tier $TIER --crm-search-lag
# $LAG --events $EVENTS --json. Professional is 190 requests per 10 s and
# 5 searches per second. Needs jq. About 20 s per run. Then, unless
# STEADY=0, steady streams (--events-per-sec): 20 events/s for 60 s and 100
# events/s for 30 s, with their produce-to-outcome latency.
set -euo pipefail
cd "$(dirname "$0")/.."
seeds=${1:-"1 2 3"}
shift $(( $# < 1 ? $# : 1 ))
[ "${1:-}" = "--" ] && shift
events=${EVENTS:-10000}
tier=${TIER:-professional}
lag=${LAG:-2s}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/contactgate" ./cmd/contactgate
echo "contactgate demo --crm-http --crm-tier $tier --crm-search-lag $lag --events $events --json --seed N $*"
fmt='%5s %10s %9s %12s %6s %7s %13s %15s %11s\n'
printf "$fmt" seed 'last (s)' requests 'per 1,000' 429s '429 %' 'dead letters' 'by rate limit' duplicates
for seed in $seeds; do
  "$work/contactgate" demo --crm-http --crm-tier "$tier" --crm-search-lag "$lag" --events "$events" \
    --json --seed "$seed" "$@" >"$work/$seed.json"
  jq -r --arg n "$seed" '[$n, .elapsed_ms / 1000, .crm_requests.total, .crm_requests_per_1000_events,
      .crm_requests.rate_limited, (100 * .crm_requests.rate_limited / .crm_requests.total),
      .dead_lettered, .rate_limit_dead_letters, .duplicate_records] | @tsv' "$work/$seed.json" |
    awk -F'\t' -v fmt="$fmt" '{printf fmt, $1, sprintf("%.1f", $2), $3, sprintf("%.1f", $4), $5, sprintf("%.2f", $6), $7, $8, $9}'
done
jq -rs '[(map(.elapsed_ms) | add / length / 1000), (map(.crm_requests.total) | add / length),
    (map(.crm_requests_per_1000_events) | add / length), (map(.crm_requests.rate_limited) | add / length),
    (map(.dead_lettered) | add / length), (map(.rate_limit_dead_letters) | add / length)] | @tsv' "$work"/*.json |
  awk -F'\t' -v fmt="$fmt" '{printf fmt, "mean", sprintf("%.1f", $1), sprintf("%.0f", $2), sprintf("%.1f", $3), sprintf("%.1f", $4), "", sprintf("%.1f", $5), sprintf("%.1f", $6), ""}'
jq -r '.crm_requests.by_operation | to_entries | map("\(.key) \(.value)") | join(", ") | "requests of the last run by endpoint: " + .' \
  "$work/$(echo $seeds | awk '{print $NF}').json"
# The seed's protocol, one search and one write per event, under the same
# limits: its searches alone take EVENTS / 5 per second.
limit=$(case "$tier" in free|starter) echo 100;; professional|enterprise) echo 190;; pack) echo 250;; esac)
awk -v n="$events" -v l="$limit" 'BEGIN {
  s = n / 5; w = n * 10 / l
  printf "one search + one write per event (computed): %d requests, at least %.0f s (searches at 5/s: %.0f s; writes at %d per 10 s: %.0f s)\n", 2 * n, (s > w ? s : w), s, l, w }'
[ "${STEADY:-1}" = 0 ] && exit 0
echo
fmt='%9s %7s %9s %12s %6s %8s %8s %8s %13s\n'
printf "$fmt" 'events/s' events requests 'per 1,000' 429s 'p50 ms' 'p99 ms' 'max ms' 'dead letters'
for rate_events in 20:1200 100:3000; do
  rate=${rate_events%:*} n=${rate_events#*:}
  "$work/contactgate" demo --crm-http --crm-tier "$tier" --crm-search-lag "$lag" --events "$n" \
    --events-per-sec "$rate" --json "$@" >"$work/steady.$rate.json"
  jq -r --arg r "$rate" '[$r, .events, .crm_requests.total, .crm_requests_per_1000_events, .crm_requests.rate_limited,
      .latency.p50_ms, .latency.p99_ms, .latency.max_ms, .dead_lettered] | @tsv' "$work/steady.$rate.json" |
    awk -F'\t' -v fmt="$fmt" '{printf fmt, $1, $2, $3, sprintf("%.0f", $4), $5, sprintf("%.0f", $6), sprintf("%.0f", $7), sprintf("%.0f", $8), $9}'
done
