#!/usr/bin/env bash
# Creates fostermatch's PostgreSQL database and its two roles, with least privilege:
#   owner role    owns the database and the schema: `fostermatch migrate` runs as it
#   service role  may only read and write rows (SELECT, INSERT, UPDATE, DELETE; sequences):
#                 `fostermatch serve`, `batch`, `import` run as it and cannot alter the schema
# Idempotent: run it again after a migration or to reset passwords. Run it as a PostgreSQL
# superuser; psql's usual variables (PGHOST, PGPORT, PGUSER) choose the server:
#   sudo -u postgres deploy/postgres-setup.sh
#   deploy/postgres-setup.sh --database fm --owner fm_owner --service fm_service
# Passwords come from FOSTERMATCH_OWNER_PASSWORD / FOSTERMATCH_SERVICE_PASSWORD, or are made
# up and printed once, in the two connection URLs.
set -euo pipefail

database=fostermatch owner=fostermatch_owner service=fostermatch
usage() { sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; }
while [ $# -gt 0 ]; do
  case "$1" in
    --database) database=$2; shift 2 ;;
    --owner) owner=$2; shift 2 ;;
    --service) service=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "postgres-setup: unknown argument $1" >&2; usage >&2; exit 2 ;;
  esac
done
for name in "$database" "$owner" "$service"; do
  [[ $name =~ ^[a-z_][a-z0-9_]*$ ]] || { echo "postgres-setup: '$name' is not a plain lower-case name" >&2; exit 2; }
done
new_password() { head -c 18 /dev/urandom | base64 | tr '+/' '-_'; }
owner_password=${FOSTERMATCH_OWNER_PASSWORD:-$(new_password)}
service_password=${FOSTERMATCH_SERVICE_PASSWORD:-$(new_password)}
psql_as_admin() { psql -X -q -v ON_ERROR_STOP=1 -v owner="$owner" -v service="$service" \
  -v database="$database" -v owner_password="$owner_password" -v service_password="$service_password" "$@"; }

# Roles and the database: created when missing (\gexec runs the generated statement).
psql_as_admin -d postgres <<'SQL'
SELECT format('CREATE ROLE %I LOGIN', :'owner')
  WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'owner') \gexec
SELECT format('CREATE ROLE %I LOGIN', :'service')
  WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'service') \gexec
ALTER ROLE :"owner" WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'owner_password';
-- NOINHERIT: the service role gets no rights through membership, only the grants below.
ALTER ROLE :"service" WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT PASSWORD :'service_password';
SELECT format('CREATE DATABASE %I OWNER %I ENCODING %L TEMPLATE template0', :'database', :'owner', 'UTF8')
  WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'database') \gexec
REVOKE ALL ON DATABASE :"database" FROM PUBLIC;
GRANT CONNECT ON DATABASE :"database" TO :"service";
SQL

# Inside the database: the owner owns the schema; the service may use it and touch rows only,
# on the tables that exist and on those later migrations create.
psql_as_admin -d "$database" <<'SQL'
ALTER SCHEMA public OWNER TO :"owner";
REVOKE ALL ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO :"service";
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO :"service";
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO :"service";
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA public
  GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO :"service";
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA public
  GRANT USAGE, SELECT ON SEQUENCES TO :"service";
SQL

host=${PGHOST:-127.0.0.1}
[[ $host == /* ]] && where="/$database?host=$host&port=${PGPORT:-5432}" || where="@$host:${PGPORT:-5432}/$database"
url() { if [[ $where == /* ]]; then echo "postgresql://$1:$2@$where"; else echo "postgresql://$1:$2$where"; fi; }
cat <<MSG
postgres-setup: database $database, owner role $owner, service role $service.
  migrate as the owner:   FOSTERMATCH_DB='$(url "$owner" "$owner_password")' fostermatch migrate
  serve as the service:   FOSTERMATCH_DB='$(url "$service" "$service_password")'  (in /etc/fostermatch/env)
MSG
