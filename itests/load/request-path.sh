#!/usr/bin/env bash
# The 1:N request path at a 10k gallery (issue 15), in one run on one fresh instance, for BENCHMARKS.md:
#   1. cold start of the freshly unpacked distribution: seconds to the first answered request and to /ready 200;
#   2. enrolment at two clients with the VGA probe (the issue's setting: one held-out VGA JPEG), LOAD_GALLERY
#      (10,000) new users, which also fills the gallery (kept; every template the same face: the exact index's
#      scan costs the same whatever the vectors);
#   3. 1:N with liveness (POST /v2/gallery_matches, top_n 5, the camera VGA probe) at one and at two clients,
#      then enrolment at two clients with the larger images of faces/;
#   4. the cold start again, now with the 10k gallery (kill, relaunch on the same data);
#   5. the pipeline's stages on the same machine right after (JMH FacePipelineBenchmark), for the
#      "end-to-end p50 <= 1.3 x the sum of the stage medians" ratio.
# Bounded: every HttpLoad run has its own timeout; the instance is stopped and removed at the end (trap).
#   itests/load/request-path.sh [distribution.tar.gz]     LOAD_GALLERY=10000 LOAD_REQUESTS=300 LOAD_WARMUP=100
#   REQUEST_PATH_JMH=0 skips step 5.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
DIST="${1:-$(ls -1 "$REPO"/karaf-assembly/target/visage-distribution-*.tar.gz 2>/dev/null | head -n 1 || true)}"
[[ -f "$DIST" ]] || { echo "[request-path] no distribution archive (build it first)" >&2; exit 1; }
JAR="$REPO/bundles/visage-benchmarks/target/benchmarks.jar"
[[ -f "$JAR" ]] || { echo "[request-path] no $JAR (mvn -q install -DskipTests -pl bundles/visage-benchmarks -am)" >&2; exit 1; }
DATA="$(cd "${VISAGE_DATA_DIR:-$REPO/../shared/data}" && pwd)"
GALLERY="${LOAD_GALLERY:-10000}"
source "$REPO/itests/distribution/lib.sh"
log() { printf '[request-path] %s\n' "$*" >&2; }

shell() { "$KARAF/bin/client" -h 127.0.0.1 -a "$SSH_PORT" -u check -p "$SSH_PASSWORD" -r 30 -d 2 -b 2>/dev/null; }
cold_start() { # since $1 (ms epoch): ms to the first JSON answer of GET /health, then to /ready 200
  local t0="$1" first="" code
  while :; do
    code="$(curl -s -m 2 -o /dev/null -w '%{http_code}' "http://127.0.0.1:$HTTP_PORT/ready" 2>/dev/null || true)"
    [[ -z "$first" && "$code" =~ ^(200|503)$ ]] && first=$(( $(date +%s%3N) - t0 ))
    [[ "$code" == 200 ]] && break
    kill -0 "$KARAF_PID" 2>/dev/null || fail "Karaf exited during start"
    (( $(date +%s%3N) - t0 < 300000 )) || fail "/ready not 200 within 300 s"
    sleep 0.05
  done
  log "cold start: first answer after ${first} ms, /ready 200 after $(( $(date +%s%3N) - t0 )) ms (load $(cut -d' ' -f1 /proc/loadavg))"
}
load() { # HttpLoad arguments
  VISAGE_API_USER=bench VISAGE_API_KEY="$KEY" timeout 1800 java -Xmx256m -cp "$JAR" io.visage.benchmarks.HttpLoad \
    --base-url "http://127.0.0.1:$HTTP_PORT" --data "$DATA" "$@"
}

prepare_instance() { t0=$(date +%s%3N); }   # lib.sh calls it after the unpack, just before the launch
start_fresh_instance "$DIST"
cold_start "$t0"
printf 'visage:api-user-add bench\n' | shell > "$WORK/user.out"
KEY="$(sed -n 's/^api_key: *\([^[:space:]]*\).*/\1/p' "$WORK/user.out" | tr -d '\r' | head -n 1)"
[[ -n "$KEY" ]] || fail "no API key: $(cat "$WORK/user.out")"

log "enrolment at two clients with the VGA probe (the issue's setting): $GALLERY users, kept as the gallery"
load --scenarios enrol-vga --concurrency 2 --warmup 0 --requests "$GALLERY" --max-seconds 1500 --keep-users true \
  --users 1
log "1:N with liveness at one and two clients, gallery of $GALLERY (load $(cut -d' ' -f1 /proc/loadavg))"
load --scenarios gallery --concurrency 1,2 --warmup "${LOAD_WARMUP:-100}" --requests "${LOAD_REQUESTS:-300}" \
  --max-seconds 600 --users 1
log "enrolment at two clients with the images of faces/ (336 KB JPEGs on average), on top of the gallery"
load --scenarios enrol --concurrency 2 --warmup 20 --requests "${LOAD_REQUESTS:-300}" --max-seconds 600 --users 1
printf 'visage:gallery-stats\n' | shell | tr -d '\r' | head -n 5 >&2 || true

log "kill -9 and relaunch on the same data: cold start with the gallery"
java_pid="$(ps --ppid "$KARAF_PID" -o pid= | tr -d ' ' | head -n 1)"
kill -KILL "${java_pid:-$KARAF_PID}" 2>/dev/null || true
for _ in $(seq 1 100); do kill -0 "$KARAF_PID" 2>/dev/null || break; sleep 0.1; done
t0=$(date +%s%3N)
HOME="$FRESH_HOME" EXTRA_JAVA_OPTS="-Duser.home=$FRESH_HOME" setsid "$KARAF/bin/karaf" server \
  >> "$WORK/karaf.out" 2>&1 < /dev/null &
KARAF_PID=$!
cold_start "$t0"
stop_instance
trap - EXIT

if [[ "${REQUEST_PATH_JMH:-1}" == 1 ]]; then
  log "the pipeline's stages (JMH), same machine, right after"
  (cd "$REPO" && VISAGE_DATA_DIR="$DATA" java -jar "$JAR" FacePipelineBenchmark -f 1 -wi 3 -i 5 -w 2 -r 2 -bm sample \
    -tu ms 2>&1 | grep -E '^Benchmark|p0\.50|·p0.50|:p0.50|sample  ' >&2) || true
fi
