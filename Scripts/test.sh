#!/usr/bin/env bash
# README command 2: install the test dependencies, build, and run the whole test suite.
# Tests start the servers they need themselves on free loopback ports: an HTTP server for
# feed fetching and an SMTP server (aiosmtpd, with STARTTLS, AUTH and fault injection);
# emails are checked by Python's email package and dkimpy (with PyNaCl for Ed25519); the
# sign-up flow runs in headless Chromium driven by selenium, where axe-core also checks every
# email and page for accessibility; social APIs are a local recording server.
set -euo pipefail
cd "$(dirname "$0")/.."
./Scripts/install-deps.sh --test
if ! python3 -c "import dkim, nacl, aiosmtpd, selenium, cryptography, pyotp" 2>/dev/null; then
  python3 -m pip install -q --disable-pip-version-check dkimpy pynacl aiosmtpd selenium cryptography pyotp 2>/dev/null ||
    python3 -m pip install -q --disable-pip-version-check --break-system-packages dkimpy pynacl aiosmtpd selenium cryptography pyotp
fi
# axe-core 4.10 for the accessibility tests, as PyPI's axe-selenium-python 3.0 bundles it. That
# release asks for Python 3.12 but its one module is plain Python 3 (it reads axe.min.js and
# hands it to selenium), so it is installed without that check and without its pytest plugin.
if ! python3 -c "import axe_selenium_python" 2>/dev/null; then
  python3 -m pip install -q --disable-pip-version-check --no-deps --ignore-requires-python axe-selenium-python==3.0.0 2>/dev/null ||
    python3 -m pip install -q --disable-pip-version-check --break-system-packages --no-deps --ignore-requires-python axe-selenium-python==3.0.0
fi
swift build --build-tests
# The executable as the Debian package ships it, with the Swift runtime linked in, for
# PackageTests (which builds, installs, uses and purges that package): the debug objects
# linked again, in seconds (Scripts/link-static.sh).
./Scripts/link-static.sh .build/static/newsletter
NEWSLETTER_PACKAGE_BINARY=$PWD/.build/static/newsletter swift test --skip-build "$@"
