#!/usr/bin/env bash
# Runs a command with a private, throw-away PostgreSQL cluster: initdb into a temporary folder, a free port on
# loopback, a database "visage" owned by user "visage". The command sees
#   VISAGE_TEST_POSTGRESQL_URL   jdbc:postgresql://127.0.0.1:<port>/visage
#   VISAGE_TEST_POSTGRESQL_USER / VISAGE_TEST_POSTGRESQL_PASSWORD
#   VISAGE_TEST_POSTGRESQL_PORT, VISAGE_TEST_POSTGRESQL_BIN (psql and friends)
# The cluster is stopped and removed when the command ends, whatever its outcome. Needs Debian's postgresql
# package (apt-get install postgresql); .ci/run installs it when missing.
#
# Usage: itests/postgresql/with-cluster.sh COMMAND [ARGS...]
set -euo pipefail

PG_BIN=${VISAGE_TEST_POSTGRESQL_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
if [[ -z "$PG_BIN" || ! -x "$PG_BIN/initdb" ]]; then
  echo "with-cluster: PostgreSQL server binaries not found (apt-get install postgresql)" >&2
  exit 1
fi

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

DIR=$(mktemp -d /tmp/visage-pg.XXXXXX)
PORT=$(free_port)
PASSWORD=$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')

# initdb and the server refuse to run as root: run them as the postgres system user when we are root.
as_owner() {
  if [[ $(id -u) -eq 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}
if [[ $(id -u) -eq 0 ]]; then chown postgres "$DIR"; fi
chmod 700 "$DIR"

cleanup() {
  as_owner "$PG_BIN/pg_ctl" -D "$DIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$DIR"
}
trap cleanup EXIT

as_owner "$PG_BIN/initdb" -D "$DIR/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$DIR/initdb.log" 2>&1 \
  || { cat "$DIR/initdb.log" >&2; exit 1; }
# Loopback only, password authentication for everyone but the local superuser socket.
cat >"$DIR/data/pg_hba.conf" <<HBA
local all postgres trust
host  all all 127.0.0.1/32 scram-sha-256
HBA
as_owner "$PG_BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 \
  -o "-c listen_addresses=127.0.0.1 -c port=$PORT -c unix_socket_directories=$DIR -c fsync=off -c max_connections=200" \
  start >/dev/null || { cat "$DIR/server.log" >&2; exit 1; }
as_owner "$PG_BIN/psql" -q -h "$DIR" -p "$PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 \
  -c "CREATE ROLE visage LOGIN PASSWORD '$PASSWORD'" -c "CREATE DATABASE visage OWNER visage" >/dev/null

export VISAGE_TEST_POSTGRESQL_URL="jdbc:postgresql://127.0.0.1:$PORT/visage"
export VISAGE_TEST_POSTGRESQL_USER=visage
export VISAGE_TEST_POSTGRESQL_PASSWORD=$PASSWORD
export VISAGE_TEST_POSTGRESQL_PORT=$PORT
export VISAGE_TEST_POSTGRESQL_BIN=$PG_BIN
echo "with-cluster: PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PORT (data in $DIR)"
set +e
"$@"
status=$?
set -e
exit $status
