#!/usr/bin/env bash
# Run a real Apache Kafka broker (KRaft, single combined broker+controller
# node) from Maven Central jars, for the integration tests. No Docker needed.
#
# Usage:
#   scripts/kafka-broker.sh start RUNDIR   fetch jars (cached), format, start, wait until ready
#   scripts/kafka-broker.sh stop RUNDIR    SIGTERM, wait up to 30 s, then SIGKILL (idempotent)
#   scripts/kafka-broker.sh env RUNDIR     print KAFKA_BROKERS=..., KAFKA_VERSION=... and the SASL variables
#
# The broker has two client listeners on 127.0.0.1: PLAINTEXT (KAFKA_BROKERS,
# what the tests use) and SASL_PLAINTEXT (KAFKA_SASL_BROKERS) with the PLAIN,
# SCRAM-SHA-256 and SCRAM-SHA-512 mechanisms, one test user each. Their names
# and passwords are fixed, test-only credentials (see SASL_USERS below): the
# PLAIN user lives in the listener's JAAS configuration, the SCRAM users are
# written into the KRaft metadata when the storage is formatted (StorageTool
# --add-scram), so a RUNDIR/data formatted by an older version of this script
# has no SCRAM users: remove it.
#
# After a successful start, RUNDIR contains:
#   env                KAFKA_BROKERS=127.0.0.1:PORT, KAFKA_VERSION=X.Y.Z,
#                      KAFKA_SASL_BROKERS=127.0.0.1:PORT and, for MECH in PLAIN,
#                      SCRAM_SHA_256 and SCRAM_SHA_512, KAFKA_SASL_<MECH>_USER
#                      and KAFKA_SASL_<MECH>_PASSWORD
#   broker.pid         pid of the broker JVM
#   server.properties  broker configuration
#   server.log         broker log (INFO)
#   broker.out         JVM stdout/stderr (WARN and above, crashes)
#   data/              Kafka log dir (topics + KRaft metadata)
#
# Environment:
#   JAVA_HOME                      Java >= 17 to use (default: java on PATH)
#   CONTACTGATE_KAFKA_VERSION      Kafka version (default: kafka.version in testdata/kafka/pom.xml)
#   CONTACTGATE_KAFKA_LIBS         jar directory (default: ~/.cache/contactgate/kafka-VERSION/libs)
#   CONTACTGATE_KAFKA_HEAP_OPTS    JVM heap options (default: -Xms256m -Xmx768m)
#   CONTACTGATE_KAFKA_START_TIMEOUT  seconds to wait for the broker (default: 180)
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/.." && pwd)"
KAFKA_TESTDATA="$REPO_ROOT/testdata/kafka"
POM="$KAFKA_TESTDATA/pom.xml"
LOG4J_CONFIG="$KAFKA_TESTDATA/log4j2.properties"

# The broker waits for this line (logged by kafka.server.KafkaRaftServer once
# the controller and broker have both finished starting up).
STARTED_MESSAGE="Kafka Server started"
MAIN_CLASS="kafka.Kafka"

# The SASL_PLAINTEXT listener's test users: mechanism, user, password. Names
# and passwords use only [A-Za-z0-9_-], so that they need no quoting in the
# JAAS configuration, the StorageTool argument or the env file.
SASL_USERS=(
	"PLAIN contactgate_plain plain-secret-1"
	"SCRAM-SHA-256 contactgate_scram256 scram256-secret-1"
	"SCRAM-SHA-512 contactgate_scram512 scram512-secret-1"
)

