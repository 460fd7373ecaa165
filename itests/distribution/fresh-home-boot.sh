#!/usr/bin/env bash
# Boots the built distribution archive the way a new user does, on a machine that has never built Visage:
# unpacked into an empty folder, with HOME and -Duser.home pointing at a fresh, empty folder (no ~/.m2, no
# ~/.cache), on free ports. Passes only when the API answers JSON, karaf.log holds no ERROR line and no
# bundle was looked for outside the distribution. Prints the time from start to the first JSON answer of
# the API itself (GET /v1/users without credentials: 400 "Missing required parameter.").
#
#   itests/distribution/fresh-home-boot.sh [distribution.tar.gz]   (default: karaf-assembly/target/...)
#   VISAGE_BOOT_RUNS=3   boot that many times (a fresh unpack each) and print every cold-start time
#   VISAGE_BOOT_TIMEOUT  seconds to wait for the first answer (default 120)
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
DIST="${1:-$(ls -1 "$REPO"/karaf-assembly/target/visage-distribution-*.tar.gz 2>/dev/null | head -n 1 || true)}"
[[ -f "$DIST" ]] || { echo "[fresh-home] no distribution archive (build it first)" >&2; exit 1; }
RUNS="${VISAGE_BOOT_RUNS:-1}"
TIMEOUT="${VISAGE_BOOT_TIMEOUT:-120}"
source "$HERE/lib.sh"
# Karaf 4.4 ignores JAVA_MAX_MEM; bin/setenv turns it into -Xmx (checked below on the running JVM).
export JAVA_MAX_MEM=2g

for run in $(seq 1 "$RUNS"); do
  start_fresh_instance "$DIST"
  t0=$(date +%s%N)
  first=""
  while (( ($(date +%s%N) - t0) / 1000000000 < TIMEOUT )); do
    kill -0 "$KARAF_PID" 2>/dev/null || fail "Karaf exited during start"
    # The first JSON answer from the API user service itself (storage and core up), not the "try again"
    # that the REST layer gives while the services it needs are still starting.
    if curl -s -m 2 "http://127.0.0.1:$HTTP_PORT/v1/users" 2>/dev/null | grep -q '"message":"Missing required parameter."'; then
      first=$(( ($(date +%s%N) - t0) / 1000000 )); break
    fi
    sleep 0.1
  done
  [[ -n "$first" ]] || fail "no JSON answer on port $HTTP_PORT after $TIMEOUT s"
  body="$(curl -s "http://127.0.0.1:$HTTP_PORT/v1/users")"
  # Let the boot finish (features are installed asynchronously to the first answer), then read the log.
  wait_boot_finished
  # The whole platform, not just the API: storage, every stage's model and the index (GET /ready).
  ready_deadline=$((SECONDS + 60))
  until [[ "$(curl -s -m 2 -o /dev/null -w '%{http_code}' "http://127.0.0.1:$HTTP_PORT/ready")" == 200 ]]; do
    (( SECONDS < ready_deadline )) || fail "GET /ready not 200: $(curl -s -m 2 "http://127.0.0.1:$HTTP_PORT/ready")"
    sleep 0.5
  done
  check_log_clean
  java_pid="$(pgrep -f -- "-Dkaraf.base=$KARAF " | head -n 1)"
  [[ -n "$java_pid" ]] && tr '\0' '\n' < "/proc/$java_pid/cmdline" | grep -qx -- '-Xmx2g' \
    || fail "JAVA_MAX_MEM=2g did not reach the JVM as -Xmx2g (pid ${java_pid:-none})"
  echo "[fresh-home] run $run: first JSON answer after $first ms: $body"
  stop_instance
done
echo "[fresh-home] passed: $RUNS boot(s) with an empty home, no ERROR in karaf.log, nothing read outside system/"
