#!/usr/bin/env bash
# README command 1: install what is missing, build, and run the main job on the embedded
# defaults (the bundled sample blog feed).
set -euo pipefail
cd "$(dirname "$0")/.."
./Scripts/install-deps.sh
swift build -c release --product newsletter
./.build/release/newsletter posts