log() { printf 'kafka-broker: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

usage() {
	cat >&2 <<-EOF
	usage: $(basename "$0") start|stop|env RUNDIR
	EOF
	exit 2
}

# --- helpers ----------------------------------------------------------------

find_java() {
	if [[ -n "${JAVA_HOME:-}" ]]; then
		JAVA="$JAVA_HOME/bin/java"
		[[ -x "$JAVA" ]] || die "JAVA_HOME=$JAVA_HOME but $JAVA is not executable"
	else
		JAVA="$(command -v java || true)"
		[[ -n "$JAVA" ]] || die "java not found: install Java >= 17 or set JAVA_HOME"
	fi
	local spec major
	spec="$("$JAVA" -XshowSettings:properties -version 2>&1 |
		sed -n 's/^[[:space:]]*java\.specification\.version = \(.*\)$/\1/p' | head -n1)"
	[[ -n "$spec" ]] || die "could not determine the version of $JAVA"
	major="${spec#1.}"   # "1.8" -> "8", "17" -> "17"
	major="${major%%.*}"
	if ! [[ "$major" =~ ^[0-9]+$ ]] || ((major < 17)); then
		die "Kafka 4.x needs Java >= 17, but $JAVA is Java $spec (set JAVA_HOME to a newer JDK/JRE)"
	fi
}

pom_kafka_version() {
	sed -n 's:.*<kafka\.version>[[:space:]]*\([^<[:space:]]*\)[[:space:]]*</kafka\.version>.*:\1:p' "$POM" | head -n1
}

