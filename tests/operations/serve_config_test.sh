#!/usr/bin/env bash
# deploy/fostermatch.conf.example, with every commented option switched on, configures a real
# server (a flag beats the file, the file beats the environment; unknown keys and bad values are
# refused); the server's log on a pipe is JSON lines; /metrics counts requests by route pattern
# and status, with latency histograms, the database pool and the last monthly run.
bin=$1 src=$2
source "$(dirname "$0")/common.sh"
port=$(free_port)
conf="$work/fostermatch.conf"
# Switch on every commented option ("# key = value"), then point it at the scratch folder.
sed -e 's/^# \([a-z-]* = \)/\1/' -e "s|^db = .*|db = \"sqlite3://$work/fm.db\"|" \
  -e "s|^listen = .*|listen = \"127.0.0.1:$port\"|" "$src/deploy/fostermatch.conf.example" >"$conf"
grep -q '^db = ' "$conf" || fail "the example has no db option to switch on"

FOSTERMATCH_DB="sqlite3://$work/ignored.db" "$bin" --config "$conf" migrate >/dev/null 2>&1 || fail "migrate with the example"
[ -f "$work/fm.db" ] && [ ! -f "$work/ignored.db" ] || fail "the file's db did not win over the environment"
"$bin" --config "$conf" demo-data --today 2026-11-25 --households 40 --needs 6 >/dev/null 2>&1 || fail "demo-data"
"$bin" --config "$conf" batch monthly --month 2026-11 >/dev/null 2>&1 || fail "batch monthly"
token=$(FOSTERMATCH_CONFIG="$conf" "$bin" token create --role admin --label metrics 2>/dev/null)
[[ $token == fm_* ]] || fail "FOSTERMATCH_CONFIG was not read"

# Refusals name the problem.
printf '[serve]\nlisten = "127.0.0.1:%s"\nworker = 3\n' "$(free_port)" >"$work/typo.conf"
# (timeout: were the file accepted, the server would run)
out=$(timeout 10 "$bin" --config "$work/typo.conf" serve 2>&1) && fail "an unknown key was accepted"
grep -q "worker" <<<"$out" || fail "the unknown key is not named: $out"
sed 's/^workers = .*/workers = 0/' "$conf" >"$work/bad.conf"
out=$(timeout 10 "$bin" --config "$work/bad.conf" serve 2>&1) && fail "workers = 0 was accepted"
grep -q "workers" <<<"$out" || fail "the bad value is not named: $out"
"$bin" --config "$work/missing.conf" migrate >/dev/null 2>&1 && fail "a missing config file was accepted"

# The environment's listen loses to the file's; the log goes to a pipe, so it is JSON.
FOSTERMATCH_LISTEN=127.0.0.1:1 start_server "$work/serve.log" --config "$conf" serve
api() { curl -s -o /dev/null -H "Authorization: Bearer $token" "http://127.0.0.1:$port$1"; }
api /api/v1/foster-parents/1
api /api/v1/foster-parents/2
api /api/v1/foster-parents/999999
api '/api/v1/no-such-thing/%22quoted%22%5C'
curl -fs "http://127.0.0.1:$port/metrics" >"$work/metrics.txt" || fail "/metrics"
stop_server
python3 - "$work/serve.log" <<'PY' || fail "the log is not JSON lines"
import json, sys
lines = [l for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
assert lines, "no log lines"
for line in lines:
    entry = json.loads(line)
    assert {"time", "level", "msg"} <= entry.keys(), line
assert any("GET /api/v1/foster-parents/1 " in json.loads(l)["msg"] for l in lines), "no request line"
PY
"$bin" --config "$conf" --log-format plain migrate 2>&1 >/dev/null | matches '^{' && fail "--log-format plain wrote JSON"

python3 - "$work/metrics.txt" <<'PY' || fail "/metrics: $(head -c 2000 "$work/metrics.txt")"
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
sample = re.compile(r'^[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-z_]+="[^"\\]*",?)*\})? -?[0-9.e+]+$|^[a-zA-Z_:][a-zA-Z0-9_:]*(\{.*\})? \+Inf$')
for line in text.splitlines():
    if line.startswith("# HELP ") or line.startswith("# TYPE "):
        continue
    assert sample.match(line), "not a Prometheus sample: " + line
def value(series):
    for line in text.splitlines():
        if line.startswith(series + " "):
            return float(line.split()[-1])
    raise AssertionError("missing: " + series)
route = 'method="GET",route="/api/v1/foster-parents/{id}"'
assert value('fostermatch_http_requests_total{%s,status="200"}' % route) == 2
assert value('fostermatch_http_requests_total{%s,status="404"}' % route) == 1
assert value('fostermatch_http_requests_total{method="-",route="unmatched",status="404"}') == 1
assert value('fostermatch_http_route_duration_seconds_count{%s}' % route) == 3
assert value('fostermatch_http_route_duration_seconds_bucket{%s,le="+Inf"}' % route) == 3
assert "/api/v1/foster-parents/1" not in text and "no-such-thing" not in text, "a raw path in the metrics"
# One connection per handler thread (4 light, 2 heavy, 1 probe), one for the monthly run and one
# for the group commit of reads' audit entries.
assert value("fostermatch_database_connections") == 9
assert value("fostermatch_database_connections_in_use") >= 0
assert value("fostermatch_database_up") == 1
assert value("fostermatch_matching_snapshot_data_version") >= 0
assert value("fostermatch_matching_snapshot_age_seconds") >= 0
assert value('fostermatch_batch_last_run_timestamp_seconds{month="2026-11"}') > 1.7e9
assert value("fostermatch_batch_last_run_proposals") >= 1
PY
echo "serve with the config example, JSON logs, metrics: passed"
