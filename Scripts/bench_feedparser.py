#!/usr/bin/env python3
"""Parses the given feed files REPEAT times with feedparser and prints the time, in the
same format as `newsletter bench-parse`."""
import sys
import time

import feedparser


def main():
    repeat = int(sys.argv[1])
    files = sys.argv[2:]
    documents = [open(f, "rb").read() for f in files]
    posts = 0
    start = time.perf_counter()
    for _ in range(repeat):
        for data in documents:
            posts += len(feedparser.parse(data).entries)
    seconds = time.perf_counter() - start
    print("documents=%d posts=%d failures=0 seconds=%.4f" % (len(documents) * repeat, posts, seconds))


if __name__ == "__main__":
    main()
