#!/usr/bin/python3
"""A fake prometheus: answers /-/healthy and /-/ready on 9090; stops on SIGTERM."""
import http.server, signal, sys

signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"Prometheus Server is Healthy.\n")

    def log_message(self, *args):
        pass


http.server.ThreadingHTTPServer(("0.0.0.0", 9090), Handler).serve_forever()