# Prints the single kafka_2.x-VERSION.jar in $LIBDIR (empty if none).
kafka_jar() {
	local jars=()
	local f
	for f in "$LIBDIR"/kafka_2.*-*.jar; do
		[[ -e "$f" ]] || continue
		case "$(basename "$f")" in
		*-test.jar | *-sources.jar | *-javadoc.jar) continue ;;
		esac
		jars+=("$f")
	done
	if ((${#jars[@]} > 1)); then
		die "several Kafka jars in $LIBDIR (${jars[*]}); remove the directory and retry"
	fi
	if ((${#jars[@]} == 1)); then
		printf '%s\n' "${jars[0]}"
	fi
}

# Downloads the broker's runtime jars into $LIBDIR unless they are there already.
fetch_jars() {
	local jar
	jar="$(kafka_jar)"
	if [[ -n "$jar" ]]; then
		return 0
	fi
	command -v mvn >/dev/null 2>&1 || die "mvn not found (needed once to download the Kafka jars)"
	log "fetching Kafka $KAFKA_VERSION jars into $LIBDIR (via Maven)"
	local parent tmp f
	parent="$(dirname "$LIBDIR")"
	mkdir -p "$parent"
	tmp="$(mktemp -d "$parent/.kafka-libs.XXXXXX")"
	# shellcheck disable=SC2064  # expand $tmp now
	trap "rm -rf '$tmp'" EXIT
	# Maven's own cache (~/.m2) is reused too; output goes to RUNDIR/mvn.out.
	if ! mvn -q -B -f "$POM" dependency:copy-dependencies \
		-Dkafka.version="$KAFKA_VERSION" -DincludeScope=runtime \
		-DoutputDirectory="$tmp" >"$RUNDIR/mvn.out" 2>&1; then
		printf '===== %s =====\n' "$RUNDIR/mvn.out" >&2
		tail -n 50 "$RUNDIR/mvn.out" >&2
		die "mvn failed to download Kafka $KAFKA_VERSION"
	fi
	[[ -e "$tmp/kafka_2.13-$KAFKA_VERSION.jar" ]] || die "mvn did not produce kafka_2.13-$KAFKA_VERSION.jar"
	mkdir -p "$LIBDIR"
	# Move the Kafka jar last: its presence marks the directory as complete.
	for f in "$tmp"/*.jar; do
		case "$(basename "$f")" in
		kafka_2.*) ;;
		*) mv -f "$f" "$LIBDIR/" ;;
		esac
	done
	mv -f "$tmp"/kafka_2.*.jar "$LIBDIR/"
	rm -rf "$tmp"
	trap - EXIT
}

# Prints N distinct free TCP ports on 127.0.0.1, separated by spaces.
free_ports() {
	local n="$1"
	if command -v python3 >/dev/null 2>&1; then
		python3 - "$n" <<-'EOF'
		import socket, sys
		socks = []
		for _ in range(int(sys.argv[1])):
		    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
		    s.bind(("127.0.0.1", 0))
		    socks.append(s)
		print(" ".join(str(s.getsockname()[1]) for s in socks))
		for s in socks:
		    s.close()
		EOF
		return
	fi
	# Fallback without python: random high ports nobody is listening on.
	local ports=() p
	while ((${#ports[@]} < n)); do
		p=$((20000 + RANDOM % 30000))
		[[ " ${ports[*]-} " == *" $p "* ]] && continue
		if ! port_open "$p"; then
			ports+=("$p")
		fi
	done
	echo "${ports[*]}"
}

port_open() {
	timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null
}

pid_alive() {
	local pid="$1" state=""
	kill -0 "$pid" 2>/dev/null || return 1
	# A zombie (exited, not yet reaped) is not alive.
	if [[ -r "/proc/$pid/stat" ]]; then
		local stat
		stat="$(cat "/proc/$pid/stat" 2>/dev/null)" || return 1
		state="${stat##*) }"
		state="${state%% *}"
	elif command -v ps >/dev/null 2>&1; then
		state="$(ps -o stat= -p "$pid" 2>/dev/null || true)"
		[[ -n "$state" ]] || return 1
	fi
	[[ "$state" != Z* ]]
}

pid_args() {
	local pid="$1"
	if [[ -r "/proc/$pid/cmdline" ]]; then
		tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null || true
	else
		ps -ww -o args= -p "$pid" 2>/dev/null || true
	fi
}

# True when pid is our broker for this RUNDIR (guards against pid reuse).
is_our_broker() {
	local pid="$1" args
	pid_alive "$pid" || return 1
	args="$(pid_args "$pid")"
	[[ "$args" == *"$MAIN_CLASS"*"$RUNDIR/server.properties"* ]]
}

show_logs() {
	local f
	for f in "$RUNDIR/format.out" "$RUNDIR/broker.out" "$RUNDIR/server.log"; do
		[[ -s "$f" ]] || continue
		printf '===== last 50 lines of %s =====\n' "$f" >&2
		tail -n 50 "$f" >&2
	done
}

read_pid() {
	local pid=""
	if [[ -f "$RUNDIR/broker.pid" ]]; then
		pid="$(tr -dc '0-9' <"$RUNDIR/broker.pid")"
	fi
	printf '%s\n' "$pid"
}

# --- subcommands --------------------------------------------------------------

cmd_start() {
	find_java
	[[ -f "$POM" ]] || die "missing $POM"
	KAFKA_VERSION="${CONTACTGATE_KAFKA_VERSION:-$(pom_kafka_version)}"
	[[ -n "$KAFKA_VERSION" ]] || die "could not read kafka.version from $POM"
	LIBDIR="${CONTACTGATE_KAFKA_LIBS:-$HOME/.cache/contactgate/kafka-$KAFKA_VERSION/libs}"

	local pid
	pid="$(read_pid)"
	if [[ -n "$pid" ]] && is_our_broker "$pid"; then
		die "a broker is already running for $RUNDIR (pid $pid); run: $0 stop $RUNDIR"
	fi
	rm -f "$RUNDIR/broker.pid" "$RUNDIR/env"

	fetch_jars
	local jar version
	jar="$(kafka_jar)"
	[[ -n "$jar" ]] || die "no Kafka jar in $LIBDIR"
	version="$(basename "$jar" .jar)"
	version="${version#kafka_2.*-}"

	local ports port sasl_port controller_port
	ports="$(free_ports 3)"
	read -r port sasl_port controller_port <<<"$ports"
	[[ -n "$port" && -n "$sasl_port" && -n "$controller_port" ]] || die "could not find free TCP ports"

	# The SASL listener's users: PLAIN ones in its JAAS line, SCRAM ones as
	# StorageTool arguments; and their env lines.
	local entry mech user pass plain_users="" scram_args=() sasl_env=""
	for entry in "${SASL_USERS[@]}"; do
		read -r mech user pass <<<"$entry"
		case "$mech" in
		PLAIN) plain_users+=" user_$user=\"$pass\"" ;;
		*) scram_args+=(--add-scram "$mech=[name=$user,password=$pass]") ;;
		esac
		sasl_env+="KAFKA_SASL_${mech//-/_}_USER=$user"$'\n'"KAFKA_SASL_${mech//-/_}_PASSWORD=$pass"$'\n'
	done

	mkdir -p "$RUNDIR/data"
	cat >"$RUNDIR/server.properties" <<-EOF
	# Generated by scripts/kafka-broker.sh - single-node KRaft test broker.
	process.roles=broker,controller
	node.id=1
	listeners=PLAINTEXT://127.0.0.1:$port,SASL_PLAINTEXT://127.0.0.1:$sasl_port,CONTROLLER://127.0.0.1:$controller_port
	advertised.listeners=PLAINTEXT://127.0.0.1:$port,SASL_PLAINTEXT://127.0.0.1:$sasl_port
	listener.security.protocol.map=PLAINTEXT:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT
	controller.listener.names=CONTROLLER
	inter.broker.listener.name=PLAINTEXT
	controller.quorum.voters=1@127.0.0.1:$controller_port
	log.dirs=$RUNDIR/data

	# SASL for clients only (brokers talk PLAINTEXT), with test-only users.
	# No authorizer: an authenticated user may do anything.
	listener.name.sasl_plaintext.sasl.enabled.mechanisms=PLAIN,SCRAM-SHA-256,SCRAM-SHA-512
	listener.name.sasl_plaintext.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required$plain_users;
	listener.name.sasl_plaintext.scram-sha-256.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
	listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;

	# Single replica everywhere.
	offsets.topic.replication.factor=1
	offsets.topic.num.partitions=4
	transaction.state.log.replication.factor=1
	transaction.state.log.min.isr=1
	transaction.state.log.num.partitions=4
	share.coordinator.state.topic.replication.factor=1
	share.coordinator.state.topic.min.isr=1
	default.replication.factor=1
	min.insync.replicas=1

	# Test-friendly behaviour.
	group.initial.rebalance.delay.ms=0
	num.partitions=1
	auto.create.topics.enable=false
	log.cleaner.backoff.ms=1000

	# Small footprint (2-core CI machines).
	num.network.threads=2
	num.io.threads=2
	num.recovery.threads.per.data.dir=1
	background.threads=2
	log.cleaner.threads=1
	log.cleaner.dedupe.buffer.size=16777216
	EOF

	local log4j_opts=("-Dlog4j2.configurationFile=$LOG4J_CONFIG")
	local heap_opts=()
	read -r -a heap_opts <<<"${CONTACTGATE_KAFKA_HEAP_OPTS:--Xms256m -Xmx768m}"

	# Keep the previous run's logs aside so the readiness check only sees this run.
	local f
	for f in server.log broker.out; do
		if [[ -e "$RUNDIR/$f" ]]; then
			mv -f "$RUNDIR/$f" "$RUNDIR/$f.prev"
		fi
	done
	: >"$RUNDIR/format.out"

	# Format the storage. StorageTool logs go to RUNDIR/format-logs/server.log.
	# A RUNDIR/data formatted by an earlier run keeps its cluster id (format
	# --ignore-formatted still fails when the ids differ).
	local tool=("$JAVA" "${log4j_opts[@]}" "-Dkafka.logs.dir=$RUNDIR/format-logs"
		-cp "$LIBDIR/*" kafka.tools.StorageTool)
	local cluster_id=""
	if [[ -f "$RUNDIR/data/meta.properties" ]]; then
		cluster_id="$(sed -n 's/^cluster\.id=//p' "$RUNDIR/data/meta.properties" | head -n1)"
	fi
	if [[ -z "$cluster_id" ]]; then
		cluster_id="$("${tool[@]}" random-uuid 2>>"$RUNDIR/format.out" | tail -n1)"
		[[ -n "$cluster_id" ]] || { show_logs; die "kafka.tools.StorageTool random-uuid failed"; }
	fi
	if ! "${tool[@]}" format \
		-t "$cluster_id" -c "$RUNDIR/server.properties" --ignore-formatted "${scram_args[@]}" \
		>>"$RUNDIR/format.out" 2>&1; then
		show_logs
		die "formatting $RUNDIR/data failed"
	fi

	nohup "$JAVA" "${heap_opts[@]}" \
		-XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true \
		"${log4j_opts[@]}" "-Dkafka.logs.dir=$RUNDIR" \
		-cp "$LIBDIR/*" "$MAIN_CLASS" "$RUNDIR/server.properties" \
		>>"$RUNDIR/broker.out" 2>&1 </dev/null &
	pid=$!
	echo "$pid" >"$RUNDIR/broker.pid"

	local timeout="${CONTACTGATE_KAFKA_START_TIMEOUT:-180}"
	local deadline=$((SECONDS + timeout))
	while :; do
		if ! pid_alive "$pid"; then
			show_logs
			rm -f "$RUNDIR/broker.pid"
			die "broker process $pid exited during startup"
		fi
		if grep -qF "$STARTED_MESSAGE" "$RUNDIR/server.log" 2>/dev/null && port_open "$port" && port_open "$sasl_port"; then
			break
		fi
		if ((SECONDS >= deadline)); then
			show_logs
			log "broker not ready after ${timeout}s; killing pid $pid"
			stop_pid "$pid"
			rm -f "$RUNDIR/broker.pid"
			die "broker did not start within ${timeout}s"
		fi
		sleep 0.5
	done

	printf 'KAFKA_BROKERS=127.0.0.1:%s\nKAFKA_VERSION=%s\nKAFKA_SASL_BROKERS=127.0.0.1:%s\n%s' \
		"$port" "$version" "$sasl_port" "$sasl_env" >"$RUNDIR/env.tmp"
	mv -f "$RUNDIR/env.tmp" "$RUNDIR/env"
	log "kafka broker $version listening on 127.0.0.1:$port, SASL on 127.0.0.1:$sasl_port (pid $pid)"
}

# SIGTERM, wait up to 30 s for the controlled shutdown, then SIGKILL.
stop_pid() {
	local pid="$1" i
	kill -TERM "$pid" 2>/dev/null || true
	for ((i = 0; i < 60; i++)); do
		pid_alive "$pid" || return 0
		sleep 0.5
	done
	log "broker pid $pid did not exit after 30s; sending SIGKILL"
	kill -KILL "$pid" 2>/dev/null || true
	for ((i = 0; i < 20; i++)); do
		pid_alive "$pid" || return 0
		sleep 0.5
	done
	die "broker pid $pid is still alive after SIGKILL"
}

cmd_stop() {
	local pid
	pid="$(read_pid)"
	if [[ -z "$pid" ]]; then
		log "no broker running for $RUNDIR"
		return 0
	fi
	if ! is_our_broker "$pid"; then
		log "no broker running for $RUNDIR (stale pid $pid)"
		rm -f "$RUNDIR/broker.pid"
		return 0
	fi
	stop_pid "$pid"
	rm -f "$RUNDIR/broker.pid"
	log "kafka broker (pid $pid) stopped"
}

cmd_env() {
	[[ -f "$RUNDIR/env" ]] || die "$RUNDIR/env not found (is the broker started?)"
	cat "$RUNDIR/env"
}

# --- main ---------------------------------------------------------------------

(($# == 2)) || usage
cmd="$1"
[[ -n "$2" ]] || usage
case "$cmd" in
start)
	mkdir -p "$2"
	;;
stop)
	if [[ ! -d "$2" ]]; then
		log "no broker running for $2"
		exit 0
	fi
	;;
env)
	[[ -d "$2" ]] || die "no such directory: $2"
	;;
*)
	usage
	;;
esac
RUNDIR="$(cd "$2" && pwd)"

case "$cmd" in
start) cmd_start ;;
stop) cmd_stop ;;
*) cmd_env ;;
esac
