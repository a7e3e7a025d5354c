#!/bin/bash
set -euo pipefail
# As the official postgres image, in short: read POSTGRES_* (or their _FILE), initialise an empty
# $PGDATA as postgres, allow password logins from anywhere, then run postgres as postgres.
file_env() {
  local var="$1" file="${1}_FILE" default="${2:-}"
  if [ -n "${!file:-}" ]; then export "$var"="$(< "${!file}")"; fi
  if [ -z "${!var:-}" ]; then export "$var"="$default"; fi
}
if [ "${1:0:1}" = '-' ]; then set -- postgres "$@"; fi
if [ "$1" = 'postgres' ] && [ "$(id -u)" = '0' ]; then
  mkdir -p "$PGDATA" && chown -R postgres "$PGDATA" && chmod 700 "$PGDATA"
  exec gosu postgres "$BASH_SOURCE" "$@"
fi
if [ "$1" = 'postgres' ] && [ ! -s "$PGDATA/PG_VERSION" ]; then
  file_env POSTGRES_PASSWORD
  file_env POSTGRES_USER postgres
  file_env POSTGRES_DB "$POSTGRES_USER"
  if [ -z "$POSTGRES_PASSWORD" ]; then
    echo >&2 "Error: Database is uninitialized and superuser password is not specified (POSTGRES_PASSWORD)"; exit 1
  fi
  initdb --username="$POSTGRES_USER" --pwfile=<(printf '%s\n' "$POSTGRES_PASSWORD") -D "$PGDATA" >/dev/null
  printf "host all all all scram-sha-256\n" >> "$PGDATA/pg_hba.conf"
  pg_ctl -D "$PGDATA" -o "-c listen_addresses=''" -w start >/dev/null
  if [ "$POSTGRES_DB" != 'postgres' ]; then
    psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres -c "CREATE DATABASE \"$POSTGRES_DB\"" >/dev/null
  fi
  pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null
fi
if [ "$1" = 'postgres' ]; then
  exec postgres -c listen_addresses='*' "${@:2}"
fi
exec "$@"
