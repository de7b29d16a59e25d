#!/usr/bin/env bash
# The whole test suite on a fresh machine: installs what it needs (apt, npm, code-server), builds, then runs
#   1. unit and end-to-end tests of the core, the worker and the CLI (Node's test runner),
#   2. the webview player in headless Chromium,
#   3. the extension inside a real VS Code (code-server + Chromium),
#   4. packaging: platform VSIX files, and a smoke test of the installed linux-x64 VSIX.
# Prints each stage's result and a closing line `N passed, N failed`; exits non-zero if anything failed.
set -uo pipefail
cd "$(dirname "$0")/.."
export ONNXRUNTIME_NODE_INSTALL=skip
export CI="${CI:-}"
t0=$(date +%s)
stamp() { echo "[test-all +$(( $(date +%s) - t0 ))s] $*"; }

# --- set-up (idempotent) ---
need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v pulseaudio >/dev/null 2>&1 || need_apt+=(pulseaudio pulseaudio-utils)
command -v aplay >/dev/null 2>&1 || need_apt+=(alsa-utils)
dpkg -s libasound2-dev >/dev/null 2>&1 || need_apt+=(libasound2-dev)
dpkg -s libasound2-plugins >/dev/null 2>&1 || need_apt+=(libasound2-plugins)   # ALSA → PulseAudio: the native output's tests
dpkg -s libkrb5-dev >/dev/null 2>&1 || need_apt+=(libkrb5-dev)
dpkg -s fonts-ipafont-gothic >/dev/null 2>&1 || need_apt+=(fonts-ipafont-gothic)   # Japanese text in screenshots
if [ ${#need_apt[@]} -gt 0 ]; then
  stamp "apt-get install ${need_apt[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get -o DPkg::Lock::Timeout=300 update -qq || true
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get -o DPkg::Lock::Timeout=300 install -y -qq "${need_apt[@]}" >/dev/null || { echo "apt-get install failed"; echo "0 passed, 1 failed"; exit 1; }
fi
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  stamp "npm ci"
  npm ci --no-audit --no-fund >/dev/null 2>&1 || npm ci --no-audit --no-fund || { echo "npm ci failed"; echo "0 passed, 1 failed"; exit 1; }
fi
stamp "build"
npm run --silent build || { echo "build failed"; echo "0 passed, 1 failed"; exit 1; }
npx tsc -p . --noEmit && npx tsc -p src/webview --noEmit || { echo "typecheck failed"; echo "0 passed, 1 failed"; exit 1; }

total_pass=0; total_fail=0; summary=()
run_stage() { # name, command...
  local name="$1"; shift
  stamp "stage: $name"
  local log; log=$(mktemp)
  local s0; s0=$(date +%s)
  "$@" 2>&1 | tee "$log"
  local rc=${PIPESTATUS[0]}
  local line; line=$(grep -E '^([A-Za-z-]+: )?[0-9]+ passed, [0-9]+ failed' "$log" | tail -1)
  local p f
  p=$(echo "$line" | sed -E 's/.*\b([0-9]+) passed.*/\1/'); f=$(echo "$line" | sed -E 's/.*passed, ([0-9]+) failed.*/\1/')
  [ -n "$line" ] || { p=0; f=1; }
  [ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && f=1
  total_pass=$((total_pass + p)); total_fail=$((total_fail + f))
  summary+=("$name: $p passed, $f failed ($(( $(date +%s) - s0 )) s)")
  rm -f "$log"
}

bash scripts/start-pulse.sh >/dev/null 2>&1 || true
run_stage unit node scripts/run-unit-tests.js
[ -f test/webview/run.js ] && run_stage webview node test/webview/run.js
if [ -f scripts/setup-code-server.sh ] && [ -f test/vscode/runOffline.js ]; then
  stamp "setup code-server"
  if bash scripts/setup-code-server.sh; then
    run_stage vscode node test/vscode/runOffline.js
    run_stage vscode-untrusted node test/vscode/runOffline.js --untrusted
    [ -f scripts/package.js ] && run_stage package node scripts/package.js --smoke
  else
    summary+=("vscode: setup failed"); total_fail=$((total_fail + 1))
  fi
fi

echo
for s in "${summary[@]}"; do echo "  $s"; done
stamp "done"
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]
