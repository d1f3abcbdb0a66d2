#!/usr/bin/env bash
# README command 2: install the test dependencies, build, and run the whole test suite.
# Tests start the servers they need themselves on free loopback ports: an HTTP server for
# feed fetching and an SMTP server (aiosmtpd, with STARTTLS, AUTH and fault injection);
# emails are checked by Python's email package and dkimpy (with PyNaCl for Ed25519); the
# sign-up flow runs in headless Chromium driven by selenium; social APIs are a local
# recording server.
set -euo pipefail
cd "$(dirname "$0")/.."
./Scripts/install-deps.sh --test
if ! python3 -c "import dkim, nacl, aiosmtpd, selenium, cryptography" 2>/dev/null; then
  python3 -m pip install -q --disable-pip-version-check dkimpy pynacl aiosmtpd selenium cryptography 2>/dev/null ||
    python3 -m pip install -q --disable-pip-version-check --break-system-packages dkimpy pynacl aiosmtpd selenium cryptography
fi
swift build --product newsletter
swift test "$@"
