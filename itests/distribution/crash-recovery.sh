#!/usr/bin/env bash
# Crash safety, as a test: two clients enrol continuously while the Karaf JVM is killed with SIGKILL at a random
# moment, VISAGE_CRASH_ROUNDS times (default 10; CRASH_ROUNDS works too; the benchmark run uses 20), restarting it
# each time. VISAGE_CRASH_DURING chooses what else runs when the kill comes (crash-variants.sh runs each):
#   enrolment        (default) only the enrolments;
#   index-rebuild    visage:index-rebuild again and again from an operator shell;
#   secret-rotation  visage:template-secret-rotate of the API user again and again, the enrolments asking for
#                    their encrypted template (an answer without one is a failure);
#   reembedding      a gallery enrolled first, then a second embedding model installed, so that the kills come
#                    while saved images are re-embedded; after the last restart re-embedding must finish by itself.
# VISAGE_CRASH_DATABASE=postgresql runs it on a new schema of the PostgreSQL server of
# itests/postgresql/with-cluster.sh (skips with a message without one); derby (the distribution's) otherwise.
# Passes only when:
#   - every enrolment answered 200 is still listed and matches 1:1 with its image (none lost);
#   - every listed user was sent and matches too, and the storage and the index agree with the listing
#     (visage:gallery-stats users = images = templates, visage:index-info templates): nothing half-written;
#   - the operation killed midway completes after the restarts (one more rebuild or rotation succeeds, an
#     enrolment then returns its template; re-embedding ends with every template from the new model);
#   - while the platform boots, the port answers nothing or the seed's JSON, never an HTML page;
#   - karaf.log holds no ERROR line (nor an artifact looked for outside the distribution) over all the boots.
# Needs the labelled images (../shared/data, or VISAGE_DATA_DIR); skips with a message without them.
#   itests/distribution/crash-recovery.sh [distribution.tar.gz]
#   VISAGE_CRASH_ROUNDS=20  VISAGE_CRASH_MAX_SECONDS=6 (longest enrolment period before a kill; at least 2)
#   VISAGE_CRASH_DURING=enrolment|index-rebuild|secret-rotation|reembedding  VISAGE_CRASH_DATABASE=derby|postgresql
#   VISAGE_CRASH_GALLERY_SECONDS=12 (reembedding: enrolment before the new model)
#   VISAGE_CRASH_INDEX=exact|hnsw|auto (visage:index-backend chosen first; index-rebuild uses hnsw, the persistent one)
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
DIST="${1:-$(ls -1 "$REPO"/karaf-assembly/target/visage-distribution-*.tar.gz 2>/dev/null | head -n 1 || true)}"
[[ -f "$DIST" ]] || { echo "[crash-recovery] no distribution archive (build it first)" >&2; exit 1; }
ROUNDS="${VISAGE_CRASH_ROUNDS:-${CRASH_ROUNDS:-10}}"
DURING="${VISAGE_CRASH_DURING:-enrolment}"
DATABASE="${VISAGE_CRASH_DATABASE:-derby}"
case "$DURING" in enrolment|index-rebuild|secret-rotation|reembedding) ;; *) echo "unknown VISAGE_CRASH_DURING $DURING" >&2; exit 2;; esac
NAME="crash-recovery[$DURING, $DATABASE]"
MAX_SECONDS="${VISAGE_CRASH_MAX_SECONDS:-6}"
(( MAX_SECONDS >= 2 )) || MAX_SECONDS=2
DATA="${VISAGE_DATA_DIR:-$REPO/../shared/data}"
source "$HERE/lib.sh"
log() { printf '[%s] %s\n' "$NAME" "$*" >&2; }
if [[ "$DATABASE" == postgresql && -z "${VISAGE_TEST_POSTGRESQL_URL:-}" ]]; then
  log "SKIPPED: no PostgreSQL server (run under itests/postgresql/with-cluster.sh, as README's test command does)"
  exit 0
