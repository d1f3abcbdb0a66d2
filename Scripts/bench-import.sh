#!/usr/bin/env bash
# Import benchmark: `newsletter subscribers import` against the sqlite3 shell's `.import` of
# the same CSV into a plain table, in the same run, with the peak memory of both.
#   Scripts/bench-import.sh [ROWS]
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-1000000}
./Scripts/install-deps.sh
missing=()
command -v sqlite3 >/dev/null || missing+=(sqlite3)
[[ -x /usr/bin/time ]] || missing+=(time)
if ((${#missing[@]})); then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
swift build -c release --product newsletter >/dev/null
bin=$PWD/.build/release/newsletter

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$work/people.csv" "$rows" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("email,name,city\n")
    for i in range(int(sys.argv[2])):
        f.write("person%d@example%d.com,Person %d,City %d\n" % (i, i % 97, i, i % 500))
PY
echo "CSV: $rows rows, $(du -h "$work/people.csv" | cut -f1)"

measure() { # prints "seconds peak_kb"
  /usr/bin/time -f "%e %M" -o "$work/time.txt" "$@" >/dev/null 2>"$work/err.txt" || { cat "$work/err.txt" >&2; exit 1; }
  cat "$work/time.txt"
}
read -r s_ours m_ours < <(cd "$work" && NEWSLETTER_DB="$work/newsletter.sqlite" measure "$bin" subscribers import people.csv --confirmed)
read -r s_ref m_ref < <(cd "$work" && measure sqlite3 "$work/plain.sqlite" -cmd ".mode csv" ".import people.csv people")
echo "newsletter import: ${s_ours} s, peak ${m_ours} KB (subscribers + consent log + unique index)"
echo "sqlite3 .import:   ${s_ref} s, peak ${m_ref} KB (one plain table)"
awk -v a="$s_ours" -v b="$s_ref" 'BEGIN { printf "ratio: newsletter takes %.2fx the time of sqlite3 .import\n", a / b }'
