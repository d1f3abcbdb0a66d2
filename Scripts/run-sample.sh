#!/usr/bin/env bash
# README command 1: install what is missing, build, and run the main job on the embedded
# defaults: the bundled sample blog, the store in Subscribers/, the sample subscribers of
# Subscribers/example.csv, and the outbox. The digest arrives as .eml files in Outbox/new.
set -euo pipefail
cd "$(dirname "$0")/.."
./Scripts/install-deps.sh
swift build -c release --product newsletter
bin=./.build/release/newsletter
"$bin" subscribers import Subscribers/example.csv --confirmed
"$bin" send
echo "The outbox (open these with any mail client):"
ls -1 Outbox/new | tail -n 5 | sed 's|^|  Outbox/new/|'
