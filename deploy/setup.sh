#!/usr/bin/env bash
# Sets up a Debian 12 machine for fostermatch and builds it. Idempotent: quick when all is there.
#   deploy/setup.sh            install packages (as root) and build into ./build
#   deploy/setup.sh --no-build install packages only
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  build-essential cmake ninja-build pkg-config git ca-certificates curl python3 sqlite3 clang-format
  clang-14 libclang-rt-14-dev
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libsoci-dev libsqlite3-dev libpq-dev postgresql
  libgtest-dev libgmock-dev libbenchmark-dev
  libcli11-dev libspdlog-dev libfmt-dev libsodium-dev libkainjow-mustache-dev nodejs
  liblemon-dev coinor-libcbc-dev coinor-cbc
  wrk chromium fonts-noto-cjk glpk-utils
  nginx openssl
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# The browser test installs playwright-core and axe-core with npm (Debian's nodejs has no npm;
# NodeSource's bundles it).
command -v npm >/dev/null 2>&1 || missing+=(npm)
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  sudo_cmd=""
  [ "$(id -u)" = 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# The postgresql package starts a system cluster we do not use; tests start their own. Likewise
# nginx: the tests run their own on free ports (tests/operations/nginx_test.sh, scale_out_test.sh).

[ "${1:-}" = "--no-build" ] && exit 0

build_type=${FOSTERMATCH_BUILD_TYPE:-RelWithDebInfo}
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE="$build_type" -DFOSTERMATCH_WERROR=ON >/dev/null
start=$(date +%s)
cmake --build build --parallel "$(nproc)"
echo "setup: built in $(( $(date +%s) - start ))s"
