"""A loopback HTTP server that answers 200 to everything and records each request.

Usage: record_requests.py PORT_FILE LOG_FILE
Writes the port it listens on (127.0.0.1, chosen by the kernel) to PORT_FILE, then appends one
JSON line per request to LOG_FILE: method, path, the Authorization and Content-Type headers,
and the body. Stops on SIGTERM.
"""
import http.server
import json
import sys


class Recorder(http.server.BaseHTTPRequestHandler):
    def handle_any(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode("utf-8") if length else ""
        with open(sys.argv[2], "a") as log:
            log.write(json.dumps({
                "method": self.command, "path": self.path,
                "authorization": self.headers.get("Authorization"),
                "contentType": self.headers.get("Content-Type"), "body": body,
            }) + "\n")
        reply = b"{}"
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)

    do_GET = do_POST = do_PATCH = do_PUT = do_DELETE = handle_any

    def log_message(self, *args):
        pass


server = http.server.HTTPServer(("127.0.0.1", 0), Recorder)
with open(sys.argv[1], "w") as handle:
    handle.write(str(server.server_address[1]))
server.serve_forever()
