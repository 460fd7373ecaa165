# Shared by the scripts that start a distribution for a check (itests/distribution, newman, load).
set_prop() { # file key value: replace an active `key = ...` line of a Karaf .cfg file, or append one
  local file="$1" key="$2" value="$3" re
  re="$(printf '%s' "$key" | sed 's/[.]/\\./g')"
  if grep -qE "^[[:space:]]*$re[[:space:]]*=" "$file"; then
    sed -i -E "s|^[[:space:]]*$re[[:space:]]*=.*|$key = $value|" "$file"
  else
    printf '%s = %s\n' "$key" "$value" >> "$file"
  fi
}

# use_postgresql KARAF_HOME SCHEMA: points the instance's storage at a new schema SCHEMA of the PostgreSQL server
# that itests/postgresql/with-cluster.sh started (VISAGE_TEST_POSTGRESQL_*), the way README tells an operator to:
# the DataSource file names the driver and URL, the password is read from etc/visage-db-password ($[secret:...]).
# An existing schema of that name is kept (a second node of the same gallery passes the same name).
use_postgresql() {
  local home="$1" schema="$2"
  [[ -n "${VISAGE_TEST_POSTGRESQL_URL:-}" ]] || { echo "use_postgresql: run under itests/postgresql/with-cluster.sh" >&2; return 1; }
  PGPASSWORD="$VISAGE_TEST_POSTGRESQL_PASSWORD" "$VISAGE_TEST_POSTGRESQL_BIN/psql" -q -h 127.0.0.1 \
    -p "$VISAGE_TEST_POSTGRESQL_PORT" -U "$VISAGE_TEST_POSTGRESQL_USER" -d visage -v ON_ERROR_STOP=1 \
    -c "SET client_min_messages = warning" -c "CREATE SCHEMA IF NOT EXISTS $schema" >/dev/null
  printf '%s' "$VISAGE_TEST_POSTGRESQL_PASSWORD" > "$home/etc/visage-db-password"
  chmod 600 "$home/etc/visage-db-password"
  local cfg="$home/etc/org.ops4j.datasource-visage.cfg"
  set_prop "$cfg" osgi.jdbc.driver.name "PostgreSQL JDBC Driver"
  set_prop "$cfg" url "$VISAGE_TEST_POSTGRESQL_URL?currentSchema=$schema"
  set_prop "$cfg" user "$VISAGE_TEST_POSTGRESQL_USER"
  set_prop "$cfg" .password '$[secret:visage-db-password]'
}
