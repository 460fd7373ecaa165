#!/usr/bin/env bash
# Memory soak of a Visage distribution: mixed load for SOAK_MINUTES at SOAK_CLIENTS clients, the server's resident
# memory (and NMT committed, Java heap after a full GC) sampled every minute. Loopback only; bounded in time; stops
# by itself.
#
# Either against a running instance (its JVM's pid is needed for the memory figures):
#   VISAGE_BASE_URL=http://127.0.0.1:8181 VISAGE_API_USER=... VISAGE_API_KEY=... VISAGE_PID=<karaf java pid> itests/load/soak.sh
# or (no VISAGE_BASE_URL) it copies the built distribution (a tar.gz, or an unpacked directory such as
# karaf-assembly/target/assembly) into a temp dir, binds HTTP/SSH/RMI to free loopback ports, starts it with
# -XX:NativeMemoryTracking=summary, creates an API user, runs the soak, stops Karaf and removes the temp dir (trap).
#
# The load is io.visage.benchmarks.HttpSoak (bundles/visage-benchmarks/target/benchmarks.jar; build:
# mvn -q -o install -DskipTests -pl bundles/visage-benchmarks -am): each client loops over 1:N gallery matches,
# liveness (live and spoof), face detections (face, group, no face, PNG with alpha, truncated JPEG), enrolments
# and deletions; any answer other than the one learnt before the soak is an error. One line per minute:
# requests, errors, p50/p90 ms, RSS MiB, NMT committed MiB, heap after GC MiB; then the drift of RSS after the
# warm-up. The per-minute table is also written to $SOAK_CSV when set.
#
# Environment (defaults):
#   VISAGE_DISTRIBUTION  karaf-assembly/target/visage-distribution-*.tar.gz (or a directory)
#   VISAGE_DATA_DIR      ../shared/data beside the repository
#   SOAK_MINUTES=30 SOAK_CLIENTS=2 SOAK_WARMUP_MINUTES=5 SOAK_SAMPLE_SECONDS=60 SOAK_BASE_USERS=20
#   SOAK_NMT=1           start the JVM with -XX:NativeMemoryTracking=summary (0: without)
#   VISAGE_LOAD_KEEP=1   keep the temp dir (karaf.log) for a look afterwards
set -euo pipefail

