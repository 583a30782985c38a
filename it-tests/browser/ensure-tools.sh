#!/usr/bin/env bash
# Makes sure the browser tests have what they need: Debian's Chromium (/usr/bin/chromium), node and npm.
# Installs what is missing with apt-get when this user may (root, or sudo without a password); otherwise
# stops with one line saying what to install. Run by `./mvnw verify` before the browser tests.
set -euo pipefail
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium chromium-driver)
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
[ ${#missing[@]} -eq 0 ] && exit 0
if command -v apt-get >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ]; then
    sudo=()
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo=(sudo)
  else
    echo "The browser tests need: apt-get install -y ${missing[*]} (run it as root, or give this user sudo)." >&2
    exit 1
  fi
  echo "Installing for the browser tests: ${missing[*]}"
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
  exit 0
fi
echo "The browser tests need Chromium at /usr/bin/chromium, node and npm: install ${missing[*]} with your package manager." >&2
exit 1
