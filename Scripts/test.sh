#!/usr/bin/env bash
# README command 2: install the test dependencies, build, and run the whole test suite.
# Tests start the servers they need (a local HTTP server for feed fetching) themselves.
set -euo pipefail
cd "$(dirname "$0")/.."
./Scripts/install-deps.sh --test
swift build --product newsletter
swift test "$@"
