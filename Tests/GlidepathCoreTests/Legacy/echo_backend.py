"""The legacy backend for the bridge test: a loopback HTTP server that answers every request
with a JSON line of what it received (method, path, Host header), and logs the same line.

Usage: echo_backend.py PORT_FILE LOG_FILE
"""
import http.server
import json
import sys


class Echo(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def handle_any(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode("utf-8") if length else ""
        seen = {"method": self.command, "path": self.path, "host": self.headers.get("Host"), "body": body,
                "forwardedFor": self.headers.get("X-Forwarded-For")}
        line = json.dumps(seen).encode()
        with open(sys.argv[2], "a") as log:
            log.write(line.decode() + "\n")
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(line)))
        self.end_headers()
        self.wfile.write(line)

    do_GET = do_POST = do_PUT = do_DELETE = handle_any

    def log_message(self, *args):
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Echo)
with open(sys.argv[1], "w") as handle:
    handle.write(str(server.server_address[1]))
server.serve_forever()
