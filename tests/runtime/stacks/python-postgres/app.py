"""A shop API on Python's standard library: /healthz answers while the database accepts TCP."""
import http.server
import os
import socket
import urllib.parse

DATABASE = urllib.parse.urlparse(os.environ.get("DATABASE_URL", "postgresql://db:5432/shop"))


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/healthz":
            try:
                socket.create_connection((DATABASE.hostname, DATABASE.port or 5432), 2).close()
                status, body = 200, b"ok\n"
            except OSError as error:
                status, body = 503, f"database: {error}\n".encode()
        else:
            status, body = 200, b"shop\n"
        self.send_response(status)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


http.server.ThreadingHTTPServer(("0.0.0.0", 8000), Handler).serve_forever()
