#!/usr/bin/env bash
# kill -9 beyond plain enrolment, each variant a few rounds of crash-recovery.sh (which says what each checks):
# during visage:index-rebuild, during template-secret rotations, during re-embedding with a new embedding model
# (it must resume after each restart and finish), and the enrolment rounds on PostgreSQL (skipped with a message
# without the server of itests/postgresql/with-cluster.sh). Part of itests/distribution/run.sh.
#   itests/distribution/crash-variants.sh [distribution.tar.gz]
#   VISAGE_CRASH_VARIANTS="index-rebuild secret-rotation reembedding postgresql"  (the ones to run)
#   VISAGE_CRASH_VARIANT_ROUNDS=3  (rounds of each; CRASH_ROUNDS, when set, for the benchmark run, wins)
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROUNDS="${CRASH_ROUNDS:-${VISAGE_CRASH_VARIANT_ROUNDS:-3}}"
for variant in ${VISAGE_CRASH_VARIANTS:-index-rebuild secret-rotation reembedding postgresql}; do
  case "$variant" in
    postgresql) VISAGE_CRASH_ROUNDS="$ROUNDS" VISAGE_CRASH_DURING=enrolment VISAGE_CRASH_DATABASE=postgresql \
                  "$HERE/crash-recovery.sh" "$@" ;;
    *) VISAGE_CRASH_ROUNDS="$ROUNDS" VISAGE_CRASH_DURING="$variant" VISAGE_CRASH_DATABASE=derby \
         "$HERE/crash-recovery.sh" "$@" ;;
  esac
done
