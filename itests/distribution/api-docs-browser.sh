#!/usr/bin/env bash
# The API description and Swagger UI of the distribution, in a real browser: boots the archive with an empty
# home, fetches /openapi.json, loads /api-docs/ in headless Chromium (Debian's `chromium`) and checks that the
# operation list rendered: one operation block per operation of the document. The page's DOM and a screenshot
# are kept under itests/target/api-docs/ as evidence.
#   itests/distribution/api-docs-browser.sh [visage-distribution.tar.gz]
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
source "$HERE/lib.sh"
DIST="${1:-$(ls -1 "$REPO"/karaf-assembly/target/visage-distribution-*.tar.gz 2>/dev/null | head -n 1 || true)}"
[[ -f "$DIST" ]] || fail "no distribution archive (build it first)"
BROWSER="$(command -v chromium || command -v chromium-browser || true)"
[[ -n "$BROWSER" ]] || fail "chromium is not installed (apt-get install chromium)"
EVIDENCE="$REPO/itests/target/api-docs"
rm -rf "$EVIDENCE" && mkdir -p "$EVIDENCE"

start_fresh_instance "$DIST"
wait_boot_finished
BASE="http://127.0.0.1:$HTTP_PORT"
deadline=$((SECONDS + 120))
until [[ "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/ready")" == 200 ]]; do
  (( SECONDS < deadline )) || fail "/ready did not answer 200 within 120 s"
  sleep 1
done

curl -sf "$BASE/openapi.json" -o "$EVIDENCE/openapi.json" || fail "GET /openapi.json failed"
OPERATIONS="$(python3 - "$EVIDENCE/openapi.json" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
assert doc["openapi"].startswith("3."), doc["openapi"]
methods = {"get", "put", "post", "delete", "patch", "head", "options"}
print(sum(1 for item in doc["paths"].values() for m in item if m in methods))
PY
)" || fail "/openapi.json is not an OpenAPI 3 document"
log "/openapi.json: $OPERATIONS operations"
curl -sf "$BASE/openapi.yaml" -o "$EVIDENCE/openapi.yaml" && grep -q '^openapi: 3\.' "$EVIDENCE/openapi.yaml" \
  || fail "GET /openapi.yaml is not the description in YAML"

# A fresh profile in the work folder; root needs --no-sandbox. The virtual time budget lets the page's scripts
# fetch /openapi.json and render before the DOM is dumped.
chrome() {
  "$BROWSER" --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run \
    --user-data-dir="$WORK/chromium-profile" --virtual-time-budget=20000 "$@" 2>>"$EVIDENCE/chromium.log"
}
chrome --dump-dom "$BASE/api-docs/" > "$EVIDENCE/api-docs.html" || fail "chromium could not load $BASE/api-docs/"
chrome --window-size=1280,3000 --screenshot="$EVIDENCE/api-docs.png" "$BASE/api-docs/" >/dev/null \
  || fail "chromium could not take a screenshot of $BASE/api-docs/"
[[ -s "$EVIDENCE/api-docs.png" ]] || fail "no screenshot was written"

RENDERED="$(grep -o 'class="opblock-summary-path"' "$EVIDENCE/api-docs.html" | wc -l)"
log "Swagger UI rendered $RENDERED operation blocks"
grep -q 'Visage: the Saffe REST API' "$EVIDENCE/api-docs.html" || fail "the page does not show the API's title"
(( RENDERED == OPERATIONS )) || fail "Swagger UI rendered $RENDERED operations, the document has $OPERATIONS"
for path in '/{version}/users' '/{version}/gallery_matches' '/{version}/id_matches' '/{version}/liveness_detections' \
    '/{version}/face_detections' '/health' '/ready' '/metrics'; do
  grep -qF "data-path=\"$path\"" "$EVIDENCE/api-docs.html" || fail "Swagger UI does not list $path"
done
# The metric names README lists, kept with the evidence (loopback: the default access).
curl -s "$BASE/metrics" -o "$EVIDENCE/metrics.txt" || true
check_log_clean
log "OK: Swagger UI lists all $OPERATIONS operations (screenshot: ${EVIDENCE#$REPO/}/api-docs.png)"
