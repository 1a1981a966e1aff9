#!/usr/bin/env bash
# Install Debian's chromium for the browser tests when it is missing and we can (root + apt).
# Playwright drives this system browser: nothing is downloaded from outside the package registries.
set -u
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian chromium for the browser tests…"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
    || echo "Could not install chromium; browser tests will be skipped outside CI."
else
  echo "chromium is not installed (/usr/bin/chromium); browser tests will be skipped outside CI."
fi
exit 0
