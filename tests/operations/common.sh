# Shared by the operations tests: a scratch folder removed on exit, failure messages, a free
# port, and a server started in the background and waited for.
set -euo pipefail
work=$(mktemp -d)
server_pids=()
cleanup() {
  for p in "${server_pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
fail() {
  echo "FAIL: $*" >&2
  for log in "$work"/*.log; do [ -f "$log" ] && { echo "--- $log" >&2; tail -20 "$log" >&2; }; done
  exit 1
}
# grep -q stops reading at its first match, and under pipefail the writer's SIGPIPE then fails
# the pipeline; matches reads its input to the end.
matches() { grep "$@" >/dev/null; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
# start_server LOG ARGS…: runs `$bin ARGS…` in the background, sets $server_pid, waits for
# /healthz on $port.
start_server() {
  local log=$1; shift
  "$bin" "$@" >"$log" 2>&1 &
  server_pid=$!
  server_pids+=("$server_pid")
  for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && return 0; sleep 0.1; done
  fail "the server on port $port did not become healthy"
}
stop_server() {
  kill -TERM "$server_pid"
  wait "$server_pid" || fail "the server exited non-zero after SIGTERM"
}
