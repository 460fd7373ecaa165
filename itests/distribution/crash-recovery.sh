#!/usr/bin/env bash
# Crash safety of enrolment, as a test: two clients enrol continuously while the Karaf JVM is killed with
# SIGKILL at a random moment, VISAGE_CRASH_ROUNDS times (default 10; the benchmark run uses 20), restarting it
# each time. Passes only when:
#   - every enrolment answered 200 is still listed and matches 1:1 with its image (none lost);
#   - every listed user was sent and matches too, and the storage and the index agree with the listing
#     (visage:gallery-stats users = images = templates, visage:index-info templates): nothing half-written;
#   - while the platform boots, the port answers nothing or the seed's JSON, never an HTML page;
#   - karaf.log holds no ERROR line (nor an artifact looked for outside the distribution) over all the boots.
# Needs the labelled images (../shared/data, or VISAGE_DATA_DIR); skips with a message without them.
#   itests/distribution/crash-recovery.sh [distribution.tar.gz]
#   VISAGE_CRASH_ROUNDS=20  VISAGE_CRASH_MAX_SECONDS=6 (longest enrolment period before a kill; at least 2)
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
DIST="${1:-$(ls -1 "$REPO"/karaf-assembly/target/visage-distribution-*.tar.gz 2>/dev/null | head -n 1 || true)}"
[[ -f "$DIST" ]] || { echo "[crash-recovery] no distribution archive (build it first)" >&2; exit 1; }
ROUNDS="${VISAGE_CRASH_ROUNDS:-10}"
MAX_SECONDS="${VISAGE_CRASH_MAX_SECONDS:-6}"
(( MAX_SECONDS >= 2 )) || MAX_SECONDS=2
DATA="${VISAGE_DATA_DIR:-$REPO/../shared/data}"
source "$HERE/lib.sh"

IMAGES=()
for f in bbt_penny/faceapi__penny1.png bbt_amy/faceapi__amy1.png bbt_howard/faceapi__howard1.png \
         bbt_leonard/faceapi__leonard1.png bbt_bernadette/faceapi__bernadette1.png bbt_penny/faceapi__penny2.png; do
  [[ -f "$DATA/faces/$f" ]] && IMAGES+=("$DATA/faces/$f")
