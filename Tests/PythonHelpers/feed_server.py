#!/usr/bin/env python3
"""A local HTTP server for the fetch tests: conditional GET, redirects, gzip, big and slow bodies.

Prints "PORT <n>" on its first line, then serves on 127.0.0.1 until killed.
"""
import gzip
import http.server
import json
import socketserver
import sys
import threading
import time

FEED = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Local blog</title><link>/</link>
<item><title>First post</title><link>posts/first.html</link><guid>urn:first</guid>
<pubDate>Mon, 02 Nov 2026 10:00:00 GMT</pubDate><description>Hello &amp; welcome</description></item>
</channel></rss>
"""
ETAG = '"feed-v1"'
LAST_MODIFIED = "Mon, 02 Nov 2026 10:00:00 GMT"
counts = {"200": 0, "304": 0}
seen_headers = []
lock = threading.Lock()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send_body(self, status, body, content_type="application/rss+xml; charset=utf-8", extra=()):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in extra:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        path = self.path.split("?")[0]
        with lock:
            seen_headers.append({"path": path, "headers": dict(self.headers)})
        if path == "/feed.xml":
            if self.headers.get("If-None-Match") == ETAG or self.headers.get("If-Modified-Since") == LAST_MODIFIED:
                with lock:
                    counts["304"] += 1
                self.send_response(304)
                self.send_header("ETag", ETAG)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            with lock:
                counts["200"] += 1
            self.send_body(200, FEED, extra=[("ETag", ETAG), ("Last-Modified", LAST_MODIFIED)])
        elif path.startswith("/redirect/"):
            n = int(path.rsplit("/", 1)[1])
            target = "/feed.xml" if n <= 0 else "/redirect/%d" % (n - 1)
            self.send_response(302)
            self.send_header("Location", target)
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif path == "/gzip.xml":
            body = gzip.compress(FEED)
            self.send_body(200, body, extra=[("Content-Encoding", "gzip")])
        elif path == "/big-declared":
            size = 25 * 1024 * 1024
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Content-Length", str(size))
            self.end_headers()
            self.stream(size)
        elif path == "/big-chunked":
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            chunk = b"<!-- padding -->" * 4096
            try:
                for _ in range(500):
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                self.wfile.write(b"0\r\n\r\n")
            except (BrokenPipeError, ConnectionResetError):
                pass
        elif path == "/slow":
            time.sleep(30)
            self.send_body(200, FEED)
        elif path == "/latin1.xml":
            body = '<rss><channel><title>Caf\u00e9</title></channel></rss>'.encode("latin-1")
            self.send_body(200, body, content_type="text/xml; charset=ISO-8859-1")
        elif path == "/not-a-feed":
            self.send_body(200, b"<!DOCTYPE html><html><body>Not here</body></html>", content_type="text/html")
        elif path == "/stats":
            with lock:
                body = json.dumps({"counts": counts, "requests": seen_headers}).encode()
            self.send_body(200, body, content_type="application/json")
        elif path.startswith("/status/"):
            self.send_body(int(path.rsplit("/", 1)[1]), b"status")
        else:
            self.send_body(404, b"not found", content_type="text/plain")

    def stream(self, size):
        chunk = b"x" * 65536
        sent = 0
        try:
            while sent < size:
                self.wfile.write(chunk)
                sent += len(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True


def main():
    server = Server(("127.0.0.1", 0), Handler)
    print("PORT %d" % server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
