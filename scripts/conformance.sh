#!/usr/bin/env bash
# Runs the MCP conformance scenarios server-initialize, ping, tools-list and
# dns-rebinding-protection against `kling-mcp --http --sandbox`.
#
# The conformance suite needs Node >= 22: it runs through npx with the registry's `node@22`
# package, so the project itself stays on Node 20. Needs network access to the npm registry
# the first time (npx caches both packages).
#
#   bash scripts/conformance.sh            # or: npm run test:conformance
#   PORT=4000 bash scripts/conformance.sh
set -euo pipefail
cd "$(dirname "$0")/.."

CONFORMANCE_VERSION="${CONFORMANCE_VERSION:-0.1.16}"
PORT="${PORT:-39170}"
SCENARIOS=(server-initialize ping tools-list dns-rebinding-protection)

npx tsx -e "import('./scripts/ensure-build.ts').then((m) => m.ensureBuilt('dist/mcp/main.js', console.log))"

log="$(mktemp)"
node dist/mcp/main.js --http --sandbox --port "$PORT" 2>"$log" &
server=$!
trap 'kill "$server" 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 1 100); do
  grep -q 'listening on' "$log" && break
  kill -0 "$server" 2>/dev/null || { cat "$log" >&2; exit 1; }
  sleep 0.1
done
grep -q 'listening on' "$log" || { echo 'kling-mcp did not start' >&2; cat "$log" >&2; exit 1; }

failed=()
for scenario in "${SCENARIOS[@]}"; do
  echo "== $scenario"
  if ! npx -y -p node@22 -p "@modelcontextprotocol/conformance@${CONFORMANCE_VERSION}" -c \
    "conformance server --url http://127.0.0.1:${PORT}/mcp --scenario ${scenario}" 2> >(grep -v -e 'npm warn' -e EBADENGINE >&2); then
    failed+=("$scenario")
  fi
done

if [ "${#failed[@]}" -gt 0 ]; then
  echo "conformance: FAILED ${failed[*]}" >&2
  exit 1
fi
echo "conformance: all ${#SCENARIOS[@]} scenarios passed"
