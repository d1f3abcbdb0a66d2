#!/usr/bin/env python3
"""A local stand-in for the social networks' APIs: records every request and answers with
scripted replies (the networks' documented success and error bodies live in the tests).

Prints "PORT <n>" on its first line, then serves on 127.0.0.1 until killed.
  POST /__script   JSON [{"method", "path", "responses": [{"status", "headers", "body"}]}]:
                   replies for a route, used in order, the last one repeated. In header values
                   "{epoch+N}" becomes the Unix time N seconds from now.
  GET  /__requests JSON list of {"method", "path", "headers", "body"} received so far.
  POST /__reset    forget scripts and requests.
"""
import http.server
import json
import socketserver
import sys
import threading
import time

lock = threading.Lock()
scripts = {}
requests = []


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def reply(self, status, headers, body):
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.send_response(status)
        for name, value in headers.items():
            if isinstance(value, str) and value.startswith("{epoch+") and value.endswith("}"):
                value = str(int(time.time()) + int(value[7:-1]))
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def handle_any(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        path = self.path.split("?", 1)[0]
        if path == "/__script":
            with lock:
                for rule in json.loads(body):
                    scripts[(rule["method"], rule["path"])] = list(rule["responses"])
            return self.reply(204, {}, b"")
        if path == "/__requests":
            with lock:
                return self.reply(200, {"Content-Type": "application/json"}, json.dumps(requests))
        if path == "/__reset":
            with lock:
                scripts.clear()
                requests.clear()
            return self.reply(204, {}, b"")
        with lock:
            requests.append({"method": self.command, "path": self.path, "headers": {k: v for k, v in self.headers.items()},
                             "body": body.decode("utf-8", "replace")})
            queue = scripts.get((self.command, path))
            if not queue:
                response = {"status": 404, "headers": {"Content-Type": "application/json"}, "body": json.dumps({"error": "no script for " + path})}
            elif len(queue) > 1:
                response = queue.pop(0)
            else:
                response = queue[0]
        headers = {"Content-Type": "application/json"}
        headers.update(response.get("headers", {}))
        self.reply(response.get("status", 200), headers, response.get("body", ""))

    do_GET = do_POST = do_PUT = do_DELETE = handle_any


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True


server = Server(("127.0.0.1", 0), Handler)
print("PORT %d" % server.server_address[1], flush=True)
sys.stdout.close()
server.serve_forever()
