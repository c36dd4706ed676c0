#!/usr/bin/env bash
# Builds fostermatch and serves it on a SQLite file with demo data, printing the URL and an
# admin token. Re-running keeps the existing database (and prints a fresh token).
set -euo pipefail
cd "$(dirname "$0")/.."
deploy/setup.sh
bin=build/service/fostermatch
export FOSTERMATCH_DB=${FOSTERMATCH_DB:-sqlite3://var/demo.db}
listen=${FOSTERMATCH_LISTEN:-127.0.0.1:8080}
"$bin" migrate >/dev/null
if [ "$(sqlite3 "${FOSTERMATCH_DB#sqlite3://}" 'select count(*) from foster_parents' 2>/dev/null || echo 0)" = 0 ]; then
  "$bin" demo-data
fi
token=$("$bin" token create --role admin --label "demo $(date +%F)" 2>/dev/null)
# An admin-page user for this run: a fresh name and a random password, like the token.
page_user="admin-$(date +%Y%m%d%H%M%S)"
page_password=$(head -c 18 /dev/urandom | base64 | tr '+/' '-_')
echo "$page_password" | "$bin" user add --username "$page_user" --role admin >/dev/null
cat <<MSG

  fostermatch demo on $FOSTERMATCH_DB
  URL:         http://$listen/  (API under /api/v1, contract at /api/v1/openapi.json)
  admin token: $token
  try:         curl -H "Authorization: Bearer $token" http://$listen/api/v1/agencies
  admin pages: http://$listen/admin/
    username:  $page_user
    password:  $page_password

MSG
exec "$bin" serve --listen "$listen"
