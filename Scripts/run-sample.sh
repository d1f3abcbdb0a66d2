#!/usr/bin/env bash
# README command 1: install what is missing, build, and run the main job on the embedded
# defaults: the bundled sample blog, the store in Subscribers/, the sample subscribers of
# Subscribers/example.csv, and the outbox. The digest arrives as .eml files in Outbox/new.
#
# It works on any date and when run again: the sample blog's dates move on with the clock,
# so its newest post is always within the week a first digest looks back on; a second run
# sends only what is new (often nothing) and lists the digests already in the outbox.
#
# It builds the same debug binary as the test command (./Scripts/test.sh), so running both
# builds once. NEWSLETTER_BIN=PATH runs that binary instead, without installing or
# building; NEWSLETTER_NOW=2031-06-05T09:00:00Z pretends the time is then.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ -n "${NEWSLETTER_BIN:-}" ]]; then
  bin=$NEWSLETTER_BIN
else
  ./Scripts/install-deps.sh
  swift build --product newsletter
  bin=$(swift build --product newsletter --show-bin-path)/newsletter
fi

# The embedded defaults: no settings from this shell's environment but the clock.
now=${NEWSLETTER_NOW:-}
for name in $(compgen -e); do
  if [[ $name == NEWSLETTER_* ]]; then unset "$name"; fi
done
if [[ -n $now ]]; then export NEWSLETTER_NOW=$now; fi

"$bin" subscribers import Subscribers/example.csv --confirmed
"$bin" send

shopt -s nullglob
emails=(Outbox/new/*)
if ((${#emails[@]} == 0)); then
  echo "error: Outbox/new holds no email although the store says the digest went out; remove Subscribers/newsletter.sqlite to start the sample afresh." >&2
  exit 1
fi
echo "The outbox holds ${#emails[@]} email$( ((${#emails[@]} == 1)) || echo s); the newest (open these with any mail client):"
ls -1t Outbox/new | head -n 5 | sed 's|^|  Outbox/new/|'
