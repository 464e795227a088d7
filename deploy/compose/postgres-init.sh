#!/usr/bin/env bash
# One database and one login role per service, each owning its own database: services never
# read each other's tables. Runs once, when the PostgreSQL data volume is first initialised
# (the official image runs /docker-entrypoint-initdb.d/*.sh). Passwords come from the
# environment, never from this file.
set -euo pipefail

create_service_database() {
  local name="$1" password="$2"
  if [[ -z "$password" ]]; then
    echo "postgres-init: the password for ${name} is empty" >&2
    exit 1
  fi
  # psql variables (:"name", :'password') quote the identifiers and the literal safely.
  psql --no-psqlrc -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
    --set=name="$name" --set=password="$password" <<'SQL'
CREATE ROLE :"name" LOGIN PASSWORD :'password';
CREATE DATABASE :"name" OWNER :"name" ENCODING 'UTF8';
REVOKE ALL ON DATABASE :"name" FROM PUBLIC;
SQL
}

create_service_database catalogue "${CATALOGUE_DB_PASSWORD:-}"
create_service_database leveler "${LEVELER_DB_PASSWORD:-}"
create_service_database notifier "${NOTIFIER_DB_PASSWORD:-}"