LD="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$LD/../.." && pwd)"
START=$SECONDS
log() { printf '[soak] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

for tool in java curl tar python3; do
  command -v "$tool" >/dev/null || die "$tool is required but not installed"
done
JAR="$REPO/bundles/visage-benchmarks/target/benchmarks.jar"
[[ -f "$JAR" ]] || die "no $JAR (mvn -q -o install -DskipTests -pl bundles/visage-benchmarks -am)"
DATA="${VISAGE_DATA_DIR:-$REPO/../shared/data}"
[[ -f "$DATA/liveness/live/sfas__image_T1.jpg" ]] || die "no test images at $DATA (set VISAGE_DATA_DIR)"
DATA="$(cd "$DATA" && pwd)"
MINUTES="${SOAK_MINUTES:-30}"

WORK=""
KARAF=""
KARAF_PID=""
cleanup() {
  local rc=$?
  set +e
  if [[ -n "$KARAF_PID" ]] && kill -0 "$KARAF_PID" 2>/dev/null; then
    log "stopping Karaf (pid $KARAF_PID)"
    timeout 60 "$KARAF/bin/stop" >/dev/null 2>&1
    for _ in $(seq 1 60); do kill -0 "$KARAF_PID" 2>/dev/null || break; sleep 1; done
    if kill -0 "$KARAF_PID" 2>/dev/null; then
      log "Karaf did not stop in time: killing its process group"
      kill -TERM -- "-$KARAF_PID" 2>/dev/null; sleep 5; kill -KILL -- "-$KARAF_PID" 2>/dev/null
    fi
  fi
  if [[ $rc -ne 0 && -n "$KARAF" && -f "$KARAF/data/log/karaf.log" ]]; then
    log "last lines of karaf.log:"; tail -n 30 "$KARAF/data/log/karaf.log" >&2
  fi
  if [[ -n "$WORK" ]]; then
    if [[ "${VISAGE_LOAD_KEEP:-}" == 1 ]]; then log "kept $WORK"; else rm -rf "$WORK"; fi
  fi
  log "done in $((SECONDS - START)) s, exit status $rc"
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM
WORK="$(mktemp -d "${TMPDIR:-/tmp}/visage-soak.XXXXXX")"
# A copy of the load's jar: a rebuild of visage-benchmarks during a 30-minute soak must not pull it away.
cp "$JAR" "$WORK/benchmarks.jar"
JAR="$WORK/benchmarks.jar"

if [[ -n "${VISAGE_BASE_URL:-}" ]]; then
  BASE="$VISAGE_BASE_URL"
  [[ -n "${VISAGE_API_USER:-}" && -n "${VISAGE_API_KEY:-}" ]] || die "VISAGE_API_USER and VISAGE_API_KEY are required with VISAGE_BASE_URL"
  API_USER="$VISAGE_API_USER"; API_KEY="$VISAGE_API_KEY"
  JVM_PID="${VISAGE_PID:-0}"
  [[ "$JVM_PID" != 0 ]] || log "WARNING: no VISAGE_PID: latency and errors only, no memory figures"
else
  DIST="${VISAGE_DISTRIBUTION:-$(ls -1 "$REPO"/karaf-assembly/target/visage-distribution-*.tar.gz 2>/dev/null | head -n 1 || true)}"
  [[ -n "$DIST" && -e "$DIST" ]] || die "no distribution (mvn -DskipTests install, or set VISAGE_DISTRIBUTION / VISAGE_BASE_URL)"
  if [[ -d "$DIST" ]]; then
    log "copying $DIST"
    mkdir "$WORK/karaf" && cp -a "$DIST/." "$WORK/karaf/"
    KARAF="$WORK/karaf"
  else
    log "unpacking $DIST"
    tar -xzf "$DIST" -C "$WORK"
    KARAF="$(dirname "$(dirname "$(ls -1d "$WORK"/*/bin/karaf | head -n 1)")")"
  fi
  # A fresh instance: no earlier run's data/ (database, bundle cache) or instances/ (its pid).
  rm -rf "$KARAF/data" "$KARAF/instances"
  read -r HTTP_PORT SSH_PORT RMI_REGISTRY_PORT RMI_SERVER_PORT < <(python3 -c '
import socket
socks = [socket.socket() for _ in range(4)]
for s in socks: s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in socks))
for s in socks: s.close()')
  log "ports: http $HTTP_PORT, ssh $SSH_PORT, rmi $RMI_REGISTRY_PORT/$RMI_SERVER_PORT (all on 127.0.0.1)"
  source "$REPO/itests/lib/karaf-config.sh"
  WEB="$KARAF/etc/org.ops4j.pax.web.cfg"
  set_prop "$WEB" org.osgi.service.http.port "$HTTP_PORT"
  set_prop "$WEB" org.ops4j.pax.web.listening.addresses 127.0.0.1
  set_prop "$WEB" org.osgi.service.http.secure.enabled false
  set_prop "$KARAF/etc/org.apache.karaf.shell.cfg" sshPort "$SSH_PORT"
  set_prop "$KARAF/etc/org.apache.karaf.shell.cfg" sshHost 127.0.0.1
  set_prop "$KARAF/etc/org.apache.karaf.management.cfg" rmiRegistryPort "$RMI_REGISTRY_PORT"
  set_prop "$KARAF/etc/org.apache.karaf.management.cfg" rmiServerPort "$RMI_SERVER_PORT"
  set_prop "$KARAF/etc/org.apache.karaf.management.cfg" rmiRegistryHost 127.0.0.1
  set_prop "$KARAF/etc/org.apache.karaf.management.cfg" rmiServerHost 127.0.0.1
  SSH_PASSWORD="soak-$RANDOM$RANDOM"
  printf 'soakadmin = %s,_g_:admingroup\n_g_\\:admingroup = group,admin,manager,viewer,systembundles,ssh\n' \
    "$SSH_PASSWORD" >> "$KARAF/etc/users.properties"
  [[ "${SOAK_NMT:-1}" == 0 ]] || export EXTRA_JAVA_OPTS="${EXTRA_JAVA_OPTS:-} -XX:NativeMemoryTracking=summary"

  log "starting Karaf in $KARAF"
  setsid "$KARAF/bin/karaf" server > "$WORK/karaf.out" 2>&1 < /dev/null &
  KARAF_PID=$!
  BASE="http://127.0.0.1:$HTTP_PORT"
  deadline=$((SECONDS + ${VISAGE_START_TIMEOUT:-300}))
  until curl -s -m 5 "$BASE/v1/users" 2>/dev/null | grep -q '"status"'; do
    kill -0 "$KARAF_PID" 2>/dev/null || die "Karaf exited during start (see $WORK/karaf.out)"
    (( SECONDS < deadline )) || die "no JSON answer from $BASE after ${VISAGE_START_TIMEOUT:-300} s"
    sleep 2
  done
  log "API answers on $BASE after $((SECONDS - START)) s"
  API_USER="soak_user"
  printf 'visage:api-user-add %s\n' "$API_USER" > "$WORK/users.cmd"
  API_KEY=""
  # The shell commands may come up a little after the API: retry until the user is created.
  for _ in $(seq 1 30); do
    "$KARAF/bin/client" -h 127.0.0.1 -a "$SSH_PORT" -u soakadmin -p "$SSH_PASSWORD" -r 30 -d 2 -b \
      < "$WORK/users.cmd" > "$WORK/users.out" 2>&1 || true
    API_KEY="$(sed -n -E 's/^api_key: ([^[:space:]]+).*/\1/p' "$WORK/users.out" | head -n 1)"
    [[ -z "$API_KEY" ]] || break
    sleep 3
  done
  [[ -n "$API_KEY" ]] || { cat "$WORK/users.out" >&2; die "no api_key for $API_USER"; }
  log "API user $API_USER created"
  for _ in $(seq 1 60); do
    code="$(curl -s -o /dev/null -w '%{http_code}' -m 30 -H "X-Api-User: $API_USER" -H "X-Api-Key: $API_KEY" \
      -F "image=@$DATA/liveness/live/sfas__image_T1.jpg" "$BASE/v2/liveness_detections?save_image=false" || true)"
    [[ "$code" == 200 ]] && break
    sleep 2
  done
  [[ "$code" == 200 ]] || die "liveness_detections never answered 200 (last $code)"
  JVM_PID="$(pgrep -P "$KARAF_PID" java || echo "$KARAF_PID")"
  if grep -qz '^MALLOC_ARENA_MAX=' "/proc/$JVM_PID/environ" 2>/dev/null; then
    log "JVM $JVM_PID runs with $(tr '\0' '\n' < "/proc/$JVM_PID/environ" | grep '^MALLOC_' | tr '\n' ' ')"
  fi
fi

log "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); soak of $MINUTES min at ${SOAK_CLIENTS:-2} clients"
VISAGE_API_USER="$API_USER" VISAGE_API_KEY="$API_KEY" timeout "$(( (${MINUTES%.*} + 10) * 60 ))" \
  java -Xmx256m -cp "$JAR" io.visage.benchmarks.HttpSoak --base-url "$BASE" --data "$DATA" --pid "$JVM_PID" \
    --minutes "$MINUTES" --clients "${SOAK_CLIENTS:-2}" --warmup-minutes "${SOAK_WARMUP_MINUTES:-5}" \
    --sample-seconds "${SOAK_SAMPLE_SECONDS:-60}" --base-users "${SOAK_BASE_USERS:-20}" \
    ${SOAK_CSV:+--csv "$SOAK_CSV"}
log "load average after the soak: $(cut -d' ' -f1-3 /proc/loadavg)"
