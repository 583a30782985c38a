#!/usr/bin/env bash
# Makes sure the browser tests have what they need: Debian's Chromium (/usr/bin/chromium), node and npm,
# installed with apt-get when missing and allowed, otherwise one line saying what to install. Run by
# `./mvnw verify` before the browser tests.
set -euo pipefail
exec bash "$(dirname "${BASH_SOURCE[0]}")/../../tools/ensure-debian-packages.sh" "The browser tests" \
  /usr/bin/chromium=chromium,chromium-driver node=nodejs npm=npm
