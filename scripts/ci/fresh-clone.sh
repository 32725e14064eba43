#!/usr/bin/env bash
# The README's first command on a fresh machine, as CI can show it: a second clean clone where
# keytar's native build cannot succeed (no libsecret headers: pkg-config finds nothing) still installs,
# and `npm start` without Electron's binary fails with the one clear message and a non-zero exit.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
git clone -q "$repo" "$work/clone"
cd "$work/clone"

echo "npm ci with keytar unbuildable (PKG_CONFIG_LIBDIR points nowhere)"
PKG_CONFIG_LIBDIR="$work/no-pkgconfig" npm ci --no-audit --no-fund --loglevel=error >"$work/install.log" 2>&1 || {
  cat "$work/install.log"
  echo "FAIL: npm ci failed although keytar is optional"
  exit 1
}
if node -e "import('keytar').then(() => process.exit(0), () => process.exit(1))"; then
  echo "FAIL: keytar loaded, so this did not show an install without it"
  exit 1
fi
echo "ok: installed without keytar"

echo "npm start without Electron's binary"
set +e
npm start >"$work/start.log" 2>&1
status=$?
set -e
cat "$work/start.log"
if [ "$status" -eq 0 ]; then echo "FAIL: npm start exited 0 without Electron's binary"; exit 1; fi
grep -q 'npm run harness' "$work/start.log" || { echo "FAIL: the message does not name npm run harness"; exit 1; }
grep -q '无法准备 Electron 运行时' "$work/start.log" || { echo "FAIL: no Chinese message"; exit 1; }
echo "ok: npm start says what to do (exit $status)"
