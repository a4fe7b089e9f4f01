"""A loopback HTTP server that answers 200 to everything and records each request.

Usage: record_requests.py PORT_FILE LOG_FILE
Writes the port it listens on (127.0.0.1, chosen by the kernel) to PORT_FILE, then appends one
JSON line per request to LOG_FILE: method, path, the Authorization and Content-Type headers,
and the body. Stops on SIGTERM.

Paths ending in /strategies (and /strategies/ID) keep the strategies of Unleash's Admin API in
memory, as Unleash does: POST adds one with a new id and returns it, GET lists them, PUT
replaces the one named (404 for an unknown id). GET /state returns them all.
"""
import http.server
import json
import sys

STRATEGIES = {}


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
        status, reply = 200, b"{}"
        path = self.path.rstrip("/")
        if path == "/state":
            reply = json.dumps(STRATEGIES).encode()
        elif path.endswith("/strategies"):
            listed = STRATEGIES.setdefault(path, [])
            if self.command == "POST":
                strategy = dict(json.loads(body), id="strategy-%d" % (sum(map(len, STRATEGIES.values())) + 1))
                listed.append(strategy)
                reply = json.dumps(strategy).encode()
            elif self.command == "GET":
                reply = json.dumps(listed).encode()
            elif self.command == "PUT":
                status = 405
        elif "/strategies/" in path:
            owner, _, ident = path.rpartition("/")
            listed = STRATEGIES.get(owner, [])
            index = next((i for i, s in enumerate(listed) if s["id"] == ident), None)
            if index is None:
                status = 404
            elif self.command == "PUT":
                listed[index] = dict(json.loads(body), id=ident)
                reply = json.dumps(listed[index]).encode()
        self.send_response(status)
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
