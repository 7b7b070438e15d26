#!/usr/bin/env bash
# Duplicates left by one `contactgate run` against several in one consumer
# group, on the same events: the demo's generated events (whose truth is
# known) produced to a real broker, consumed by real `run` processes that
# talk HTTP to a `contactgate crm-emulator`, and the outcome topic scored
# against the truth as the demo scores itself.
#   bash bench/scaleout.sh [SEEDS] [SETTINGS] [INSTANCES]
#   default: SEEDS="1", SETTINGS="default", INSTANCES="1 3"; EVENTS=10000 LAG=2s
#   KEY=email (or identity: demo produce --key); RATE=N produces a steady
#   stream of N events per second instead of a backlog
# Needs KAFKA_BROKERS (a real broker: bash scripts/kafka-broker.sh start DIR,
# then set -a; . DIR/env; set +a) and jq. Per setting and seed: contactgate demo
# --events $EVENTS --setting S --seed N --write-events --write-labels; per
# instance count, on fresh topics (6 partitions) and a fresh emulator
# (search lag $LAG, no rate limits; the clients pace at --crm-tier pack):
# contactgate demo produce --key $KEY (email: the e-mail trimmed and
# lower-cased as docs/formats.md recommends, else the event's other
# identifier; identity: the gatekeeper's match keys; murmur2 partitioning
# as a Java producer's), then N x contactgate run in one group, each with
# its own --state-dir, started and given time to join before the events
# are produced (as one backlog unless RATE is set); then
# contactgate demo score --group ... waits until the group has committed
# the events topic to its end and scores the outcome topic (merged_ids
# followed to the surviving record). EXPLAIN=N prints, to RUNDIR, up to N
# persons in 2+ records with their outcomes; KEEP=1 keeps RUNDIR (logs,
# events, labels, outcomes), for python3 bench/scaleout_why.py RUNDIR S.N.
# About 20 s per run on 2 cores (a backlog of 10,000 events; with RATE, the
# stream's length more).
set -euo pipefail
cd "$(dirname "$0")/.."
seeds=${1:-"1"}
settings=${2:-"default"}
instances=${3:-"1 3"}
events=${EVENTS:-10000}
lag=${LAG:-2s}
key=${KEY:-email}
: "${KAFKA_BROKERS:?set KAFKA_BROKERS: bash scripts/kafka-broker.sh start DIR; source DIR/env}"
work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [ "${KEEP:-0}" = 1 ]; then echo "kept $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
go build -o "$work/contactgate" ./cmd/contactgate
cg="$work/contactgate"
export CONTACTGATE_CRM_TOKEN=bench-scaleout
echo "contactgate demo --events $events --setting S --seed N --write-events; demo produce --key $key --events-per-sec ${RATE:-0}; N x run --crm-tier pack" \
  "(emulator: --search-lag $lag --rate-limit 0 --search-rate-limit 0); demo score"
fmt='%-9s %5s %10s %8s %8s %12s %8s %12s %7s %12s %9s\n'
printf "$fmt" setting seed instances persons records 'duplicates' 'dup %' 'false merges' merged 'dead letters' 'time (s)'
for setting in $settings; do
  for seed in $seeds; do
    ev="$work/$setting.$seed.events.jsonl" labels="$work/$setting.$seed.labels.jsonl"
    "$cg" demo --events "$events" --setting "$setting" --seed "$seed" --write-events "$ev" --write-labels "$labels"
    for n in $instances; do
      run="$work/$setting.$seed.x$n"
      mkdir -p "$run"
      prefix="scaleout-$(date +%s%N)-$setting-$seed-x$n"
      topics=(--events-topic "$prefix.in" --outcomes-topic "$prefix.out" --dlq-topic "$prefix.dlq")
      "$cg" topics --brokers "$KAFKA_BROKERS" "${topics[@]}" --partitions 6 --replication-factor 1 >/dev/null
      "$cg" crm-emulator --listen 127.0.0.1:0 --search-lag "$lag" --rate-limit 0 --search-rate-limit 0 \
        >"$run/emulator.log" 2>&1 &
      emu=$!
      pids=("$emu")
      until url=$(sed -n 's/.*listening on //p' "$run/emulator.log") && [ -n "$url" ]; do
        kill -0 "$emu" || { cat "$run/emulator.log" >&2; exit 1; }
        sleep 0.2
      done
      for i in $(seq 1 "$n"); do
        "$cg" run --brokers "$KAFKA_BROKERS" "${topics[@]}" --group "$prefix.g" --state-dir "$run/state-$i" \
          --crm hubspot --crm-url "$url" --crm-tier pack --status-interval 10s >"$run/run-$i.log" 2>&1 &
        pids+=("$!")
      done
      # Every member joins before the backlog arrives, so that the group
      # does not rebalance under load (its first member would take all
      # partitions for a while).
      for i in $(seq 1 "$n"); do
        until grep -q '"contactgate run: consuming"' "$run/run-$i.log"; do
          kill -0 "${pids[$i]}" || { tail -20 "$run/run-$i.log" >&2; exit 1; }
          sleep 0.2
        done
      done
      sleep 6
      began=$(date +%s.%N)
      "$cg" demo produce --brokers "$KAFKA_BROKERS" --topic "$prefix.in" --input "$ev" --key "$key" \
        --events-per-sec "${RATE:-0}" >/dev/null
      "$cg" demo score --brokers "$KAFKA_BROKERS" --labels "$labels" --group "$prefix.g" "${topics[@]}" \
        --explain "${EXPLAIN:-0}" --write-outcomes "$run/outcomes.jsonl" >"$run/score.json" 2>"$run/explain.txt"
      took=$(awk -v a="$began" -v b="$(date +%s.%N)" 'BEGIN {print b - a}')
      curl -fsS "$url/__emulator/stats" >"$run/crm.json"
      for p in "${pids[@]:1}"; do kill -TERM "$p" 2>/dev/null || true; done
      for p in "${pids[@]:1}"; do wait "$p" || echo "run $p exited $?" >&2; done
      kill "$emu" 2>/dev/null || true
      wait "$emu" 2>/dev/null || true
      pids=()
      jq -r --arg s "$setting" --arg n "$seed" --arg i "$n" --arg t "$took" --slurpfile crm "$run/crm.json" \
        '[$s, $n, $i, .quality.persons, $crm[0].records, .quality.duplicate_records,
          (100 * .quality.duplicate_records / .quality.persons), .quality.false_merges, .merged, .dead_letters, $t] | @tsv' \
        "$run/score.json" |
        awk -F'\t' -v fmt="$fmt" '{printf fmt, $1, $2, $3, $4, $5, $6, sprintf("%.2f", $7), $8, $9, $10, sprintf("%.0f", $11)}'
      jq -e '.unplaced == 0' "$run/score.json" >/dev/null ||
        echo "  $(jq .unplaced "$run/score.json") events without an outcome" >&2
    done
  done
done
