#!/usr/bin/env python3
"""Writes large synthetic feeds (RSS 2.0, Atom, JSON Feed) into a folder for the benchmark."""
import json
import os
import sys
from xml.sax.saxutils import escape

out = sys.argv[1]
n = int(sys.argv[2]) if len(sys.argv) > 2 else 500
# --recent: the posts of the week before 2026-11-27 (the benchmark's NEWSLETTER_NOW), each
# dated a few hours apart, as the digest a send benchmark carries.
recent = "--recent" in sys.argv[3:]
os.makedirs(out, exist_ok=True)
body = "<p>Paragraph with <a href=\"/link/%d\">a link</a>, <em>emphasis</em> &amp; an entity &#8217;.</p>" * 6

def pub_date(i):
    if recent:
        return "%s, %02d Nov 2026 %02d:00:00 GMT" % (["Fri", "Sat", "Sun", "Mon", "Tue", "Wed", "Thu"][(26 - i // 12 - 20) % 7], 26 - i // 12, 23 - i % 12)
    return "Mon, 02 Nov 2026 10:%02d:00 GMT" % (i % 60)


rss = ['<?xml version="1.0" encoding="utf-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Bench</title><link>https://bench.example/</link>']
for i in range(n):
    rss.append("<item><title>Post %d &amp; friends</title><link>https://bench.example/p/%d</link><guid>urn:p:%d</guid>"
               "<pubDate>%s</pubDate><dc:creator>Author %d</dc:creator><category>Cat</category><category>T%d</category>"
               "<description>%s</description><content:encoded><![CDATA[%s]]></content:encoded></item>"
               % (i, i, i, pub_date(i), i % 7, i % 4, escape(body[:200]), body))
rss.append("</channel></rss>")
open(os.path.join(out, "bench.rss"), "w").write("".join(rss))

atom = ['<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Bench</title><link href="https://bench.example/"/>']
for i in range(n):
    atom.append("<entry><id>urn:e:%d</id><title type=\"html\">Entry %d &amp;amp; co</title><link href=\"/e/%d\"/>"
                "<updated>2026-11-02T10:%02d:00Z</updated><author><name>A</name></author><content type=\"html\">%s</content></entry>"
                % (i, i, i, i % 60, escape(body)))
atom.append("</feed>")
open(os.path.join(out, "bench.atom"), "w").write("".join(atom))

items = [{"id": str(i), "url": "https://bench.example/j/%d" % i, "title": "JSON %d" % i, "content_html": body,
          "date_published": "2026-11-02T10:%02d:00Z" % (i % 60), "authors": [{"name": "A"}]} for i in range(n)]
json.dump({"version": "https://jsonfeed.org/version/1.1", "title": "Bench", "items": items}, open(os.path.join(out, "bench.json"), "w"))
