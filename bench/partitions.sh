#!/usr/bin/env bash
# Where librdkafka producers (confluent-kafka for Python) put a key, against
# franz-go's murmur2 (contactgate's, and Java's client's): KEYS e-mail keys
# produced to a topic of PARTITIONS partitions on a real broker, with
# librdkafka's default partitioner and with murmur2_random.
#   bash bench/partitions.sh            # KEYS=1000 PARTITIONS=6
# Uses KAFKA_BROKERS when set, else starts scripts/kafka-broker.sh; installs
# confluent-kafka from PyPI into a virtualenv under ~/.cache/contactgate.
set -euo pipefail
cd "$(dirname "$0")/.."
keys=${KEYS:-1000}
parts=${PARTITIONS:-6}
work=$(mktemp -d)
venv="$HOME/.cache/contactgate/venv-partitions"
cleanup() {
  [ -n "${started:-}" ] && bash scripts/kafka-broker.sh stop "$work/kafka" >/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q confluent-kafka
fi
if [ -z "${KAFKA_BROKERS:-}" ]; then
  bash scripts/kafka-broker.sh start "$work/kafka" >&2
  started=1
  # shellcheck disable=SC1091
  source "$work/kafka/env"
fi
for i in $(seq 1 "$keys"); do echo "person$i@example.com"; done >"$work/keys"
go run ./bench/partitions -n "$parts" <"$work/keys" >"$work/franz"
"$venv/bin/python" bench/partitions.py "$KAFKA_BROKERS" "partitions-$$-$RANDOM" "$parts" "$work/keys" \
  default murmur2_random >"$work/rdkafka"
for p in default murmur2_random; do
  same=$(awk -v p="$p" 'NR==FNR {want[$1]=$2; next} $1==p && want[$2]==$3 {n++} END {print n+0}' \
    "$work/franz" "$work/rdkafka")
  echo "librdkafka partitioner=$p: $same of $keys keys on franz-go's (murmur2) partition of $parts"
done
