#!/usr/bin/env bash
# The test command of the README. It starts a real Apache Kafka broker (jars
# fetched from Maven Central by Maven and cached), runs gofmt, go vet and
# go test -race with KAFKA_BROKERS (and the SASL listener's KAFKA_SASL_*)
# pointing at it, and stops the broker.
#
# Under CI=true a broker that cannot start fails the run. Elsewhere the tests
# fall back, with a warning, to the in-process kfake cluster.
#
# Extra arguments go to `go test` (e.g. scripts/test.sh -run Kafka -v).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

say() { printf '== %s\n' "$*" >&2; }

ensure_tools() {
	local missing=()
	command -v go >/dev/null || missing+=(golang)
	command -v java >/dev/null || [[ -n "${JAVA_HOME:-}" ]] || missing+=(openjdk-17-jre-headless)
	command -v mvn >/dev/null || missing+=(maven)
	((${#missing[@]} == 0)) && return 0
	if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
		say "installing ${missing[*]}"
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
	else
		say "missing tools: ${missing[*]}; install them and run again"
		exit 1
	fi
}

# ensure_browser installs chromium for the review page's browser tests
# (cmd/contactgate/review_browser_test.go) when missing and root may; a slow
# or failing apt leaves it out, and those tests then skip (fail under CI).
ensure_browser() {
	command -v chromium >/dev/null || command -v chromium-browser >/dev/null || command -v google-chrome >/dev/null && return 0
	local then="skip"
	[[ "${CI:-}" == "true" ]] && then="fail (CI never skips them)"
	if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
		say "installing chromium (the review page's browser tests)"
		if ! { timeout 600 apt-get update -qq && DEBIAN_FRONTEND=noninteractive timeout 900 apt-get install -y -qq chromium >/dev/null; }; then
			say "WARNING: chromium was not installed; the browser tests will $then"
		fi
	else
		say "WARNING: no chromium (apt-get install chromium); the browser tests will $then"
	fi
}

ensure_tools
ensure_browser
go version >&2

rundir=$(mktemp -d "${TMPDIR:-/tmp}/contactgate-kafka.XXXXXX")
cleanup() {
	bash scripts/kafka-broker.sh stop "$rundir" || true
	rm -rf "$rundir"
}
trap cleanup EXIT

say "starting a real Kafka broker"
if bash scripts/kafka-broker.sh start "$rundir"; then
	# Export every variable of the env file: KAFKA_BROKERS, and the SASL
	# listener's address and test users (KAFKA_SASL_*).
	set -a
	# shellcheck disable=SC1091
	source "$rundir/env"
	set +a
	say "Kafka $KAFKA_VERSION broker at $KAFKA_BROKERS, SASL at $KAFKA_SASL_BROKERS"
elif [[ "${CI:-}" == "true" ]]; then
	say "FATAL: the real Kafka broker did not start (logs above); CI never falls back to kfake"
	exit 1
else
	say "WARNING: the real Kafka broker did not start; integration tests fall back to kfake"
	unset KAFKA_BROKERS
fi

say "gofmt"
unformatted=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))
if [[ -n "$unformatted" ]]; then
	say "gofmt would change:"; echo "$unformatted" >&2
	exit 1
fi

say "go vet"
go vet ./...

# The compose file, where a compose tool is installed (CI machines have none).
if docker compose version >/dev/null 2>&1; then
	say "docker compose config"
	docker compose -f docker-compose.yml config -q
elif command -v docker-compose >/dev/null; then
	say "docker-compose config"
	docker-compose -f docker-compose.yml config -q
else
	say "docker compose config: skipped (no compose tool; TestComposeAdvertisesAListenerTheHostCanReach reads the file)"
fi

say "broker version as the tests see it"
go test -count=1 -v -run '^TestBrokerVersion$' ./internal/kafkatest 2>&1 | grep -E 'integration tests use|FAIL|ok' >&2

say "go test -race"
go test -race -count=1 "$@" ./...
