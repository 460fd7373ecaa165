#!/usr/bin/env bash
# Keeps the state of the instance started from target/assembly (README's "try it from the build") across
# rebuilds. Every build starts from an empty assembly folder so that no run state ships in the archive; this
# moves the instance's own data (data/visage: the Derby database with API users, galleries and images; and
# etc/visage-master.key, which seals the tenants' template secrets) aside before that, and back once the
# archive is made. Karaf's bundle cache and logs (the rest of data/) are rebuilt on purpose: a cache from the
# previous build would keep running the previous bundles.
set -euo pipefail
action="$1" target="$2"
assembly="$target/assembly" kept="$target/instance-state"
state=(data/visage etc/visage-master.key)

case "$action" in
  save)
    for path in "${state[@]}"; do
      [[ -e "$assembly/$path" ]] || continue
      if [[ -e "$kept/$path" ]]; then
        echo "Both $assembly/$path and $kept/$path exist (an earlier build stopped half-way)." >&2
        echo "Keep the one you want in $kept/$path, remove the other, and build again." >&2
        exit 1
      fi
      mkdir -p "$(dirname "$kept/$path")"
      mv "$assembly/$path" "$kept/$path"
      echo "kept $path of the instance in target/assembly aside"
    done
    ;;
  restore)
    for path in "${state[@]}"; do
      [[ -e "$kept/$path" ]] || continue
      mkdir -p "$(dirname "$assembly/$path")"
      mv "$kept/$path" "$assembly/$path"
      echo "restored $path of the instance in target/assembly"
    done
    rm -rf "$kept"
    ;;
  *) echo "usage: $0 save|restore <target dir>" >&2; exit 2 ;;
esac
