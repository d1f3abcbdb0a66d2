#!/usr/bin/env bash
# Feed-parsing benchmark: newsletter against Python's feedparser on the same files, in the
# same run, interleaved; prints each median and the ratio.
#   Scripts/bench-feeds.sh [REPEAT] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
repeat=${1:-5}
runs=${2:-3}

./Scripts/install-deps.sh --test
python3 -c "import feedparser" 2>/dev/null || python3 -m pip install -q feedparser
swift build -c release --product newsletter-bench >/dev/null

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 Scripts/make_bench_feeds.py "$work" 500
files=("$work"/bench.rss "$work"/bench.atom "$work"/bench.json)
corpus=../shared/corpus
if [[ -d $corpus ]]; then
  while IFS= read -r f; do files+=("$f"); done < <(find "$corpus/feeds/netnewswire" "$corpus/feeds/rss-parser/input" "$corpus/wordpress" "$corpus/static-site" -type f | sort)
fi
echo "feed set: ${#files[@]} files, $(cat "${files[@]}" | wc -c) bytes, parsed $repeat times per run, $runs interleaved runs"

secs() { sed -n 's/.*seconds=\([0-9.]*\).*/\1/p'; }
ours=(); theirs=()
for ((i = 0; i < runs; i++)); do
  ours+=("$(./.build/release/newsletter-bench parse --repeat "$repeat" "${files[@]}" | secs)")
  theirs+=("$(python3 Scripts/bench_feedparser.py "$repeat" "${files[@]}" | secs)")
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
m_ours=$(median "${ours[@]}"); m_theirs=$(median "${theirs[@]}")
echo "newsletter: ${ours[*]} s (median $m_ours s)"
echo "feedparser: ${theirs[*]} s (median $m_theirs s)"
awk -v a="$m_theirs" -v b="$m_ours" 'BEGIN { printf "newsletter is %.1fx faster than feedparser\n", a / b }'
