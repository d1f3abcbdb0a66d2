#!/usr/bin/env python3
"""The reference for `newsletter posts --json` in Scripts/bench.sh: feedparser reads a feed
file and prints its entries as JSON (title, link, id, date, authors, categories, summary and
content), as one whole process."""
import json
import sys
import time

import feedparser


def entry(e):
    published = e.get("published_parsed") or e.get("updated_parsed")
    return {
        "id": e.get("id"),
        "title": e.get("title"),
        "url": e.get("link"),
        "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", published) if published else None,
        "authors": [a.get("name") for a in e.get("authors", [])],
        "categories": [t.get("term") for t in e.get("tags", [])],
        "summary": e.get("summary"),
        "content": [c.get("value") for c in e.get("content", [])],
    }


def main():
    with open(sys.argv[1], "rb") as f:
        feed = feedparser.parse(f.read())
    json.dump([entry(e) for e in feed.entries], sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