fi
SCHEMA="crash_$(date +%s)_$$"
prepare_instance() { # before the first start (lib.sh calls it): the storage on PostgreSQL when asked
  if [[ "$DATABASE" == postgresql ]]; then use_postgresql "$1" "$SCHEMA"; fi
}
drop_schema() {
  [[ "$DATABASE" == postgresql ]] || return 0
  PGPASSWORD="$VISAGE_TEST_POSTGRESQL_PASSWORD" "$VISAGE_TEST_POSTGRESQL_BIN/psql" -q -h 127.0.0.1 \
    -p "$VISAGE_TEST_POSTGRESQL_PORT" -U "$VISAGE_TEST_POSTGRESQL_USER" -d visage -c "DROP SCHEMA $SCHEMA CASCADE" \
    >/dev/null 2>&1 || true
}
if [[ "$DURING" == secret-rotation ]]; then export VISAGE_CRASH_ENROL_QUERY="&return_template=true"; fi

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
ACTION_PID=""
stop_clients() {
  local pid
  for pid in "${CLIENT_PIDS[@]}" $WATCH_PID $ACTION_PID; do kill "$pid" 2>/dev/null || true; done
  for pid in "${CLIENT_PIDS[@]}" $WATCH_PID $ACTION_PID; do wait "$pid" 2>/dev/null || true; done
  CLIENT_PIDS=(); WATCH_PID=""; ACTION_PID=""
}
cleanup() { stop_clients; stop_instance; drop_schema; }

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
INDEX="${VISAGE_CRASH_INDEX:-$([[ $DURING == index-rebuild ]] && echo hnsw || echo default)}"
if [[ "$INDEX" != default ]]; then # e.g. the persistent approximate index (Lucene HNSW files under data/)
  [[ "$INDEX" == exact ]] || printf 'feature:install -r visage-index-%s\n' "$INDEX" | shell > "$WORK/feature.out"
  printf 'visage:index-backend --wait %s\n' "$INDEX" | shell | tr -d '\r' > "$WORK/backend.out"
  grep -qE "^ *$INDEX +serving" "$WORK/backend.out" || fail "index backend $INDEX not serving: $(cat "$WORK/backend.out")"
  log "index backend: $INDEX"
fi
ACKS="$WORK/acks"; SENT="$WORK/sent"; ODD="$WORK/non-json"
: > "$ACKS"; : > "$SENT"; : > "$ODD"
python3 "$HERE/crash_client.py" watch "$HTTP_PORT" "$ODD" & WATCH_PID=$!

start_clients() { # prefix
  local client
  for client in 1 2; do
    python3 "$HERE/crash_client.py" enrol "$HTTP_PORT" crash "$KEY" "c$client-$1" "$ACKS" "$SENT" "${IMAGES[@]}" &
    CLIENT_PIDS+=($!)
  done
}
start_action() { # round: the operation the kill must also survive, repeated from one shell until the JVM dies
  local command
  case "$DURING" in
    index-rebuild) command="visage:index-rebuild" ;;
    secret-rotation) command="visage:template-secret-rotate crash" ;;
    *) return 0 ;;
  esac
  # after each one a marker line in karaf.log (the shell's own output comes only at the end of the batch): the
  # markers say the loop is at work, and how many completed before the kill cut the next one
  # in batches of 1,000: bin/client sends its whole input as one SSH packet, and Karaf's sshd drops a session whose
  # packet exceeds its limit (20,000 commands in one batch, ~1 MB, ended in "Invalid packet length", no command run)
  (for batch in $(seq 0 19); do
     for i in $(seq $((batch * 1000 + 1)) $((batch * 1000 + 1000))); do echo "$command"; echo "log:log crash-action-r$1-$i"; done \
       | shell >> "$WORK/action-r$1.out" 2>&1 || true
   done) &
  ACTION_PID=$!
}
completed_in() { grep -c "crash-action-r$1-" "$KARAF/data/log/karaf.log" || true; }
reembedding_row() { # API user | active model | target model | remaining | failed | need re-enrolment
  printf 'visage:reembedding\n' | shell | tr -d '\r' | awk -F'|' '$1 ~ /^ *crash *$/ {print}' | head -n 1
}
remaining_of() { awk -F'|' '{gsub(/ /, "", $4); print $4}' <<< "$1"; }
NEW_MODEL_VERSION="0.0.2-crash"
if [[ "$DURING" == reembedding ]]; then
  # a gallery to re-embed (enrolled without kills), then a second embedding model: the fr_feature bundle repackaged
  # with a higher Bundle-Version, model version and ranking, installed as an operator installs a new model
  start_clients "gallery"
  sleep "${VISAGE_CRASH_GALLERY_SECONDS:-12}"
  for pid in "${CLIENT_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  CLIENT_PIDS=()
  original="$(ls -1 "$KARAF"/system/io/visage/visage-model-fr-feature/*/visage-model-fr-feature-*.jar | head -n 1)"
  python3 "$HERE/crash_client.py" repackage "$original" "$WORK/fr-feature-crash.jar" "$NEW_MODEL_VERSION" \
    || fail "could not repackage the embedding model"
  gallery="$(wc -l < "$ACKS")"
  printf 'bundle:install -s file:%s\n' "$WORK/fr-feature-crash.jar" | shell > "$WORK/install.out"
  grep -q "Bundle ID" "$WORK/install.out" || fail "model bundle not installed: $(cat "$WORK/install.out")"
  deadline=$((SECONDS + 60))
  until [[ "$(reembedding_row)" == *"$NEW_MODEL_VERSION"* ]]; do
    (( SECONDS < deadline )) || fail "re-embedding did not start: $(reembedding_row)"
    sleep 1
  done
  log "a gallery of $gallery acknowledged enrolments; re-embedding started: $(reembedding_row)"
