#!/usr/bin/env bash
# contactgate run between clients nobody here wrote: confluent-kafka for
# Python produces ContactEvents with its AvroSerializer through a schema
# registry (franz-go's srfake, the Confluent REST API, seeded so that the
# producer's schema gets id 7), run decodes them by that id and writes
# outcomes under the id the registry gives <outcomes>-value, and
# confluent-kafka's AvroDeserializer reads them back.
#   bash bench/stock-clients.sh        # N=5 events
# Uses KAFKA_BROKERS when set, else starts scripts/kafka-broker.sh; installs
# confluent-kafka[avro,schemaregistry] from PyPI into a virtualenv under
# ~/.cache/contactgate.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${N:-5}
work=$(mktemp -d)
venv="$HOME/.cache/contactgate/venv-stock-clients"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  [ -n "${started:-}" ] && bash scripts/kafka-broker.sh stop "$work/kafka" >/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q "confluent-kafka[avro,schemaregistry]"
fi
if [ -z "${KAFKA_BROKERS:-}" ]; then
  bash scripts/kafka-broker.sh start "$work/kafka" >&2
  started=1
  # shellcheck disable=SC1091
  source "$work/kafka/env"
fi
go build -o "$work/contactgate" ./cmd/contactgate
go build -o "$work/srfake" ./bench/srfake
"$work/srfake" >"$work/registry" &
pids+=($!)
until [ -s "$work/registry" ]; do kill -0 "${pids[0]}"; sleep 0.1; done
registry=$(cat "$work/registry")
t="stock-$$-$RANDOM"
"$work/contactgate" topics --brokers "$KAFKA_BROKERS" --events-topic "$t.in" --outcomes-topic "$t.out" \
  --dlq-topic "$t.dlq" >/dev/null
"$venv/bin/python" bench/stock_clients.py produce "$KAFKA_BROKERS" "$registry" "$t.in" "$n"
"$work/contactgate" run --brokers "$KAFKA_BROKERS" --crm emulator --state-dir "$work/state" \
  --metrics-addr 127.0.0.1:0 --group "$t" --events-topic "$t.in" --outcomes-topic "$t.out" --dlq-topic "$t.dlq" \
  --schema-registry-url "$registry" --schema-registry-register 2>"$work/run.log" &
pids+=($!)
"$venv/bin/python" bench/stock_clients.py consume "$KAFKA_BROKERS" "$registry" "$t.out" "$n"
