#!/usr/bin/env bash
# Several send workers on one PostgreSQL store: the digest to MESSAGES subscribers into
# Postfix's smtp-sink with 1, 2 and 3 workers (each `newsletter send` process with
# CONNECTIONS connections), and the same send on SQLite (one process), ROUNDS rounds
# interleaved; prints each run and the medians.
#   Scripts/bench-workers.sh [MESSAGES] [CONNECTIONS] [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
messages=${1:-20000}
connections=${2:-4}
rounds=${3:-3}
./Scripts/install-deps.sh
dpkg-query -W -f='${Status}' postgresql 2>/dev/null | grep -q "install ok installed" || {
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
}
if ! command -v smtp-sink >/dev/null && [[ ! -x /usr/sbin/smtp-sink ]]; then
  echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postfix >/dev/null
fi
export PATH=$PATH:/usr/sbin
bin=${NEWSLETTER_BIN:-}
if [[ -z "$bin" ]]; then
  swift build -c release --product newsletter >/dev/null
  bin=$PWD/.build/release/newsletter
fi

work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
smtp-sink -u nobody "127.0.0.1:$port" 512 >/dev/null 2>&1 &
sink=$!
python3 Tests/PythonHelpers/postgres_server.py >"$work/pg.txt" 2>/dev/null &
pg=$!
trap 'kill $sink $pg 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 100); do grep -q READY "$work/pg.txt" 2>/dev/null && break; sleep 0.2; done
pgport=$(awk '/^PORT/{print $2}' "$work/pg.txt")
pgsock=$(awk '/^SOCKET/{print $2}' "$work/pg.txt")
pgpass=$(awk '/^PASSWORD/{print $2}' "$work/pg.txt")
pgbin=$(awk '/^BIN/{print $2}' "$work/pg.txt")
export NEWSLETTER_DB_PASSWORD=$pgpass

python3 - "$messages" "$work/people.csv" <<'PY'
import sys
with open(sys.argv[2], "w") as f:
    f.write("email,name\n")
    for i in range(int(sys.argv[1])):
        f.write("reader%d@example.net,Reader %d\n" % (i, i))
PY
export NEWSLETTER_SMTP_URL="smtp://127.0.0.1:$port" NEWSLETTER_SMTP_TLS=off NEWSLETTER_NOW=2026-11-27T09:00:00Z NEWSLETTER_SECRET=bench-secret-0123456789abcdef0123456789 \
  NEWSLETTER_FROM="Bench <news@bench.example>" NEWSLETTER_BASE_URL=https://news.bench.example

run() { # LABEL WORKERS DB → prints messages/s
  local label=$1 workers=$2 db=$3 dir
  dir=$(mktemp -d -p "$work")
  (cd "$dir" && NEWSLETTER_DB=$db "$bin" subscribers import "$work/people.csv" --confirmed >/dev/null)
  local start end
  start=$(date +%s.%N)
  for w in $(seq "$workers"); do
    (cd "$dir" && NEWSLETTER_DB=$db "$bin" send --since 21d --concurrency "$connections" >"$dir/w$w.txt" 2>&1) &
  done
  wait
  end=$(date +%s.%N)
  awk -v a="$start" -v b="$end" -v n="$messages" -v l="$label" 'BEGIN { printf "%s %.0f\n", l, n / (b - a) }'
}

results=$work/results.txt
: >"$results"
for round in $(seq "$rounds"); do
  for workers in 1 2 3; do
    db_name="bench_${round}_${workers}"
    "$pgbin/psql" -h "$pgsock" -p "$pgport" -U newsletter -d postgres -qc "CREATE DATABASE $db_name" >/dev/null
    run "postgres-$workers" "$workers" "postgres://newsletter@127.0.0.1:$pgport/$db_name?sslmode=disable" | tee -a "$results"
  done
  run "sqlite-1" 1 "$work/sqlite-$round.sqlite" | tee -a "$results"
done
echo "medians over $rounds rounds ($messages messages, $connections connections per worker), messages/s:"
for label in postgres-1 postgres-2 postgres-3 sqlite-1; do
  awk -v l="$label" '$1 == l { print $2 }' "$results" | sort -n | awk -v l="$label" '{ v[NR] = $1 } END { printf "  %-11s %s\n", l, v[int((NR + 1) / 2)] }'
done
