#!/usr/bin/env bash
# Cost of each personalised, signed digest message (render once, then personalise + MIME +
# DKIM per subscriber), without DKIM, with RSA-2048 and with Ed25519.
#   Scripts/bench-compose.sh [SUBSCRIBERS]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10000}
./Scripts/install-deps.sh
swift build -c release --product newsletter-bench >/dev/null
for mode in none ed25519 rsa; do
  ./.build/release/newsletter-bench compose --subscribers "$n" --dkim "$mode"
done
