"""Answers /healthz with what its one dependency says."""
import http.server

import greeting


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200 if self.path in ("/", "/healthz") else 404)
        self.end_headers()
        self.wfile.write(greeting.hello().encode())

    def log_message(self, *args):
        pass


http.server.ThreadingHTTPServer(("0.0.0.0", 8080), Handler).serve_forever()
