#!/usr/bin/env bash
# Installs the Debian packages newsletter needs to build (and, with --test, to run its tests).
# Only what is missing is installed, so a second run costs nothing.
set -euo pipefail

packages=(libcurl4-openssl-dev libssl-dev libsqlite3-dev libcmark-dev pkg-config)
if [[ "${1:-}" == "--test" ]]; then
  packages+=(python3 python3-cryptography openssl chromium chromium-driver dovecot-imapd dovecot-pop3d libsisimai-perl nsd publicsuffix postgresql spamassassin zbar-tools
    lintian fakeroot dpkg-dev binutils systemd adduser sqlite3)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ((${#missing[@]})); then
  sudo=""
  [[ $(id -u) -ne 0 ]] && sudo="sudo"
  echo "Installing: ${missing[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
