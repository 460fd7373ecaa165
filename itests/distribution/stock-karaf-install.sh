#!/usr/bin/env bash
# Installs Visage into a stock Apache Karaf 4.4.10 the way README describes it (feature:repo-add, then
# feature:install visage in Karaf's shell), with an empty home and no remote repository: Visage's bundles
# and their third-party dependencies come only from the Visage distribution's system/ folder, which the
# stock Karaf is given as a repository. Passes when the API answers JSON and karaf.log holds no ERROR.
#
#   itests/distribution/stock-karaf-install.sh [visage-distribution.tar.gz] [apache-karaf-4.4.10.tar.gz]
# Without the second argument the stock Karaf is taken from Maven Central (through mvn, at test time).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
DIST="${1:-$(ls -1 "$REPO"/karaf-assembly/target/visage-distribution-*.tar.gz 2>/dev/null | head -n 1 || true)}"
[[ -f "$DIST" ]] || { echo "[stock-karaf] no Visage distribution archive (build it first)" >&2; exit 1; }
source "$HERE/lib.sh"
VERSION="$(basename "$DIST" .tar.gz)"; VERSION="${VERSION#visage-distribution-}"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/visage-stock.XXXXXX")"
trap 'stop_instance' EXIT
STOCK="${2:-}"
if [[ -z "$STOCK" ]]; then
  mvn -B -q dependency:copy -Dartifact=org.apache.karaf:apache-karaf:4.4.10:tar.gz -DoutputDirectory="$WORK" >&2
  STOCK="$WORK/apache-karaf-4.4.10.tar.gz"
fi
mkdir -p "$WORK/visage" "$WORK/stock"
tar -xzf "$DIST" -C "$WORK/visage"
VISAGE_SYSTEM="$(ls -1d "$WORK"/visage/*/system)"
tar -xzf "$STOCK" -C "$WORK/stock"
KARAF="$(ls -1d "$WORK"/stock/apache-karaf-*)"

# What README tells a stock-Karaf user to do: Visage's repository reachable, nothing else.
cat > "$KARAF/etc/org.ops4j.pax.url.mvn.cfg" <<CFG
org.ops4j.pax.url.mvn.offline=true
org.ops4j.pax.url.mvn.useFallbackRepositories=false
org.ops4j.pax.url.mvn.localRepository=\${karaf.data}/maven-local
org.ops4j.pax.url.mvn.defaultRepositories=\${karaf.home.uri}\${karaf.default.repository}@id=system.repository@snapshots, \
    file:$VISAGE_SYSTEM@id=visage@snapshots
org.ops4j.pax.url.mvn.repositories=
CFG
touch "$KARAF/etc/org.ops4j.pax.web.cfg"
configure_ports "$KARAF"
export EXTRA_JAVA_OPTS_STOCK="-Djdk.util.zip.disableZip64ExtraFieldValidation=true"
FRESH_HOME="$(mktemp -d "${TMPDIR:-/tmp}/visage-empty-home.XXXXXX")"
HOME="$FRESH_HOME" EXTRA_JAVA_OPTS="-Duser.home=$FRESH_HOME $EXTRA_JAVA_OPTS_STOCK" setsid "$KARAF/bin/karaf" server \
  > "$WORK/karaf.out" 2>&1 < /dev/null &
KARAF_PID=$!

# The shell over SSH, once it listens.
shell() { # commands on stdin
  "$KARAF/bin/client" -h 127.0.0.1 -a "$SSH_PORT" -u check -p "$SSH_PASSWORD" -r 60 -d 1 -b 2>&1
}
printf 'feature:repo-add mvn:io.visage/visage-features/%s/xml/features\nfeature:install visage\n' "$VERSION" \
  | shell > "$WORK/install.out" || { cat "$WORK/install.out" >&2; fail "feature:install visage failed"; }
log "feature:install visage: $(tr '\n' ' ' < "$WORK/install.out" | grep -v 'JAVA_HOME' | cut -c1-300)"

# Ready: storage, every stage's model and the index are up (and with them the shell's visage commands).
deadline=$((SECONDS + 120))
until [[ "$(curl -s -m 2 -o /dev/null -w '%{http_code}' "http://127.0.0.1:$HTTP_PORT/ready" 2>/dev/null)" == 200 ]]; do
  (( SECONDS < deadline )) || fail "GET /ready not 200 within 120 s of feature:install: $(curl -s -m 2 "http://127.0.0.1:$HTTP_PORT/ready")"
  sleep 0.5
done
echo 'visage:api-user-add stock_check' | shell > "$WORK/user.out"
key="$(sed -n 's/^api_key: *//p' "$WORK/user.out" | tr -d '\r')"
[[ -n "$key" ]] || { cat "$WORK/user.out" >&2; fail "visage:api-user-add printed no key"; }
users="$(curl -s "http://127.0.0.1:$HTTP_PORT/v1/users?api_user=stock_check&api_key=$key")"
[[ "$users" == '{"status":200,"message":"Succeeded.","users":[]}' ]] || fail "GET /v1/users answered: $users"
check_log_clean
echo "[stock-karaf] passed: feature:install visage into stock Karaf 4.4.10 from the distribution's system/ only; $users"