done
if (( ${#IMAGES[@]} == 0 )); then
  echo "[crash-recovery] skipped: the labelled images are not at $DATA (set VISAGE_DATA_DIR)" >&2
  exit 0
fi

CLIENT_PIDS=()
WATCH_PID=""
stop_clients() {
  local pid
  for pid in "${CLIENT_PIDS[@]}" $WATCH_PID; do kill "$pid" 2>/dev/null || true; done
  for pid in "${CLIENT_PIDS[@]}" $WATCH_PID; do wait "$pid" 2>/dev/null || true; done
  CLIENT_PIDS=(); WATCH_PID=""
}
cleanup() { stop_clients; stop_instance; }

start_fresh_instance "$DIST"
trap cleanup EXIT

shell() { # the commands on stdin, through bin/client as the check user
  "$KARAF/bin/client" -h 127.0.0.1 -a "$SSH_PORT" -u check -p "$SSH_PASSWORD" -r 30 -d 2 -b 2>/dev/null
}
await_ready() { # seconds: until GET /ready answers 200
  local deadline=$((SECONDS + $1))
  until [[ "$(curl -s -m 2 -o /dev/null -w '%{http_code}' "http://127.0.0.1:$HTTP_PORT/ready" 2>/dev/null)" == 200 ]]; do
    (( SECONDS < deadline )) || fail "GET /ready not 200 within $1 s: $(curl -s -m 2 "http://127.0.0.1:$HTTP_PORT/ready")"
    kill -0 "$KARAF_PID" 2>/dev/null || fail "Karaf exited during start"
    sleep 0.2
  done
}
java_pid() { ps --ppid "$KARAF_PID" -o pid= | tr -d ' ' | head -n 1; }
relaunch() { # the same home and data, as after a crash
  HOME="$FRESH_HOME" EXTRA_JAVA_OPTS="-Duser.home=$FRESH_HOME" setsid "$KARAF/bin/karaf" server \
    >> "$WORK/karaf.out" 2>&1 < /dev/null &
  KARAF_PID=$!
}

await_ready 180
printf 'visage:api-user-add crash\n' | shell > "$WORK/user.out"
KEY="$(sed -n 's/^api_key: *\([^[:space:]]*\).*/\1/p' "$WORK/user.out" | tr -d '\r' | head -n 1)"
[[ -n "$KEY" ]] || fail "no API key: $(cat "$WORK/user.out")"
ACKS="$WORK/acks"; SENT="$WORK/sent"; ODD="$WORK/non-json"
: > "$ACKS"; : > "$SENT"; : > "$ODD"
python3 "$HERE/crash_client.py" watch "$HTTP_PORT" "$ODD" & WATCH_PID=$!

restarts=()
for round in $(seq 1 "$ROUNDS"); do
  for client in 1 2; do
    python3 "$HERE/crash_client.py" enrol "$HTTP_PORT" crash "$KEY" "c$client-r$round" "$ACKS" "$SENT" "${IMAGES[@]}" &
    CLIENT_PIDS+=($!)
  done
  # a random moment: between 1 s and MAX_SECONDS s into the enrolments, to the millisecond
  sleep "$(python3 -c "import random; print(round(random.uniform(1, $MAX_SECONDS), 3))")"
  jvm="$(java_pid)"
  [[ -n "$jvm" ]] || fail "round $round: no Karaf JVM under $KARAF_PID"
  kill -KILL "$jvm"
  wait "$KARAF_PID" 2>/dev/null || true
  for pid in "${CLIENT_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  CLIENT_PIDS=()
  t0=$(date +%s%N)
  relaunch
  await_ready 180
  restarts+=($(( ($(date +%s%N) - t0) / 1000000 )))
  log "round $round/$ROUNDS: killed after $(wc -l < "$SENT") sent, $(wc -l < "$ACKS") acknowledged in all; ready again after ${restarts[-1]} ms"
done
kill "$WATCH_PID" 2>/dev/null || true; wait "$WATCH_PID" 2>/dev/null || true; WATCH_PID=""

[[ ! -s "$ODD" ]] && [[ -z "$(grep -i '<html' "$ODD" || true)" ]] || fail "answers that are not the seed's JSON: $(sort "$ODD" | uniq -c | head -n 5)"
counts="$(python3 "$HERE/crash_client.py" verify "$HTTP_PORT" crash "$KEY" "$ACKS" "$SENT")" \
  || fail "the gallery does not hold what was acknowledged"
read -r acked listed sent <<< "$counts"

# Storage and index agree with the listing: one image and one template per user, as many in the index.
printf 'visage:gallery-stats\nvisage:index-info\n' | shell | tr -d '\r' > "$WORK/stats.out"
python3 - "$WORK/stats.out" "$listed" <<'PY' || fail "storage or index disagree with the listing: $(cat "$WORK/stats.out")"
import re, sys
text = open(sys.argv[1]).read(); listed = int(sys.argv[2])
row = next((l for l in text.splitlines() if l.split("|")[0].strip() == "crash"), None)
assert row, "no gallery-stats row for the API user"
columns = [c.strip() for c in row.split("|")]
users, images = int(columns[1]), int(columns[2])
templates = sum(int(n) for n in re.findall(r"=(\d+)", columns[3]))  # {model:version=count, ...}
index_users = int(re.search(r"^Users:\s*([\d,]+)", text, re.M).group(1).replace(",", ""))
index_templates = int(re.search(r"^Templates:\s*([\d,]+)", text, re.M).group(1).replace(",", ""))
assert users == images == templates == index_users == index_templates == listed, \
    "listed %d; storage: users %d, images %d, templates %d; index: users %d, templates %d" % (
        listed, users, images, templates, index_users, index_templates)
PY
check_log_clean  # no ERROR line in any of the boots (a recovery that fails would log one)
sorted="$(printf '%s\n' "${restarts[@]}" | sort -n)"
median="$(printf '%s\n' "$sorted" | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')"
echo "[crash-recovery] passed: $ROUNDS kill -9 rounds, $sent enrolments sent, $acked acknowledged, $listed listed," \
  "0 lost, 0 half-written, storage and index agree; ready again after a median of $median ms" \
  "(longest $(printf '%s\n' "$sorted" | tail -n 1) ms); no HTML while booting"
