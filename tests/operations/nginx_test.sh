#!/usr/bin/env bash
# deploy/nginx.conf.example as shipped passes `nginx -t` (with a self-signed certificate in
# place of the real one), and served in front of `fostermatch serve` it does what it says:
# TLS with HSTS, HTTP redirected, forwarded headers (Secure cookies behind TLS), 1 MiB bodies
# except the training import (64 MiB), /metrics not reachable from outside.
bin=$1 src=$2
source "$(dirname "$0")/common.sh"
command -v nginx >/dev/null || fail "nginx is not installed (deploy/setup.sh installs it)"
# nginx's workers run as nobody when started by root: they must reach the temp folders.
chmod 755 "$work"
mkdir -m 777 "$work/tmp"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=fostermatch.example.jp" \
  -keyout "$work/privkey.pem" -out "$work/fullchain.pem" >/dev/null 2>&1 || fail "openssl"
chmod 644 "$work/privkey.pem"

# main_conf SITE: an nginx.conf that includes SITE, with every path inside the scratch folder.
main_conf() {
  cat <<CONF
worker_processes 1;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 64; }
http {
  access_log $work/nginx-access.log;
  client_body_temp_path $work/tmp/body;
  proxy_temp_path $work/tmp/proxy;
  fastcgi_temp_path $work/tmp/fastcgi;
  uwsgi_temp_path $work/tmp/uwsgi;
  scgi_temp_path $work/tmp/scgi;
  include $1;
}
CONF
}
sed "s|/etc/ssl/fostermatch/|$work/|" "$src/deploy/nginx.conf.example" >"$work/site.conf"
main_conf "$work/site.conf" >"$work/nginx.conf"
nginx -t -c "$work/nginx.conf" -e "$work/nginx-error.log" >"$work/nginx-t.log" 2>&1 \
  || fail "nginx -t refused the example: $(cat "$work/nginx-t.log")"

# The same site on free ports (IPv4 only: a container may have no IPv6), before a real server.
port=$(free_port) https_port=$(free_port) http_port=$(free_port)
sed -e "s|127.0.0.1:8080|127.0.0.1:$port|" -e "s|listen 443 |listen 127.0.0.1:$https_port |" \
  -e "s|listen 80;|listen 127.0.0.1:$http_port;|" -e '/listen \[::\]/d' "$work/site.conf" >"$work/live-site.conf"
main_conf "$work/live-site.conf" >"$work/live-nginx.conf"
export FOSTERMATCH_DB="sqlite3://$work/fm.db"
"$bin" migrate >/dev/null 2>&1 || fail "migrate"
token=$("$bin" token create --role admin --label nginx 2>/dev/null)
start_server "$work/serve.log" serve --listen "127.0.0.1:$port"
nginx -c "$work/live-nginx.conf" -e "$work/nginx-error.log" || fail "nginx did not start"
trap 'nginx -c "$work/live-nginx.conf" -e "$work/nginx-error.log" -s stop 2>/dev/null || true; cleanup' EXIT
base="https://127.0.0.1:$https_port"
for _ in $(seq 50); do curl -ks "$base/healthz" >/dev/null 2>&1 && break; sleep 0.1; done

status() { curl -ks -o /dev/null -w '%{http_code}' "$@"; }
[ "$(status "$base/healthz")" = 200 ] || fail "healthz through nginx"
curl -ksI "$base/healthz" | matches -i '^strict-transport-security: max-age=' || fail "no HSTS header"
[ "$(status "http://127.0.0.1:$http_port/healthz")" = 301 ] || fail "plain HTTP is not redirected"
[ "$(status "$base/metrics")" = 404 ] || fail "/metrics is reachable through nginx"
[ "$(status "$base//metrics")" = 404 ] || fail "//metrics is reachable through nginx"
[ "$(status "$base/%6detrics")" = 404 ] || fail "/%6detrics is reachable through nginx"
[ "$(curl -fs -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/metrics")" = 200 ] \
  || fail "/metrics on loopback (for Prometheus) is gone"
curl -ks -D - -o /dev/null "$base/admin/login" | grep -i '^set-cookie:' | matches -i 'secure' \
  || fail "the pages' cookie is not Secure behind TLS: X-Forwarded-Proto did not arrive"

# Body limits per route: 2 MiB is refused on an ordinary route, accepted by the import.
head -c $((2 << 20)) /dev/zero | tr '\0' 'x' >"$work/2mib.json"
[ "$(status -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
  --data-binary @"$work/2mib.json" "$base/api/v1/needs")" = 413 ] || fail "a 2 MiB need was not refused"
{ echo 'external_id,foster_parent_id,course,completed_on,hours,provider,outcome'
  for i in $(seq 40000); do echo "X-$i,999999,practical,2026-10-01,6,nginx test provider,completed"; done
} >"$work/import.csv"
[ "$(stat -c %s "$work/import.csv")" -gt $((1 << 20)) ] || fail "the import file is under 1 MiB"
out=$(curl -ks -w '\n%{http_code}' -H "Authorization: Bearer $token" -H 'Content-Type: text/csv' \
  --data-binary @"$work/import.csv" "$base/api/v1/trainings/import")
[ "$(echo "$out" | tail -1)" = 200 ] || fail "the 1+ MiB import did not pass nginx: $(echo "$out" | tail -c 300)"
grep -q '"rejected"' <<<"$out" || fail "the import answered no result"
stop_server
echo "nginx: passed"