fi

restarts=()
remaining_after=()
actions=()
for round in $(seq 1 "$ROUNDS"); do
  start_clients "r$round"
  start_action "$round"
  if [[ -n "$ACTION_PID" ]]; then # the operator shell takes a while to connect: kill once it is at work
    deadline=$((SECONDS + 90))
    until (( $(completed_in "$round") > 0 )); do
      (( SECONDS < deadline )) || fail "round $round: the $DURING loop did not start: $(head -c 300 "$WORK/action-r$round.out")"
      sleep 0.1
    done
  fi

  # a random moment: between 1 s and MAX_SECONDS s into the enrolments (and the operation), to the millisecond
  sleep "$(python3 -c "import random; print(round(random.uniform(1, $MAX_SECONDS), 3))")"
  jvm="$(java_pid)"
  [[ -n "$jvm" ]] || fail "round $round: no Karaf JVM under $KARAF_PID"
  kill -KILL "$jvm"
  wait "$KARAF_PID" 2>/dev/null || true
  for pid in "${CLIENT_PIDS[@]}" $ACTION_PID; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  CLIENT_PIDS=(); ACTION_PID=""
  t0=$(date +%s%N)
  relaunch
  await_ready 180
  restarts+=($(( ($(date +%s%N) - t0) / 1000000 )))
  extra=""
  case "$DURING" in
    index-rebuild|secret-rotation)
      done_now="$(completed_in "$round")"; actions+=("$done_now")
      (( done_now < 20000 )) || fail "round $round: every $DURING of the loop was done before the kill"
      extra="; $done_now of the loop's $DURING commands completed before the kill, the next one cut" ;;
    reembedding) row="$(reembedding_row)"; remaining_after+=("$(remaining_of "$row")"); extra="; re-embedding after the restart: $row" ;;
  esac
  log "round $round/$ROUNDS: killed after $(wc -l < "$SENT") sent, $(wc -l < "$ACKS") acknowledged in all; ready again after ${restarts[-1]} ms$extra"
done

kill "$WATCH_PID" 2>/dev/null || true; wait "$WATCH_PID" 2>/dev/null || true; WATCH_PID=""

[[ ! -s "$ODD" ]] && [[ -z "$(grep -i '<html' "$ODD" || true)" ]] || fail "answers that are not the seed's JSON: $(sort "$ODD" | uniq -c | head -n 5)"

