#!/usr/bin/env bash
# Makes sure the webhook verification snippets in docs/webhook-verification can run (VerificationSnippetsTest runs
# each on a delivery the gateway signed): node, python3, go and php. Installs what is missing with apt-get when
# this user may (root, or sudo without a password); otherwise stops with one line saying what to install.
# Run by `./mvnw verify` (and `test`) before the gateway's tests.
set -euo pipefail
missing=()
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v python3 >/dev/null 2>&1 || missing+=(python3)
command -v go >/dev/null 2>&1 || missing+=(golang-go)
command -v php >/dev/null 2>&1 || missing+=(php-cli)
[ ${#missing[@]} -eq 0 ] && exit 0
if command -v apt-get >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ]; then
    sudo=()
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo=(sudo)
  else
    echo "The webhook snippet tests need: apt-get install -y ${missing[*]} (run it as root, or give this user sudo)." >&2
    exit 1
  fi
  echo "Installing for the webhook snippet tests: ${missing[*]}"
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  exit 0
fi
echo "The webhook snippet tests need node, python3, go and php: install ${missing[*]} with your package manager." >&2
exit 1
