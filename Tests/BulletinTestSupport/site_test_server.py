#!/usr/bin/env python3
"""A small web site for the preflight tests: serves the files of a folder over HTTP/1.1 on 127.0.0.1.

Usage: site_test_server.py FOLDER. Prints "READY PORT", then serves until its stdin closes. A missing file
answers 404; a path under /gone/ answers 410; a path under /no-head/ answers HEAD with 405 and GET with the file
named by the rest of the path. Every request is appended to FOLDER/requests.log as "METHOD PATH".
"""
import http.server
import os
import sys
import threading

folder = sys.argv[1]


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def answer(self, with_body):
        with open(os.path.join(folder, "requests.log"), "a") as log:
            log.write(f"{self.command} {self.path}\n")
        path = self.path.split("?")[0]
        if path.startswith("/gone/"):
            self.send_error(410)
            return
        if path.startswith("/no-head/"):
            if not with_body:
                self.send_error(405)
                return
            path = path[len("/no-head"):]
        file = os.path.join(folder, path.lstrip("/"))
        if not os.path.isfile(file):
            self.send_error(404)
            return
        with open(file, "rb") as f:
            body = f.read()
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml" if file.endswith(".xml") else "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if with_body:
            self.wfile.write(body)

    def do_GET(self):
        self.answer(True)

    def do_HEAD(self):
        self.answer(False)


def exit_when_parent_goes():
    # The test keeps our stdin open; when it ends (or dies), stdin closes and so do we.
    sys.stdin.read()
    os._exit(0)


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
threading.Thread(target=exit_when_parent_goes, daemon=True).start()
print(f"READY {server.server_address[1]}", flush=True)
server.serve_forever()
