#!/usr/bin/env python3
"""A small HTTP server for the feed-fetch tests: serves files from a folder with ETag and Last-Modified,
answers conditional GETs with 304, compresses with gzip when asked, and has a few special paths.

Usage: feed_server.py FOLDER. Prints the port it listens on (127.0.0.1, chosen by the system), then serves
until killed. Every request is appended to FOLDER/requests.log as "METHOD PATH If-None-Match User-Agent".
"""
import gzip
import hashlib
import http.server
import os
import sys
import threading
import time
from email.utils import formatdate

folder = sys.argv[1]


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_GET(self):
        with open(os.path.join(folder, "requests.log"), "a") as log:
            log.write(f"GET {self.path} {self.headers.get('If-None-Match', '-')} {self.headers.get('User-Agent')}\n")
        if self.path.startswith("/redirect/"):
            hops = int(self.path.split("/")[2])
            self.send_response(302)
            self.send_header("Location", "/feed.xml" if hops <= 1 else f"/redirect/{hops - 1}")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if self.path == "/slow":
            time.sleep(5)
        if self.path == "/error":
            self.send_error(503)
            return
        path = os.path.join(folder, self.path.lstrip("/"))
        if not os.path.isfile(path):
            self.send_error(404)
            return
        with open(path, "rb") as f:
            body = f.read()
        etag = '"' + hashlib.sha1(body).hexdigest() + '"'
        modified = formatdate(os.path.getmtime(path), usegmt=True)
        if self.headers.get("If-None-Match") == etag or (
            "If-None-Match" not in self.headers and self.headers.get("If-Modified-Since") == modified
        ):
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.send_header("ETag", etag)
        self.send_header("Last-Modified", modified)
        if "gzip" in self.headers.get("Accept-Encoding", ""):
            body = gzip.compress(body)
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def exit_when_parent_goes():
    # The test keeps our stdin open; when it ends (or dies), stdin closes and so do we. SIGTERM may be blocked
    # in processes started by Foundation's Process, so this is the reliable way out.
    sys.stdin.read()
    os._exit(0)


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
threading.Thread(target=exit_when_parent_goes, daemon=True).start()
print(server.server_address[1], flush=True)
server.serve_forever()
