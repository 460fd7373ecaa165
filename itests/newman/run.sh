#!/usr/bin/env bash
# Partner-client compatibility: runs Postman collections under Newman against a started Visage distribution.
#
#  1. installs Newman at the version pinned in package-lock.json (npm ci, from the npm cache when it can);
#  2. unpacks the built distribution into a temp dir, gives it free HTTP/HTTPS/SSH/RMI ports, an SSH user
#     for bin/client and a self-signed keystore (keytool) for HTTPS, and starts it (bin/karaf server);
#  3. creates the API users with visage:api-user-add through bin/client (batch mode);
#  4. the seed collection (../shared/seed/saffe-api.postman_collection.json): a runnable copy per scheme
#     (prepare-seed.js: server variable, credentials, local images, a contract test on every request),
#     run once over HTTP and once over HTTPS (--insecure: the certificate is self-signed);
#  5. our own collection (visage.postman_collection.json) with its real assertions, over HTTP;
#  6. stops Karaf and removes the temp dir whatever happened (trap). Exit status 0 only if every
#     assertion of every run passed.
#
# Environment:
#   VISAGE_DISTRIBUTION  the .tar.gz to test (default karaf-assembly/target/visage-distribution-*.tar.gz)
#   VISAGE_DATA_DIR      the labelled images (default ../shared/data beside the repository). Without it the
#                        seed runs use the demo photos of the pinned npm package @vladmandic/face-api, and
#                        of our collection only the folder that needs no real faces runs (said so loudly).
#   VISAGE_SEED_COLLECTION  default ../shared/seed/saffe-api.postman_collection.json
#   VISAGE_NEWMAN_DATABASE=postgresql  run on a new schema of the PostgreSQL server that
#                        itests/postgresql/with-cluster.sh started, instead of the embedded Derby
#   VISAGE_NEWMAN_KEEP=1 keep the temp dir (logs, generated collections, reports) for a look afterwards
set -euo pipefail

ND="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$ND/../.." && pwd)"
START=$SECONDS

