#!/usr/bin/env bash
# HTTP load against a Visage distribution, loopback only, bounded in requests and time; stops by itself.
#
# Either against a running instance:
#   VISAGE_BASE_URL=http://127.0.0.1:8181 VISAGE_API_USER=... VISAGE_API_KEY=... itests/load/run.sh
# or (no VISAGE_BASE_URL) it unpacks the built distribution into a temp dir, binds HTTP to 127.0.0.1 on a free
# port (SSH and RMI on free loopback ports too), starts it (bin/karaf server), creates an API user with
# visage:api-user-add through bin/client, runs the load, stops Karaf and removes the temp dir (trap).
#
# The load itself is io.visage.benchmarks.HttpLoad in bundles/visage-benchmarks/target/benchmarks.jar (build:
# mvn -q -o install -DskipTests -pl bundles/visage-benchmarks -am): enrols LOAD_USERS users, then for each
# concurrency in LOAD_CONCURRENCY runs LOAD_REQUESTS requests (after LOAD_WARMUP) of POST
# /v2/liveness_detections (save_image=false) and of POST /v2/gallery_matches 1:N, and prints a Markdown table
# with p50/p90/p99 latency and requests/s; the enrolled users are deleted at the end.
#
# Environment (defaults):
#   VISAGE_DISTRIBUTION  karaf-assembly/target/visage-distribution-*.tar.gz
#   VISAGE_DATA_DIR      ../shared/data beside the repository
#   LOAD_REQUESTS=200 LOAD_WARMUP=200 (per scenario and concurrency: the JIT needs a few hundred requests) LOAD_CONCURRENCY=1,2 LOAD_USERS=20 LOAD_MAX_SECONDS=120 (per scenario)
#   LOAD_SCENARIOS=liveness,gallery   LOAD_TIMEOUT=1200 (seconds, one load run)
#   LOAD_ROUNDS=1        repeat the whole load run (Karaf's RSS is logged after each round: a leak check)
#   VISAGE_LOAD_KEEP=1   keep the temp dir (karaf.log) for a look afterwards
set -euo pipefail

