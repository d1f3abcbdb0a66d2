#!/usr/bin/env bash
# The wrapper cron calls: runs `newsletter ARGS…` from the installation folder with its
# environment file, one at a time per command, appending to a dated log file. Quiet on
# success; on failure it prints the log's tail, so cron's mail to MAILTO says what broke.
set -uo pipefail
home=$(cd "$(dirname "$0")/.." && pwd)
cd "$home" || exit 1
if [[ -f "$home/newsletter.env" ]]; then
  set -a
  # shellcheck disable=SC1091
  . "$home/newsletter.env"
  set +a
fi
bin=${NEWSLETTER_BIN:-$home/.build/release/newsletter}
mkdir -p "$home/logs"
log="$home/logs/newsletter-$(date -u +%Y-%m).log"
name=$(printf '%s' "${1:-run}" | tr -c 'a-z' '-')
exec 9>"$home/logs/.$name.lock"
if ! flock -n 9; then
  echo "$(date -u +%FT%TZ) $* skipped: the previous run is still going" >>"$log"
  exit 0
fi
status=0
{
  echo "$(date -u +%FT%TZ) newsletter $*"
  "$bin" "$@" || status=$?
  echo "$(date -u +%FT%TZ) exit $status"
} >>"$log" 2>&1
if ((status != 0)); then
  echo "newsletter $* failed with exit status $status; the end of $log:"
  tail -n 20 "$log"
fi
exit $status
