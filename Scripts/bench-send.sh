#!/usr/bin/env bash
# Send benchmark: `newsletter send` of personalised digests into Postfix's smtp-sink, and in
# the same run Postfix's smtp-source sending as many messages of the same size over as many
# connections into the same sink; prints both rates and the ratio, then the peak memory of
# newsletter sending to a larger list.
#   Scripts/bench-send.sh [MESSAGES] [CONNECTIONS] [LARGE_LIST]
set -euo pipefail
cd "$(dirname "$0")/.."
messages=${1:-20000}
connections=${2:-4}
large=${3:-100000}
./Scripts/install-deps.sh
if ! command -v smtp-sink >/dev/null && [[ ! -x /usr/sbin/smtp-sink ]]; then
  echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postfix time >/dev/null
fi
export PATH=$PATH:/usr/sbin
swift build -c release --product newsletter >/dev/null
bin=$PWD/.build/release/newsletter

work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
smtp-sink -u nobody "127.0.0.1:$port" 256 >/dev/null 2>&1 &
sink=$!
trap 'kill $sink 2>/dev/null; rm -rf "$work"' EXIT
sleep 0.5

people() { # N FILE
  python3 - "$1" "$2" <<'PY'
import sys
with open(sys.argv[2], "w") as f:
    f.write("email,name\n")
    for i in range(int(sys.argv[1])):
        f.write("reader%d@example.net,Reader %d\n" % (i, i))
PY
}
people "$messages" "$work/people.csv"
export NEWSLETTER_DB="$work/n.sqlite" NEWSLETTER_SMTP_URL="smtp://127.0.0.1:$port" NEWSLETTER_SMTP_TLS=off NEWSLETTER_NOW=2026-11-27T09:00:00Z
(cd "$work" && "$bin" subscribers import people.csv --confirmed >/dev/null)
start=$(date +%s.%N)
(cd "$work" && "$bin" send --since 21d --concurrency "$connections" | tail -n 1)
end=$(date +%s.%N)
ours=$(awk -v a="$start" -v b="$end" -v n="$messages" 'BEGIN { printf "%.0f", n / (b - a) }')

# smtp-source: the same count and size, the same connections, kept open (-d).
mkdir -p "$work/preview" && (cd "$work" && "$bin" preview --since 21d --out preview >/dev/null)
size=$(wc -c <"$work/preview/digest.eml")
start=$(date +%s.%N)
smtp-source -s "$connections" -m "$messages" -l "$size" -d -f news@example.org -t reader@example.net "127.0.0.1:$port"
end=$(date +%s.%N)
theirs=$(awk -v a="$start" -v b="$end" -v n="$messages" 'BEGIN { printf "%.0f", n / (b - a) }')
echo "newsletter send: $ours messages/s ($messages personalised messages of about $size bytes, $connections connections, no DKIM)"
echo "smtp-source:     $theirs messages/s (same count, size and connections)"
awk -v a="$ours" -v b="$theirs" 'BEGIN { printf "ratio: newsletter sends at %.2fx the rate of smtp-source\n", a / b }'

if ((large > 0)); then
  people "$large" "$work/large.csv"
  export NEWSLETTER_DB="$work/large.sqlite"
  (cd "$work" && "$bin" subscribers import large.csv --confirmed >/dev/null)
  /usr/bin/time -f "%M" -o "$work/mem.txt" bash -c "cd '$work' && '$bin' send --since 21d --concurrency $connections >/dev/null"
  echo "peak memory of newsletter send to $large subscribers: $(( $(cat "$work/mem.txt") / 1024 )) MB"
fi
