#!/usr/bin/env bash
# The build keeps the data of the instance started from karaf-assembly/target/assembly (README's "try it from
# the build"): checks karaf-assembly/src/build/instance-state.sh on a scratch target folder, the way the
# build calls it (save before the fresh assembly, restore after the archive), including an interrupted build.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SCRIPT="$HERE/../../karaf-assembly/src/build/instance-state.sh"
T="$(mktemp -d "${TMPDIR:-/tmp}/visage-instance-state.XXXXXX")"
trap 'rm -rf "$T"' EXIT
fail() { echo "[instance-state] FAILED: $*" >&2; exit 1; }

mkdir -p "$T/assembly/data/visage/derby" "$T/assembly/etc" "$T/assembly/data/cache"
echo enrolments > "$T/assembly/data/visage/derby/seg0"
echo secret > "$T/assembly/etc/visage-master.key"
bash "$SCRIPT" save "$T" >/dev/null
[[ ! -e "$T/assembly/data/visage" && -f "$T/instance-state/data/visage/derby/seg0" ]] || fail "data/visage not moved aside"
rm -rf "$T/assembly"                                   # what the fresh-assembly clean does
mkdir -p "$T/assembly/etc" && echo new > "$T/assembly/etc/other.cfg"   # what the new assembly brings
bash "$SCRIPT" restore "$T" >/dev/null
[[ "$(cat "$T/assembly/data/visage/derby/seg0")" == enrolments ]] || fail "the database did not come back"
[[ "$(cat "$T/assembly/etc/visage-master.key")" == secret ]] || fail "the master key did not come back"
[[ ! -e "$T/assembly/data/cache" && ! -e "$T/instance-state" ]] || fail "bundle cache kept or state folder left"

# A build that stopped between save and restore leaves the state aside; the next save must not overwrite it.
bash "$SCRIPT" save "$T" >/dev/null
mkdir -p "$T/assembly/data/visage" && echo newer > "$T/assembly/data/visage/x"
if bash "$SCRIPT" save "$T" 2>/dev/null; then fail "a second save overwrote the kept state"; fi
[[ -f "$T/instance-state/data/visage/derby/seg0" ]] || fail "the kept state was lost"
echo "[instance-state] passed: data/visage and the master key survive a rebuild; an interrupted one loses nothing"
