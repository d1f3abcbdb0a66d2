#!/usr/bin/env bash
# Inbox benchmark: `newsletter inbox parse` of a Maildir of N messages (the bounce corpus
# of ../shared/corpus/bounces, repeated) against Sisimai (libsisimai-perl) reading the same
# folder, interleaved, 3 rounds, medians, with the peak memory of both.
#   Scripts/bench-inbox.sh [MESSAGES] [BINARY]
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-10000}
corpus=${NEWSLETTER_CORPUS:-../shared/corpus}/bounces/maildir
[[ -d "$corpus" ]] || { echo "The bounce corpus $corpus is not here." >&2; exit 1; }
if [[ -n "${2:-}" ]]; then
  bin=$2
else
  swift build -c release --product newsletter >/dev/null
  bin=$PWD/.build/release/newsletter
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/box/new" "$work/box/cur" "$work/box/tmp"
files=("$corpus"/*.eml)
for ((i = 0; i < count; i++)); do
  cp "${files[i % ${#files[@]}]}" "$work/box/new/$((1796000000 + i)).M$i.bench"
done
echo "Maildir: $count messages, $(du -sh "$work/box" | cut -f1)"
measure() { # prints "seconds peak_kb"
  /usr/bin/time -f "%e %M" -o "$work/time.txt" "$@" >/dev/null 2>"$work/err.txt" || { cat "$work/err.txt" >&2; exit 1; }
  cat "$work/time.txt"
}
export NEWSLETTER_DB="$work/db.sqlite" NEWSLETTER_SECRET=bench-secret-0123456789abcdef0123456789
ours=() theirs=()
for round in 1 2 3; do
  read -r s kb < <(measure "$bin" inbox parse "$work/box" --json)
  ours+=("$s $kb")
  if perl -MSisimai -e 1 2>/dev/null; then
    read -r s2 kb2 < <(measure perl -MSisimai -e 'my $v = Sisimai->make($ARGV[0]); print scalar(@$v), "\n"' "$work/box/new")
    theirs+=("$s2 $kb2")
  fi
  echo "round $round: newsletter ${ours[-1]% *} s (${ours[-1]#* } KB)${theirs:+, Sisimai ${theirs[-1]% *} s (${theirs[-1]#* } KB)}"
done
median() { printf '%s\n' "$@" | awk '{print $1}' | sort -n | sed -n 2p; }
m=$(median "${ours[@]}")
echo "newsletter inbox parse: median $m s, $(awk -v n="$count" -v s="$m" 'BEGIN { printf "%.0f", n / s }') messages/s"
if ((${#theirs[@]})); then
  t=$(median "${theirs[@]}")
  echo "Sisimai: median $t s; ratio (Sisimai time / ours) $(awk -v a="$t" -v b="$m" 'BEGIN { printf "%.2f", a / b }')x"
fi