LD="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$LD/../.." && pwd)"
START=$SECONDS
log() { printf '[load] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

for tool in java curl tar python3; do
  command -v "$tool" >/dev/null || die "$tool is required but not installed"
done
JAR="$REPO/bundles/visage-benchmarks/target/benchmarks.jar"
[[ -f "$JAR" ]] || die "no $JAR (mvn -q -o install -DskipTests -pl bundles/visage-benchmarks -am)"
DATA="${VISAGE_DATA_DIR:-$REPO/../shared/data}"
[[ -f "$DATA/$(printf 'liveness/live/sfas__image_T1.jpg')" ]] || die "no test images at $DATA (set VISAGE_DATA_DIR)"
DATA="$(cd "$DATA" && pwd)"

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

if [[ -n "${VISAGE_BASE_URL:-}" ]]; then
  BASE="$VISAGE_BASE_URL"
  [[ -n "${VISAGE_API_USER:-}" && -n "${VISAGE_API_KEY:-}" ]] || die "VISAGE_API_USER and VISAGE_API_KEY are required with VISAGE_BASE_URL"
  API_USER="$VISAGE_API_USER"; API_KEY="$VISAGE_API_KEY"
else
  DIST="${VISAGE_DISTRIBUTION:-$(ls -1 "$REPO"/karaf-assembly/target/visage-distribution-*.tar.gz 2>/dev/null | head -n 1 || true)}"
  [[ -n "$DIST" && -f "$DIST" ]] || die "no distribution tar.gz (mvn -DskipTests install, or set VISAGE_DISTRIBUTION / VISAGE_BASE_URL)"
  WORK="$(mktemp -d "${TMPDIR:-/tmp}/visage-load.XXXXXX")"
  log "unpacking $DIST"
  tar -xzf "$DIST" -C "$WORK"
  KARAF="$(dirname "$(dirname "$(ls -1d "$WORK"/*/bin/karaf | head -n 1)")")"
  # A fresh instance: a tar.gz packed from a karaf-assembly/target/assembly that had been started carries that
  # run's data/ (Derby database, logs, bundle cache) and instances/instance.properties (its pid: bin/karaf then
  # refuses to start while that process lives).
  if [[ -e "$KARAF/data" || -e "$KARAF/instances" ]]; then
    log "WARNING: the distribution contains run state (data/, instances/): removed from the unpacked copy"
    rm -rf "$KARAF/data" "$KARAF/instances"
  fi
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
  SSH_PASSWORD="load-$RANDOM$RANDOM"
  printf 'loadadmin = %s,_g_:admingroup\n_g_\\:admingroup = group,admin,manager,viewer,systembundles,ssh\n' \
    "$SSH_PASSWORD" >> "$KARAF/etc/users.properties"

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
  API_USER="load_user"
  printf 'visage:api-user-add %s\n' "$API_USER" > "$WORK/users.cmd"
  "$KARAF/bin/client" -h 127.0.0.1 -a "$SSH_PORT" -u loadadmin -p "$SSH_PASSWORD" -r 30 -d 2 -b \
    < "$WORK/users.cmd" > "$WORK/users.out" 2>&1 || { cat "$WORK/users.out" >&2; die "bin/client failed"; }
  API_KEY="$(sed -n -E 's/^api_key: ([^[:space:]]+).*/\1/p' "$WORK/users.out" | head -n 1)"
  [[ -n "$API_KEY" ]] || { cat "$WORK/users.out" >&2; die "no api_key for $API_USER"; }
  log "API user $API_USER created"
  # Warm the pipeline until a liveness request succeeds (model sessions are created when their bundles start).
  for _ in $(seq 1 60); do
    code="$(curl -s -o /dev/null -w '%{http_code}' -m 30 -H "X-Api-User: $API_USER" -H "X-Api-Key: $API_KEY" \
      -F "image=@$DATA/liveness/live/sfas__image_T1.jpg" "$BASE/v2/liveness_detections?save_image=false" || true)"
    [[ "$code" == 200 ]] && break
    sleep 2
  done
  [[ "$code" == 200 ]] || die "liveness_detections never answered 200 (last $code)"
fi

karaf_rss() { # RSS and thread count of the Karaf JVM we started
  [[ -n "$KARAF_PID" ]] || return 0
  local pid; pid="$(pgrep -P "$KARAF_PID" java || echo "$KARAF_PID")"
  ps -o rss=,nlwp= -p "$pid" 2>/dev/null | awk '{printf "RSS %.0f MiB, %d threads", $1/1024, $2}'
  # Java heap committed/used, to tell heap growth from native growth in the RSS (jcmd attaches read-only).
  if command -v jcmd >/dev/null; then
    jcmd "$pid" GC.heap_info 2>/dev/null | awk '/ heap +total/ {gsub(/[K,]/, ""); for (i = 1; i <= NF; i++) {
      if ($i == "total") t = $(i + 1); if ($i == "used") u = $(i + 1) }
      printf ", heap committed %.0f MiB, used %.0f MiB", t / 1024, u / 1024; exit }'
  fi
}
[[ -z "$KARAF" ]] || log "Karaf process before the load: $(karaf_rss)"
log "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
ROUNDS="${LOAD_ROUNDS:-1}"
for round in $(seq 1 "$ROUNDS"); do
  (( ROUNDS == 1 )) || log "round $round of $ROUNDS"
  VISAGE_API_USER="$API_USER" VISAGE_API_KEY="$API_KEY" timeout "${LOAD_TIMEOUT:-1200}" \
    java -Xmx256m -cp "$JAR" io.visage.benchmarks.HttpLoad --base-url "$BASE" --data "$DATA" \
      --requests "${LOAD_REQUESTS:-200}" --warmup "${LOAD_WARMUP:-200}" --concurrency "${LOAD_CONCURRENCY:-1,2}" \
      --users "${LOAD_USERS:-20}" --max-seconds "${LOAD_MAX_SECONDS:-120}" --scenarios "${LOAD_SCENARIOS:-liveness,gallery}"
  (( ROUNDS == 1 )) || [[ -z "$KARAF" ]] || log "Karaf process after round $round: $(karaf_rss)"
done
log "load average after the run: $(cut -d' ' -f1-3 /proc/loadavg)"
[[ -z "$KARAF" ]] || log "Karaf process after the load: $(karaf_rss)"
