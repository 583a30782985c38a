#!/usr/bin/env bash
# Makes sure the programs some tests run are installed.
# Usage: ensure-debian-packages.sh "<who needs them>" <probe>=<package>[,<package>...] ...
#   <probe> is a command looked up on the PATH, or an absolute path that must be executable; the packages are
#   Debian's names for what provides it.
# Installs the packages of every missing probe with apt-get when this user may (root, or sudo without a
# password); otherwise stops with one line saying what to install. Shared by the gateway's snippet tests and
# the browser tests, so both install (and refuse) the same way.
set -euo pipefail
who="$1"; shift
missing=()
for spec in "$@"; do
  probe="${spec%%=*}"
  packages="${spec#*=}"
  if [[ "$probe" == /* ]]; then
    [ -x "$probe" ] && continue
  else
    command -v "$probe" >/dev/null 2>&1 && continue
  fi
  IFS=, read -r -a names <<< "$packages"
  missing+=("${names[@]}")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if command -v apt-get >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ]; then
    sudo=()
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo=(sudo)
  else
    echo "$who need: apt-get install -y ${missing[*]} (run it as root, or give this user sudo)." >&2
    exit 1
  fi
  echo "Installing for $who: ${missing[*]}"
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
  exit 0
fi
echo "$who need ${missing[*]}: install them with your package manager." >&2
exit 1
