#!/usr/bin/env bash
# Links the debug executable again with the Swift runtime inside it (--static-swift-stdlib,
# as the Debian package ships it) into OUT (default .build/static/newsletter), from the
# objects `swift build` already made: seconds, not a second build. Should SwiftPM's plan
# change shape, it falls back to a build of its own in .build/static-build.
#   Scripts/link-static.sh [OUT]
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(realpath -m "${1:-.build/static/newsletter}")
mkdir -p "$(dirname "$out")"
if python3 - "$out" <<'PY'; then exit 0; fi
import json, re, subprocess, sys
out = sys.argv[1]
lines = open(".build/debug.yaml").read().split("\n")
args = None
for i, line in enumerate(lines):
    if re.match(r'\s*"C\.newsletter-[^"]*-debug\.exe":', line):
        found = next(json.loads(l.split("args:", 1)[1]) for l in lines[i:i + 12] if l.strip().startswith("args:"))
        # The shipped executable's link, not newsletter-bench's.
        if found[found.index("-module-name") + 1] == "newsletter":
            args = found
            break
if args is None:
    sys.exit(1)
args[args.index("-o") + 1] = out
# The static runtime, and Foundation's own static libraries in one group (they refer to each other).
args += ["-static-stdlib", "-Xlinker", "--start-group", "-lFoundation", "-lFoundationInternationalization", "-lFoundationEssentials",
         "-lCoreFoundation", "-l_FoundationICU", "-l_FoundationCShims", "-l_FoundationCollections", "-lswiftSynchronization",
         "-Xlinker", "--end-group"]
linked = subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
if linked.returncode != 0:
    print("link-static.sh: relinking failed; building instead:\n" + linked.stderr[-2000:], file=sys.stderr)
    sys.exit(1)
check = subprocess.run(["ldd", out], capture_output=True, text=True).stdout
sys.exit(1 if "libswiftCore" in check else 0)
PY
swift build --product newsletter --static-swift-stdlib --scratch-path .build/static-build >&2
cp .build/static-build/debug/newsletter "$out"
