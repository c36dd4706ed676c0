#!/usr/bin/env bash
# The layers may include only what is below them (README "Architecture"). Fails naming every
# include that reaches across: a route that includes storage, a use case that includes HTTP…
set -euo pipefail
cd "$(dirname "$0")/.."

# folder: the service folders it may include
declare -A allowed=(
  [matching]=""
  [service/model]=""
  [service/http]=""
  [service/storage]="model"
  [service/usecases]="model storage"
  [service/api]="model usecases http"
  [service/reports]="model usecases"
  [service/pages]="model usecases http reports"
  [service/front_door]="usecases http api pages"
  [service/cli]="model usecases http api reports pages front_door storage"
)

status=0
for dir in "${!allowed[@]}"; do
  [ -d "$dir" ] || continue
  while IFS= read -r line; do
    file=${line%%:*}
    target=$(sed -E 's/.*#include "([^"]+)".*/\1/' <<<"$line")
    case "$target" in
      matching/*)
        # The engine is pure: it includes only itself.
        continue ;;
      service/errors.h) continue ;;
      service/*)
        layer=$(cut -d/ -f2 <<<"$target")
        [ "service/$layer" = "$dir" ] && continue
        if [[ " ${allowed[$dir]} " == *" $layer "* ]]; then continue; fi
        echo "layering: $file includes $target ($dir may include: ${allowed[$dir]:-nothing of service/})"
        status=1 ;;
      *)
        if [ "$dir" = matching ]; then
          echo "layering: $file includes $target (matching/ includes only matching/)"
          status=1
        fi ;;
    esac
  done < <(grep -rn --include='*.h' --include='*.cpp' '#include "' "$dir" | sed -E 's/^([^:]+):[0-9]+:/\1:/')
done
# The engine knows no database, network, clock or JSON.
if grep -rnE '#include <(soci|boost|sqlite3|libpq|chrono|ctime|spdlog)' matching/; then
  echo "layering: matching/ must stay pure (no database, network, clock, JSON or logging)"
  status=1
fi
# CLI11 only in the executable.
if grep -rln 'CLI/CLI.hpp' service | grep -v '^service/cli/\|^service/main.cpp'; then
  echo "layering: CLI11 belongs to the executable (service/main.cpp, service/cli/)"
  status=1
fi
[ $status = 0 ] && echo "layering: every include respects the layers"
exit $status
