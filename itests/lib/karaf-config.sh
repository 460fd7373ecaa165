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
