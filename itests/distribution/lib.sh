# Shared by the distribution checks: start Karaf from a fresh folder with an empty home, on free ports.
# Sets WORK, KARAF (its home), HTTP_PORT, SSH_PORT, KARAF_PID, FRESH_HOME.
log() { printf '[%s] %s\n' "$(basename "$0" .sh)" "$*" >&2; }
fail() {
  log "FAILED: $*"
  if [[ -n "${KARAF:-}" && -f "$KARAF/data/log/karaf.log" ]]; then
    log "ERROR lines of karaf.log, each with what follows it:"
    grep -A 8 -E '\| ERROR ' "$KARAF/data/log/karaf.log" | head -n 60 >&2 || true
    log "WARN lines of karaf.log:"; grep -E '\| WARN ' "$KARAF/data/log/karaf.log" | head -n 30 >&2 || true
    log "last lines of karaf.log:"; tail -n 30 "$KARAF/data/log/karaf.log" >&2
  fi
  exit 1
}

free_ports() { # count
  python3 - "$1" <<'PY'
import socket, sys
socks = [socket.socket() for _ in range(int(sys.argv[1]))]
for s in socks: s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in socks))
for s in socks: s.close()
PY
}

source "$(dirname "${BASH_SOURCE[0]}")/../lib/karaf-config.sh"

# Gives the Karaf home in $1 free ports and an SSH user (for bin/client).
configure_ports() {
  local home="$1"
  read -r HTTP_PORT SSH_PORT RMI_REGISTRY_PORT RMI_SERVER_PORT < <(free_ports 4)
  set_prop "$home/etc/org.ops4j.pax.web.cfg" org.osgi.service.http.port "$HTTP_PORT"
  set_prop "$home/etc/org.apache.karaf.shell.cfg" sshPort "$SSH_PORT"
  set_prop "$home/etc/org.apache.karaf.shell.cfg" sshHost 127.0.0.1
  set_prop "$home/etc/org.apache.karaf.management.cfg" rmiRegistryPort "$RMI_REGISTRY_PORT"
  set_prop "$home/etc/org.apache.karaf.management.cfg" rmiServerPort "$RMI_SERVER_PORT"
  SSH_PASSWORD="check-$RANDOM$RANDOM"
  printf 'check = %s,_g_:admingroup\n_g_\\:admingroup = group,admin,manager,viewer,systembundles,ssh\n' \
    "$SSH_PASSWORD" >> "$home/etc/users.properties"
}

# Starts $KARAF/bin/karaf server with HOME and user.home at an empty folder.
launch_karaf() {
  FRESH_HOME="$(mktemp -d "${TMPDIR:-/tmp}/visage-empty-home.XXXXXX")"
  HOME="$FRESH_HOME" EXTRA_JAVA_OPTS="-Duser.home=$FRESH_HOME" setsid "$KARAF/bin/karaf" server \
    > "$WORK/karaf.out" 2>&1 < /dev/null &
  KARAF_PID=$!
}

start_fresh_instance() { # archive
  WORK="$(mktemp -d "${TMPDIR:-/tmp}/visage-fresh.XXXXXX")"
  tar -xzf "$1" -C "$WORK"
  sync   # the unpack's writeback would otherwise compete with the boot being timed
  KARAF="$(dirname "$(dirname "$(ls -1d "$WORK"/*/bin/karaf | head -n 1)")")"
  configure_ports "$KARAF"
  # a script may prepare the unpacked instance before its first start (e.g. point it at PostgreSQL)
  if declare -F prepare_instance >/dev/null; then prepare_instance "$KARAF"; fi
  trap 'stop_instance' EXIT
  launch_karaf
}

stop_instance() {
  set +e
  if [[ -n "${KARAF_PID:-}" ]] && kill -0 "$KARAF_PID" 2>/dev/null; then
    timeout 30 "$KARAF/bin/stop" >/dev/null 2>&1
    for _ in $(seq 1 60); do kill -0 "$KARAF_PID" 2>/dev/null || break; sleep 0.5; done
    kill -KILL -- "-$KARAF_PID" 2>/dev/null
  fi
  KARAF_PID=""
  # The empty home must still be empty: nothing may have created ~/.m2 (or anything else) there.
  if [[ -n "${FRESH_HOME:-}" && -d "$FRESH_HOME" ]]; then
    local leftovers; leftovers="$(find "$FRESH_HOME" -mindepth 1 | head -n 5)"
    rm -rf "$FRESH_HOME"
    [[ -z "$leftovers" ]] || { log "FAILED: the instance wrote into the empty home: $leftovers"; exit 1; }
  fi
  [[ "${VISAGE_KEEP:-}" == 1 ]] && log "kept $WORK" || rm -rf "${WORK:-/nonexistent}"
  set -e
}

# Waits until Karaf's features service has finished installing the boot features ("Done." in its log).
wait_boot_finished() {
  local deadline=$((SECONDS + 120))
  until grep -qE 'FeaturesServiceImpl .* Done\.' "$KARAF/data/log/karaf.log" 2>/dev/null; do
    (( SECONDS < deadline )) || fail "the boot features were not installed within 120 s"
    kill -0 "$KARAF_PID" 2>/dev/null || fail "Karaf exited during start"
    sleep 0.5
  done
}

# Karaf's own ERROR lines that say nothing about Visage: after a kill -9 on a loaded machine, Aries JMX whiteboard
# once failed to register Karaf's FeaturesServiceMBean a second time (clean-clone CI run, boot ~16 s; Karaf's
# features service re-registered during boot, the MBean name already taken). Only these exact lines are let through.
KARAF_OWN_ERRORS='\| [0-9]+ - org\.apache\.aries\.jmx\.whiteboard - [0-9.]+ \| register: Failure registering MBean org\.apache\.karaf\.'
# No ERROR line, and no artifact looked for outside the distribution (pax-url logs a WARN per miss).
check_log_clean() {
  local logf="$KARAF/data/log/karaf.log"
  if grep -E '\| ERROR ' "$logf" | grep -qvE "$KARAF_OWN_ERRORS"; then fail "karaf.log has ERROR lines"; fi
  if grep -qE 'Error resolving artifact|Could not find artifact' "$logf"; then fail "a bundle was missing from system/"; fi
  if [[ -d "$KARAF/data/maven-local" ]] && [[ -n "$(find "$KARAF/data/maven-local" -type f | head -n 1)" ]]; then
    fail "bundles were fetched into data/maven-local: $(find "$KARAF/data/maven-local" -type f | head -n 3)"
  fi
}
