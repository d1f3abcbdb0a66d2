#!/usr/bin/env bash
# The benchmark: newsletter against a reference tool doing the same work on this machine,
# as whole processes, each pair interleaved (ours, theirs, ours, theirs, ...), printing every
# run, the medians and the ratio.
#
#   send     `newsletter send` of MESSAGES personalised copies of a full digest over 4
#            connections, against Postfix's `smtp-source -s 4 -d` sending as many messages
#            of the same size into the same `smtp-sink`: without DKIM, with RSA-2048 and
#            with Ed25519 signing.
#   memory   peak memory of a send to 100,000 and to 1,000,000 subscribers.
#   posts    `newsletter posts --json` of a 5,000-item RSS feed against Python's feedparser
#            parsing the same file and printing its entries as JSON.
#   import   `newsletter subscribers import` of 1,000,000 rows against the sqlite3 shell's
#            `.import` of the same CSV into a table with a UNIQUE COLLATE NOCASE address.
#
#   console  the console's pages on a store of BENCH_ROWS subscribers: the overview, a search
#            by address and by name, a filtered list and a person's page (median and worst of
#            20 requests each, signed in as a console user; the aim is under 100 ms).
#
#   topics   the same send to BENCH_TOPIC_LIST (1,000,000) subscribers following 10 different
#            choices of 4 topics, against the send without topics, interleaved: throughput and
#            peak memory of both.
#   Scripts/bench.sh [send] [memory] [posts] [import] [console] [topics]   (all six when none is named)
#
# Sizes are environment variables: BENCH_ROUNDS (3), BENCH_MESSAGES (20000),
# BENCH_CONNECTIONS (4), BENCH_LISTS ("100000 1000000"), BENCH_ITEMS (5000),
# BENCH_ROWS (1000000). NEWSLETTER_BIN uses a binary already built; otherwise the release
# build the Debian package ships (the Swift runtime linked in, in .build/static).
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${BENCH_ROUNDS:-3}
messages=${BENCH_MESSAGES:-20000}
connections=${BENCH_CONNECTIONS:-4}
lists=${BENCH_LISTS:-100000 1000000}
items=${BENCH_ITEMS:-5000}
rows=${BENCH_ROWS:-1000000}
parts=("$@")
((${#parts[@]})) || parts=(send memory posts import console topics)
for part in "${parts[@]}"; do
  case $part in send | memory | posts | import | console | topics) ;; *) echo "bench.sh: unknown part '$part' (send, memory, posts, import, console or topics)" >&2; exit 2 ;; esac
done
wants() { [[ " ${parts[*]} " == *" $1 "* ]]; }

# What the references need: Postfix's smtp-sink and smtp-source, the sqlite3 shell, GNU time,
# feedparser.
./Scripts/install-deps.sh
missing=()
command -v sqlite3 >/dev/null || missing+=(sqlite3)
[[ -x /usr/bin/time ]] || missing+=(time)
if ! command -v smtp-sink >/dev/null && [[ ! -x /usr/sbin/smtp-sink ]]; then
  echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
  missing+=(postfix)
fi
if ((${#missing[@]})); then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
python3 -c "import feedparser" 2>/dev/null || python3 -m pip install -q --break-system-packages feedparser
python3 -c "import pyotp" 2>/dev/null || python3 -m pip install -q --break-system-packages pyotp
export PATH=$PATH:/usr/sbin
bin=${NEWSLETTER_BIN:-}
if [[ -z "$bin" ]]; then
  # The executable as the Debian package ships it (Scripts/package-deb.sh builds it the same
  # way, in the same folder): the Swift runtime and Foundation linked in.
  swift build -c release --static-swift-stdlib --product newsletter --scratch-path .build/static >/dev/null
  bin=$PWD/.build/static/release/newsletter
fi

work=$(mktemp -d)
sink=""
trap '[[ -n $sink ]] && kill $sink 2>/dev/null; rm -rf "$work"' EXIT
echo "machine: $(nproc) cores, $(uname -sr); $rounds interleaved rounds per pair"
echo "binary: $bin ($(ldd "$bin" | grep -q libswiftCore && echo "Swift runtime shared" || echo "Swift runtime linked in"))"

# timed LABEL COMMAND...: runs COMMAND in $run, appends "seconds peak_kb" to $work/LABEL.
timed() {
  local label=$1
  shift
  local t0 t1
  t0=$(date +%s.%N)
  /usr/bin/time -f "%M" -o "$work/peak.txt" "$@" >"$work/out.txt" 2>"$work/err.txt" || {
    echo "bench.sh: $label failed:" >&2
    cat "$work/err.txt" >&2
    exit 1
  }
  t1=$(date +%s.%N)
  echo "$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }') $(cat "$work/peak.txt")" >>"$work/$label"
}
median() { sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
col() { awk -v c="$2" '{ print $c }' "$work/$1"; }
runs() { col "$1" 1 | tr '\n' ' '; }
# pair LABEL_OURS LABEL_THEIRS UNITS_PER_RUN WHAT: prints both medians and the ratio of rates.
pair() {
  local ours theirs
  ours=$(col "$1" 1 | median)
  theirs=$(col "$2" 1 | median)
  printf '  %-22s %s s (median %s s)\n' "$1:" "$(runs "$1")" "$ours"
  printf '  %-22s %s s (median %s s)\n' "$2:" "$(runs "$2")" "$theirs"
  awk -v a="$ours" -v b="$theirs" -v n="$3" -v what="$4" 'BEGIN {
    if (n > 0) printf "  %.0f vs %.0f %s/s: newsletter at %.2fx the reference'"'"'s rate (%.2fx its time)\n", n / a, n / b, what, b / a, a / b
    else printf "  newsletter is %.1fx faster than the reference\n", b / a }'
}

people() { # N FILE
  python3 - "$1" "$2" <<'PY'
import sys
with open(sys.argv[2], "w") as f:
    f.write("email,name\n")
    for i in range(int(sys.argv[1])):
        f.write("reader%d@example.net,Reader %d\n" % (i, i))
PY
}

if wants send || wants memory || wants topics; then
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  smtp-sink -u nobody "127.0.0.1:$port" 256 >/dev/null 2>&1 &
  sink=$!
  sleep 0.5
  # A week of a busy blog: fourteen posts with full content; the digest carries ten of them.
  python3 Scripts/make_bench_feeds.py "$work/digest" 14 --recent >/dev/null
  export NEWSLETTER_FEED="$work/digest/bench.rss" NEWSLETTER_SMTP_URL="smtp://127.0.0.1:$port" NEWSLETTER_SMTP_TLS=off
  export NEWSLETTER_NOW=2026-11-27T09:00:00Z NEWSLETTER_FROM="Bench <news@bench.example>" NEWSLETTER_POSTAL_ADDRESS="1 Bench Street, Portland"
  export NEWSLETTER_BASE_URL=https://bench.example
  # base LIST N: a store with N confirmed subscribers, copied afresh for every run.
  base() {
    mkdir -p "$work/$1"
    people "$2" "$work/$1/people.csv"
    (cd "$work/$1" && NEWSLETTER_DB="$work/$1/n.sqlite" "$bin" subscribers import people.csv --confirmed >/dev/null)
  }
  # fresh LIST: a run folder holding a copy of LIST's store, printed.
  fresh() {
    rm -rf "$work/run" && mkdir -p "$work/run"
    cp "$work/$1/n.sqlite" "$work/run/n.sqlite"
    cp "$work/$1/secret.key" "$work/run/" 2>/dev/null || true
    echo "$work/run/n.sqlite"
  }
  send_once() { # LIST LABEL [ENV...]
    local db
    db=$(fresh "$1")
    timed "$2" env NEWSLETTER_DB="$db" "${@:3}" "$bin" send --since 7d --concurrency "$connections"
  }
fi

if wants send; then
  base list "$messages"
  mkdir -p "$work/keys"
  (cd "$work/keys" && NEWSLETTER_DB="$work/keys/n.sqlite" "$bin" dkim generate --selector rsa >/dev/null &&
    NEWSLETTER_DB="$work/keys/n.sqlite" "$bin" dkim generate --algorithm ed25519 --selector ed >/dev/null)
  rsa=$work/keys/dkim-rsa.pem ed=$work/keys/dkim-ed.pem
  # The size of a copy as it goes out: one sent into a Maildir.
  mkdir -p "$work/one" && printf 'email,name\nreader1@example.net,Reader 1\n' >"$work/one/people.csv"
  (cd "$work/one" && export NEWSLETTER_DB="$work/one/n.sqlite" && "$bin" subscribers import people.csv --confirmed >/dev/null &&
    NEWSLETTER_SMTP_URL="" NEWSLETTER_OUTBOX="$work/one/box" "$bin" send --since 7d >/dev/null)
  size=$(cat "$work"/one/box/new/* | wc -c)
  echo
  echo "send: $messages personalised copies of a $size-byte digest over $connections connections into smtp-sink"
  for ((r = 0; r < rounds; r++)); do
    send_once list "newsletter" 
    timed "smtp-source" smtp-source -s "$connections" -m "$messages" -l "$size" -d -f news@bench.example -t reader@example.net "127.0.0.1:$port"
    send_once list "newsletter+rsa" NEWSLETTER_DKIM_DOMAIN=bench.example NEWSLETTER_DKIM_SELECTOR=rsa NEWSLETTER_DKIM_KEY="$rsa"
    send_once list "newsletter+ed25519" NEWSLETTER_DKIM_DOMAIN=bench.example NEWSLETTER_DKIM_SELECTOR=ed NEWSLETTER_DKIM_KEY="$ed"
  done
  echo " without DKIM:"
  pair newsletter smtp-source "$messages" messages
  echo " with RSA-2048 DKIM:"
  pair newsletter+rsa smtp-source "$messages" messages
  echo " with Ed25519 DKIM:"
  pair newsletter+ed25519 smtp-source "$messages" messages
fi

if wants memory; then
  echo
  echo "memory: peak resident memory of a send (no DKIM) by list size"
  for n in $lists; do
    base "list$n" "$n"
    send_once "list$n" "memory$n"
    read -r s kb <"$work/memory$n"
    awk -v n="$n" -v s="$s" -v kb="$kb" 'BEGIN { printf "  %8d subscribers: %.1f MB peak, %.1f s (%.0f messages/s)\n", n, kb / 1024, s, n / s }'
  done
fi

if wants topics; then
  n=${BENCH_TOPIC_LIST:-1000000}
  mkdir -p "$work/topiclist"
  # Four topics, one per category the bench feed's posts carry (T0…T3), and ten choices of them.
  for t in 0 1 2 3; do printf '[topic.t%d]\ntitle = "Topic %d"\ncategories = ["T%d"]\n\n' "$t" "$t" "$t"; done >"$work/topics.toml"
  python3 - "$n" "$work/topiclist/people.csv" <<'PY'
import sys
choices = ["t0", "t1", "t2", "t3", "t0;t1", "t0;t2", "t0;t3", "t1;t2", "t1;t3", "t2;t3"]
with open(sys.argv[2], "w") as f:
    f.write("email,name,topics\n")
    for i in range(int(sys.argv[1])):
        f.write("reader%d@example.net,Reader %d,%s\n" % (i, i, choices[i % len(choices)]))
PY
  (cd "$work/topiclist" && NEWSLETTER_CONFIG="$work/topics.toml" NEWSLETTER_DB="$work/topiclist/n.sqlite" "$bin" subscribers import people.csv --confirmed >/dev/null)
  echo
  echo "topics: a digest to $n subscribers over 10 choices of 4 topics, against the same send without topics"
  for ((r = 0; r < rounds; r++)); do
    send_once topiclist "plain"
    send_once topiclist "topics" NEWSLETTER_CONFIG="$work/topics.toml"
  done
  awk -v n="$n" -v a="$(col plain 1 | median)" -v b="$(col topics 1 | median)" -v ma="$(col plain 2 | median)" -v mb="$(col topics 2 | median)" \
    'BEGIN { printf "  without topics: %.1f s (%.0f messages/s), %.1f MB peak\n  with topics:    %.1f s (%.0f messages/s), %.1f MB peak\n  throughput with topics: %.0f%% of without\n", a, n / a, ma / 1024, b, n / b, mb / 1024, 100 * a / b }'
fi

if wants posts; then
  python3 Scripts/make_bench_feeds.py "$work/feeds" "$items" >/dev/null
  feed="$work/feeds/bench.rss"
  echo
  echo "posts: a $items-item RSS feed of $(wc -c <"$feed") bytes, printed as JSON (whole processes)"
  for ((r = 0; r < rounds; r++)); do
    timed "posts" env NEWSLETTER_DB="$work/feeds/n.sqlite" "$bin" posts --feed "$feed" --json
    timed "feedparser" python3 Scripts/feedparser_posts.py "$feed"
  done
  pair posts feedparser 0 ""
  awk -v a="$(col posts 2 | median)" -v b="$(col feedparser 2 | median)" 'BEGIN { printf "  peak memory: %.1f MB vs %.1f MB\n", a / 1024, b / 1024 }'
fi

if wants import; then
  python3 - "$work/people.csv" "$rows" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("email,name,city\n")
    for i in range(int(sys.argv[2])):
        f.write("person%d@example%d.com,Person %d,City %d\n" % (i, i % 97, i, i % 500))
PY
  echo
  echo "import: $rows rows ($(du -h "$work/people.csv" | cut -f1)) into a fresh store"
  for ((r = 0; r < rounds; r++)); do
    rm -rf "$work/imp" && mkdir -p "$work/imp"
    timed "import" env NEWSLETTER_DB="$work/imp/n.sqlite" "$bin" subscribers import "$work/people.csv" --confirmed
    timed "sqlite3-.import" sqlite3 "$work/imp/plain.sqlite" \
      "CREATE TABLE people (email TEXT NOT NULL UNIQUE COLLATE NOCASE, name TEXT, city TEXT);" \
      ".import --csv --skip 1 $work/people.csv people"
  done
  pair import sqlite3-.import "$rows" rows
  awk -v a="$(col import 2 | median)" -v b="$(col sqlite3-.import 2 | median)" 'BEGIN { printf "  peak memory: %.1f MB vs %.1f MB\n", a / 1024, b / 1024 }'
fi

if wants console; then
  echo
  echo "console: $rows subscribers"
  python3 - "$work/console.csv" "$rows" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("email,name\n")
    for i in range(int(sys.argv[2])):
        f.write("person%d@example%d.com,Person %d\n" % (i, i % 97, i))
PY
  mkdir -p "$work/console"
  export NEWSLETTER_DB="$work/console/n.sqlite" NEWSLETTER_SECRET=bench-console-secret-0123456789abcdef
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  export NEWSLETTER_BASE_URL="http://127.0.0.1:$port"
  "$bin" subscribers import "$work/console.csv" --confirmed >/dev/null
  link=$("$bin" admin add bench@clinic.example --role owner | tail -1)
  (cd "$work/console" && exec "$bin" serve --port "$port" >/dev/null 2>"$work/console/serve.log") &
  server=$!
  for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$port/healthz" && break; sleep 0.1; done
  python3 Scripts/bench_console.py "http://127.0.0.1:$port" "$link" 20
  kill $server
  unset NEWSLETTER_DB NEWSLETTER_SECRET NEWSLETTER_BASE_URL
fi