log() { printf '[newman-it] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

for tool in java keytool node npm curl tar; do
  command -v "$tool" >/dev/null || die "$tool is required but not installed"
done

DIST="${VISAGE_DISTRIBUTION:-}"
if [[ -z "$DIST" ]]; then
  DIST="$(ls -1 "$REPO"/karaf-assembly/target/visage-distribution-*.tar.gz 2>/dev/null | head -n 1 || true)"
fi
[[ -n "$DIST" && -f "$DIST" ]] || die "no distribution tar.gz (build it: mvn -DskipTests install, or set VISAGE_DISTRIBUTION)"
DATA="${VISAGE_DATA_DIR:-$REPO/../shared/data}"
SEED="${VISAGE_SEED_COLLECTION:-$REPO/../shared/seed/saffe-api.postman_collection.json}"
[[ -f "$SEED" ]] || die "seed collection not found: $SEED"

# Fallback images: a pinned registry package that ships face photos (demo/sample1..6.jpg, 1920 px landscape).
FALLBACK_PKG="@vladmandic/face-api"
FALLBACK_VERSION="1.7.15"
FALLBACK_INTEGRITY="sha512-WDMmK3CfNLo8jylWqMoQgf4nIst3M0fzx1dnac96wv/dvMTN4DxC/Pq1DGtduDk1lktCamQ3MIDXFnvrdHTXDw=="
NPM_CACHE_DIR="${XDG_CACHE_HOME:-$HOME/.cache}/visage-npm"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/visage-newman.XXXXXX")"
KARAF_PID=""
KARAF=""

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
  if [[ $rc -ne 0 && -f "$WORK/karaf.out" ]]; then
    log "last lines of bin/karaf's output:"
    tail -n 20 "$WORK/karaf.out" >&2
  fi
  if [[ $rc -ne 0 && -n "$KARAF" && -f "$KARAF/data/log/karaf.log" ]]; then
    log "last lines of karaf.log:"
    tail -n 40 "$KARAF/data/log/karaf.log" >&2
  fi
  if [[ "${VISAGE_NEWMAN_KEEP:-}" == 1 ]]; then
    log "kept $WORK"
  else
    rm -rf "$WORK"
  fi
  log "done in $((SECONDS - START)) s, exit status $rc"
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------- 1. Newman, pinned
log "installing newman (npm ci, pinned in itests/newman/package-lock.json)"
(cd "$ND" && npm ci --prefer-offline --no-audit --no-fund --loglevel=error >/dev/null)
NEWMAN="$ND/node_modules/.bin/newman"
log "newman $("$NEWMAN" --version)"

# ---------------------------------------------------------------- 2. images
IMG="$WORK/images"
mkdir -p "$IMG"
FULL_IMAGES=1
if [[ -d "$DATA/faces" ]]; then
  DATA="$(cd "$DATA" && pwd)"
  log "images from $DATA"
  ln -s "$DATA/faces/df_j/deepface__img18.jpg" "$IMG/portrait.jpg"
  ln -s "$DATA/faces/df_j/deepface__img67.jpg" "$IMG/same_person.jpg"
  ln -s "$DATA/faces/df_j/deepface__img19.jpg" "$IMG/same_person_2.jpg"
  ln -s "$DATA/faces/bbt_amy/faceapi__amy1.png" "$IMG/other_person.png"
  ln -s "$DATA/liveness/live/sfas__image_T1.jpg" "$IMG/live.jpg"
  ln -s "$DATA/liveness/spoof/sfas__image_F1.jpg" "$IMG/spoof.jpg"
  ln -s "$DATA/documents/passporteye__100_pass-uto.jpg" "$IMG/id_document.jpg"
  ln -s "$DATA/groups/faceapi__bbt1.jpg" "$IMG/landscape.jpg"
else
  FULL_IMAGES=0
  log "WARNING: no image folder at $DATA (set VISAGE_DATA_DIR): the seed runs use the demo photos of"
  log "WARNING: $FALLBACK_PKG@$FALLBACK_VERSION from the npm registry, and of our collection only the folder"
  log "WARNING: 'Credentials, parameters and errors' runs (its face assertions need the labelled images)"
  mkdir -p "$NPM_CACHE_DIR"
  TGZ="$NPM_CACHE_DIR/vladmandic-face-api-$FALLBACK_VERSION.tgz"
  if [[ ! -f "$TGZ" ]]; then
    (cd "$NPM_CACHE_DIR" && npm pack "$FALLBACK_PKG@$FALLBACK_VERSION" --silent >/dev/null)
  fi
  got="sha512-$(node -e 'process.stdout.write(require("crypto").createHash("sha512").update(require("fs").readFileSync(process.argv[1])).digest("base64"))' "$TGZ")"
  [[ "$got" == "$FALLBACK_INTEGRITY" ]] || { rm -f "$TGZ"; die "integrity mismatch for $TGZ"; }
  tar -xzf "$TGZ" -C "$WORK" package/demo/sample1.jpg package/demo/sample2.jpg package/demo/sample3.jpg package/demo/sample4.jpg
  cp "$WORK/package/demo/sample1.jpg" "$IMG/portrait.jpg"
  cp "$WORK/package/demo/sample2.jpg" "$IMG/same_person.jpg"
  cp "$WORK/package/demo/sample3.jpg" "$IMG/same_person_2.jpg"
  cp "$WORK/package/demo/sample4.jpg" "$IMG/other_person.png"
  for f in live.jpg spoof.jpg id_document.jpg landscape.jpg; do cp "$IMG/portrait.jpg" "$IMG/$f"; done
fi
node "$ND/make-images.js" "$IMG" "$IMG/portrait.jpg"

# ---------------------------------------------------------------- 3. distribution on free ports, HTTPS on
log "unpacking $DIST"
tar -xzf "$DIST" -C "$WORK"
KARAF="$(dirname "$(ls -1d "$WORK"/*/bin/karaf | head -n 1)")"
KARAF="$(dirname "$KARAF")"
read -r HTTP_PORT HTTPS_PORT SSH_PORT RMI_REGISTRY_PORT RMI_SERVER_PORT < <(node -e '
  const net = require("net"); const servers = [];
  const next = () => { const s = net.createServer(); s.listen(0, "127.0.0.1", () => { servers.push(s);
    if (servers.length < 5) next(); else { console.log(servers.map((x) => x.address().port).join(" ")); servers.forEach((x) => x.close()); } }); };
  next();')
log "ports: http $HTTP_PORT, https $HTTPS_PORT, ssh $SSH_PORT, rmi $RMI_REGISTRY_PORT/$RMI_SERVER_PORT"

KEYSTORE_PASSWORD="newman-$RANDOM$RANDOM"
keytool -genkeypair -alias server -keyalg RSA -keysize 2048 -validity 7 \
  -dname "CN=localhost, OU=Visage newman itest" -ext "SAN=dns:localhost,ip:127.0.0.1" \
  -storetype PKCS12 -keystore "$KARAF/etc/newman-itest.p12" \
  -storepass "$KEYSTORE_PASSWORD" -keypass "$KEYSTORE_PASSWORD" >/dev/null 2>&1

source "$REPO/itests/lib/karaf-config.sh"
WEB="$KARAF/etc/org.ops4j.pax.web.cfg"
set_prop "$WEB" org.osgi.service.http.port "$HTTP_PORT"
set_prop "$WEB" org.osgi.service.http.secure.enabled true
set_prop "$WEB" org.osgi.service.http.port.secure "$HTTPS_PORT"
set_prop "$WEB" org.ops4j.pax.web.ssl.keystore '${karaf.etc}/newman-itest.p12'
set_prop "$WEB" org.ops4j.pax.web.ssl.keystore.type PKCS12
set_prop "$WEB" org.ops4j.pax.web.ssl.keystore.password "$KEYSTORE_PASSWORD"
set_prop "$WEB" org.ops4j.pax.web.ssl.key.password "$KEYSTORE_PASSWORD"
set_prop "$WEB" org.ops4j.pax.web.ssl.key.alias server
set_prop "$KARAF/etc/org.apache.karaf.shell.cfg" sshPort "$SSH_PORT"
set_prop "$KARAF/etc/org.apache.karaf.shell.cfg" sshHost 127.0.0.1
set_prop "$KARAF/etc/org.apache.karaf.management.cfg" rmiRegistryPort "$RMI_REGISTRY_PORT"
set_prop "$KARAF/etc/org.apache.karaf.management.cfg" rmiServerPort "$RMI_SERVER_PORT"
if [[ "${VISAGE_NEWMAN_DATABASE:-derby}" == postgresql ]]; then
  use_postgresql "$KARAF" "newman_$(date +%s)_$$" || die "no PostgreSQL server for VISAGE_NEWMAN_DATABASE=postgresql"
  log "storage: PostgreSQL at $VISAGE_TEST_POSTGRESQL_URL"
fi
SSH_PASSWORD="newman-$RANDOM$RANDOM"
printf 'newman = %s,_g_:admingroup\n_g_\\:admingroup = group,admin,manager,viewer,systembundles,ssh\n' \
  "$SSH_PASSWORD" >> "$KARAF/etc/users.properties"

log "starting Karaf in $KARAF"
setsid "$KARAF/bin/karaf" server > "$WORK/karaf.out" 2>&1 < /dev/null &
KARAF_PID=$!

wait_json() { # url [curl options]: until the URL answers a JSON body with a status
  local url="$1"; shift
  local deadline=$((SECONDS + ${VISAGE_START_TIMEOUT:-300}))
  while (( SECONDS < deadline )); do
    kill -0 "$KARAF_PID" 2>/dev/null || die "Karaf exited during start (see $WORK/karaf.out)"
    if curl -s -m 5 "$@" "$url" 2>/dev/null | grep -q '"status"'; then return 0; fi
    sleep 2
  done
  die "no JSON answer from $url after ${VISAGE_START_TIMEOUT:-300} s"
}
HTTP_BASE="http://localhost:$HTTP_PORT"
HTTPS_BASE="https://localhost:$HTTPS_PORT"
wait_ready() { # until GET /ready answers 200: storage, every stage's model and the index are up, and with them
  # the shell's visage commands (the API itself answers JSON "try again" earlier, while its services start)
  local deadline=$((SECONDS + ${VISAGE_START_TIMEOUT:-300}))
  while (( SECONDS < deadline )); do
    kill -0 "$KARAF_PID" 2>/dev/null || die "Karaf exited during start (see $WORK/karaf.out)"
    [[ "$(curl -s -m 5 -o /dev/null -w '%{http_code}' "$HTTP_BASE/ready" 2>/dev/null)" == 200 ]] && return 0
    sleep 1
  done
  die "GET /ready did not answer 200 after ${VISAGE_START_TIMEOUT:-300} s: $(curl -s -m 5 "$HTTP_BASE/ready")"
}
wait_ready
wait_json "$HTTP_BASE/v1/users"
wait_json "$HTTPS_BASE/v1/users" -k
log "API answers on $HTTP_BASE and $HTTPS_BASE after $((SECONDS - START)) s"

# ---------------------------------------------------------------- 4. API users
cat > "$WORK/users.cmd" <<'EOF'
visage:api-user-add newman_seed_http
visage:api-user-add newman_seed_https
visage:api-user-add newman_own
visage:api-user-add newman_own_other
visage:api-user-add --roles detection newman_limited
visage:api-user-add newman_disabled
visage:api-user-disable newman_disabled
EOF
"$KARAF/bin/client" -h 127.0.0.1 -a "$SSH_PORT" -u newman -p "$SSH_PASSWORD" -r 30 -d 2 -b \
  < "$WORK/users.cmd" > "$WORK/users.out" 2>&1 || { cat "$WORK/users.out" >&2; die "bin/client failed"; }
declare -A KEY=()
current=""
while IFS= read -r line; do
  if [[ "$line" =~ ^API\ user\ ([A-Za-z0-9_.-]+)\ created ]]; then current="${BASH_REMATCH[1]}"; fi
  if [[ "$line" =~ ^api_key:\ ([^[:space:]]+) && -n "$current" ]]; then KEY[$current]="${BASH_REMATCH[1]}"; current=""; fi
done < "$WORK/users.out"
for u in newman_seed_http newman_seed_https newman_own newman_own_other newman_limited newman_disabled; do
  [[ -n "${KEY[$u]:-}" ]] || { cat "$WORK/users.out" >&2; die "no api_key for $u"; }
done
grep -q 'newman_disabled disabled' "$WORK/users.out" || { cat "$WORK/users.out" >&2; die "could not disable newman_disabled"; }
log "API users created"

# ---------------------------------------------------------------- 5. newman runs
FAILED=()
SUMMARY=()
summarize() { # name report.json
  node -e '
    const r = require(process.argv[2]).run; const s = r.stats;
    console.log(`${process.argv[1]}: requests ${s.requests.total} (failed ${s.requests.failed}), assertions ${s.assertions.total} (failed ${s.assertions.failed}), failures ${r.failures.length}`);' \
    "$1" "$2"
}
run_newman() { # name collection [newman options...]
  local name="$1" collection="$2"; shift 2
  log "newman: $name"
  local rc=0
  "$NEWMAN" run "$collection" --reporters cli,json --reporter-json-export "$WORK/$name.report.json" \
    --working-dir "$IMG" --timeout-request 180000 "$@" || rc=$?
  if [[ -f "$WORK/$name.report.json" ]]; then SUMMARY+=("$(summarize "$name" "$WORK/$name.report.json")"); fi
  if [[ $rc -ne 0 ]]; then FAILED+=("$name (newman exit $rc)"); fi
}

seed_vars() { # api_user api_key
  node -e '
    const [user, key] = process.argv.slice(1);
    process.stdout.write(JSON.stringify({
      api_user: user, api_key: key, version: "v1", user_reference: "seed_user_01",
      liveness: "False", save_image: "TRUE", return_template: "true",
      created_gte: "", created_lt: "", date_gte: "", date_lt: "", limit: "10", type: "create",
      group_name: "seed_group", match_key: "", top_n: "3", quality_measures: "true"
    }));' "$1" "$2"
}
cat > "$WORK/seed-images.json" <<EOF
{"image": "$IMG/portrait.jpg", "image2": "$IMG/live.jpg", "match_image": "$IMG/same_person.jpg", "id_image": "$IMG/portrait.jpg"}
EOF
seed_vars newman_seed_http "${KEY[newman_seed_http]}" > "$WORK/seed-http.vars.json"
seed_vars newman_seed_https "${KEY[newman_seed_https]}" > "$WORK/seed-https.vars.json"
node "$ND/prepare-seed.js" --seed "$SEED" --out "$WORK/seed-http.postman_collection.json" \
  --server "localhost:$HTTP_PORT" --scheme http --vars "$WORK/seed-http.vars.json" --images "$WORK/seed-images.json"
node "$ND/prepare-seed.js" --seed "$SEED" --out "$WORK/seed-https.postman_collection.json" \
  --server "localhost:$HTTPS_PORT" --scheme https --vars "$WORK/seed-https.vars.json" --images "$WORK/seed-images.json"

run_newman seed-http "$WORK/seed-http.postman_collection.json"
run_newman seed-https "$WORK/seed-https.postman_collection.json" --insecure

OWN=(--env-var "baseUrl=$HTTP_BASE"
  --env-var "api_user=newman_own" --env-var "api_key=${KEY[newman_own]}"
  --env-var "other_api_user=newman_own_other" --env-var "other_api_key=${KEY[newman_own_other]}"
  --env-var "limited_api_user=newman_limited" --env-var "limited_api_key=${KEY[newman_limited]}"
  --env-var "disabled_api_user=newman_disabled" --env-var "disabled_api_key=${KEY[newman_disabled]}")
if [[ $FULL_IMAGES == 1 ]]; then
  run_newman visage "$ND/visage.postman_collection.json" "${OWN[@]}"
else
  log "WARNING: our collection runs only its folder 'Credentials, parameters and errors' (no labelled images)"
  run_newman visage "$ND/visage.postman_collection.json" "${OWN[@]}" --folder "Credentials, parameters and errors"
fi

log "summary:"
for line in "${SUMMARY[@]}"; do log "  $line"; done
if (( ${#FAILED[@]} )); then
  log "FAILED: ${FAILED[*]}"
  exit 1
fi
log "all Newman runs passed"
