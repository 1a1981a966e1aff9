#!/usr/bin/env bash
# axe-core (the accessibility rules engine) for the browser tests, from npm, into .tools/axe/
# (git-ignored). tests/e2e/a11y.py injects node_modules/axe-core/axe.min.js with Playwright.
# Without npm or the registry the accessibility checks are skipped outside CI (they fail under CI=true).
set -u
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DEST="$ROOT/.tools/axe"
[ -f "$DEST/node_modules/axe-core/axe.min.js" ] && exit 0
if ! command -v npm >/dev/null 2>&1; then
  echo "npm not found: the accessibility checks (axe-core) will be skipped outside CI."
  exit 0
fi
mkdir -p "$DEST"
echo "Installing axe-core for the accessibility checks…"
npm install --prefix "$DEST" --no-audit --no-fund --silent axe-core@4 >/dev/null 2>&1 \
  || echo "Could not install axe-core; the accessibility checks will be skipped outside CI."
exit 0
