#!/usr/bin/env bash
# The admin pages in headless Chromium against a real `fostermatch serve` on loopback with demo
# data: installs playwright-core and axe-core (versions pinned in package.json) into NODE_DIR
# under the build folder, creates an admin and an agency page user, serves, runs
# pages.test.mjs, stops the server. Screenshots land in ARTIFACTS.
#   run_pages_test.sh BIN NODE_DIR ARTIFACTS
set -euo pipefail
bin=$1
node_dir=$2
artifacts=$3
here=$(cd "$(dirname "$0")" && pwd)
fail() { echo "FAIL: $*" >&2; exit 1; }

command -v node >/dev/null || fail "node is not installed (deploy/setup.sh installs nodejs)"
command -v npm >/dev/null || fail "npm is not installed (deploy/setup.sh installs it)"
chromium=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
[ -n "$chromium" ] || fail "chromium is not installed (deploy/setup.sh installs it)"

mkdir -p "$node_dir" "$artifacts"
if ! cmp -s "$here/package.json" "$node_dir/package.json" ||
   [ ! -d "$node_dir/node_modules/playwright-core" ] || [ ! -d "$node_dir/node_modules/axe-core" ]; then
  cp "$here/package.json" "$node_dir/package.json"
  # Playwright's own browser download is never used: the test drives the system Chromium.
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --prefix "$node_dir" --no-audit --no-fund \
    --loglevel=error >"$artifacts/npm-install.log" 2>&1 || { cat "$artifacts/npm-install.log"; fail "npm install"; }
fi

work=$(mktemp -d)
pid=""
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  cp "$work/serve.log" "$artifacts/serve.log" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
export FOSTERMATCH_DB="sqlite3://$work/fm.db"
password="browser-test-$(date +%s)-pw"
"$bin" demo-data --today "$(date +%F)" >"$work/demo.log" 2>&1 || { cat "$work/demo.log"; fail "demo-data"; }
echo "$password" | "$bin" user add --username admin --role admin >/dev/null
echo "$password" | "$bin" user add --username agency1 --role agency --agency 1 >/dev/null

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$bin" serve --listen "127.0.0.1:$port" >"$work/serve.log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do
  curl -sf "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  kill -0 "$pid" 2>/dev/null || { cat "$work/serve.log"; fail "serve exited"; }
  sleep 0.1
done

FM_BASE_URL="http://127.0.0.1:$port" FM_PASSWORD="$password" FM_NODE_DIR="$node_dir" \
  FM_ARTIFACTS="$artifacts" FM_CHROMIUM="$chromium" FM_PROFILE="$work/profile" \
  node --test --test-reporter=spec "$here/pages.test.mjs"
