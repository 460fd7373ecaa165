#!/usr/bin/env bash
# The distribution as a new user gets it, part of README's test command:
#  1. the archive booted with an empty home (no ~/.m2, no ~/.cache): fresh-home-boot.sh;
#  2. Visage installed into a stock Karaf 4.4.10 from the distribution's system/ folder: stock-karaf-install.sh;
#  3. a rebuild keeps the data of the instance started from the build folder: instance-state-check.sh.
#  4. Swagger UI of the booted archive renders every operation of /openapi.json in headless Chromium: api-docs-browser.sh.
# Then crash-recovery.sh: enrolments answered 200 survive kill -9 of the JVM at random moments (10 rounds), and
# crash-variants.sh: kill -9 during index rebuilds, secret rotations and re-embedding (3 rounds each).
# Last, with a PostgreSQL server given: two-nodes.sh (two nodes on one PostgreSQL behind HAProxy) and the enrolment
# kill -9 rounds on PostgreSQL (3).
# Both run without network where the machine allows it (a network namespace holding only loopback, when this
# runs as root and `unshare` is there), which proves "needs no network" rather than assuming it.
#   itests/distribution/run.sh [visage-distribution.tar.gz]
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
"$HERE/instance-state-check.sh"
REPO="$(cd "$HERE/../.." && pwd)"
DIST="${1:-$(ls -1 "$REPO"/karaf-assembly/target/visage-distribution-*.tar.gz 2>/dev/null | head -n 1 || true)}"
[[ -f "$DIST" ]] || { echo "[distribution] no distribution archive (build it first)" >&2; exit 1; }

# The stock Karaf comes from Maven Central, fetched here while the network is still there.
STOCK_DIR="$REPO/itests/target/stock-karaf"
mkdir -p "$STOCK_DIR"
[[ -f "$STOCK_DIR/apache-karaf-4.4.10.tar.gz" ]] || mvn -B -q dependency:copy \
  -Dartifact=org.apache.karaf:apache-karaf:4.4.10:tar.gz -DoutputDirectory="$STOCK_DIR" >&2
STOCK="$STOCK_DIR/apache-karaf-4.4.10.tar.gz"

checks="'$HERE/fresh-home-boot.sh' '$DIST' && '$HERE/stock-karaf-install.sh' '$DIST' '$STOCK' && '$HERE/api-docs-browser.sh' '$DIST' && '$HERE/crash-recovery.sh' '$DIST' && VISAGE_CRASH_VARIANTS='index-rebuild secret-rotation reembedding' '$HERE/crash-variants.sh' '$DIST'"
if [[ $(id -u) == 0 ]] && command -v ip >/dev/null && unshare -n true 2>/dev/null; then
  echo "[distribution] running without network (a namespace with loopback only)" >&2
  unshare -n bash -c "ip link set lo up && $checks"
else
  echo "[distribution] WARNING: cannot drop the network here (not root, or no unshare): checks run with it" >&2
  bash -c "$checks"
fi

# Two nodes on the PostgreSQL server of itests/postgresql/with-cluster.sh, behind HAProxy: in the network
# namespace of that server (loopback), so after the offline checks above. Skips with a message without one.
"$HERE/two-nodes.sh" "$DIST"
VISAGE_CRASH_VARIANTS=postgresql "$HERE/crash-variants.sh" "$DIST"