# The operation the kills interrupted completes now.
outcome=""
case "$DURING" in
  index-rebuild)
    printf 'visage:index-rebuild\n' | shell | tr -d '\r' > "$WORK/rebuild.out"
    grep -q 'Index rebuilt' "$WORK/rebuild.out" || fail "index rebuild after the crashes: $(cat "$WORK/rebuild.out")"
    outcome="rebuilds completed before each kill: ${actions[*]} (the next one cut), one more after the restarts"
    ;;
  secret-rotation)
    printf 'visage:template-secret-rotate crash\n' | shell | tr -d '\r' > "$WORK/rotate.out"
    grep -q 'rotated\.' "$WORK/rotate.out" || fail "rotation after the crashes: $(cat "$WORK/rotate.out")"
    python3 "$HERE/crash_client.py" enrol "$HTTP_PORT" crash "$KEY" after-rotation "$ACKS" "$SENT" "${IMAGES[0]}" \
      --once || fail "an enrolment after the last rotation did not return its template"
    outcome="rotations completed before each kill: ${actions[*]} (the next one cut), one more after the restarts, then an enrolment returned its template"
    ;;
  reembedding)
    [[ "${remaining_after[0]:-x}" =~ ^[0-9]+$ ]] && (( remaining_after[0] > 0 )) \
      || fail "re-embedding was not in progress at the first kill (remaining after each restart: ${remaining_after[*]})"
    deadline=$((SECONDS + ${VISAGE_CRASH_REEMBED_SECONDS:-600}))
    row="$(reembedding_row)"
    until [[ "$(remaining_of "$row")" == 0 \
             && "$(awk -F'|' '{gsub(/ /, "", $2); gsub(/ /, "", $3); print ($2 == $3)}' <<< "$row")" == 1 ]]; do
      (( SECONDS < deadline )) || fail "re-embedding did not finish after the last restart: $row"
      sleep 2; row="$(reembedding_row)"
    done
    outcome="re-embedding resumed after each restart (remaining then: ${remaining_after[*]}) and finished: $row"
    ;;
esac
counts="$(python3 "$HERE/crash_client.py" verify "$HTTP_PORT" crash "$KEY" "$ACKS" "$SENT")" \
  || fail "the gallery does not hold what was acknowledged"
read -r acked listed sent <<< "$counts"

# Storage and index agree with the listing: one image and one template per user, as many in the index.
printf 'visage:gallery-stats\nvisage:index-info\n' | shell | tr -d '\r' > "$WORK/stats.out"
python3 - "$WORK/stats.out" "$listed" "$([[ $DURING == reembedding ]] && echo "$NEW_MODEL_VERSION")" <<'PY' || fail "storage or index disagree with the listing: $(cat "$WORK/stats.out")"
import re, sys
text = open(sys.argv[1]).read(); listed = int(sys.argv[2])
row = next((l for l in text.splitlines() if l.split("|")[0].strip() == "crash"), None)
assert row, "no gallery-stats row for the API user"
columns = [c.strip() for c in row.split("|")]
users, images = int(columns[1]), int(columns[2])
counts = {m: int(n) for m, n in re.findall(r"([^{}=,\s]+)=(\d+)", columns[3])}  # {model:version=count, ...}
templates = sum(counts.values())
index_users = int(re.search(r"^Users:\s*([\d,]+)", text, re.M).group(1).replace(",", ""))
index_templates = int(re.search(r"^Templates:\s*([\d,]+)", text, re.M).group(1).replace(",", ""))
described = "listed %d; storage: users %d, images %d, templates %s; index: users %d, templates %d" % (
    listed, users, images, columns[3], index_users, index_templates)
assert users == images == index_users == listed and index_templates == templates, described
if len(sys.argv) > 3 and sys.argv[3]:
    # after re-embedding: one template of the new model per user; the old model's stay (a fallback) for at most
    # every user enrolled before the switch
    new = [m for m in counts if m.endswith(":" + sys.argv[3])]
    assert len(new) == 1 and counts[new[0]] == users, described
    assert all(n <= users for n in counts.values()), described
else:
    assert templates == users, described
PY
if [[ "$INDEX" != default ]]; then # the backend chosen before the crashes still serves after them
  grep -qE "^ *$INDEX +serving" "$WORK/stats.out" || fail "index backend $INDEX not serving after the crashes: $(cat "$WORK/stats.out")"
fi
check_log_clean  # no ERROR line in any of the boots (a recovery that fails would log one)
sorted="$(printf '%s\n' "${restarts[@]}" | sort -n)"
median="$(printf '%s\n' "$sorted" | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')"
echo "[$NAME] passed: $ROUNDS kill -9 rounds, $sent enrolments sent, $acked acknowledged, $listed listed," \
  "0 lost, 0 half-written, storage and index agree; ready again after a median of $median ms" \
  "(longest $(printf '%s\n' "$sorted" | tail -n 1) ms); no HTML while booting${outcome:+; $outcome}"
