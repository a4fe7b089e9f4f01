"""The staging copy for the rehearsal tests: a loopback HTTP server that counts every request
and answers as its mode says: healthy (at once), slow (after 300 ms), failing (every tenth
request a 500).

Usage: staging_server.py MODE PORT_FILE COUNT_FILE
Writes the port it listens on to PORT_FILE, then keeps the number of requests it saw in
COUNT_FILE. Stops on SIGKILL.
"""
import http.server
import sys
import threading
import time

mode = sys.argv[1]
count = [0]
lock = threading.Lock()


class Staging(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def handle_any(self):
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        with lock:
            count[0] += 1
            seen = count[0]
        if mode == "slow":
            time.sleep(0.3)
        status = 500 if mode == "failing" and seen % 10 == 0 else 200
        body = b'{"ok": true}'
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = handle_any

    def log_message(self, *args):
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Staging)
server.daemon_threads = True
with open(sys.argv[2], "w") as handle:
    handle.write(str(server.server_address[1]))
threading.Thread(target=server.serve_forever, daemon=True).start()
while True:
    time.sleep(0.1)
    with lock:
        seen = count[0]
    with open(sys.argv[3] + ".tmp", "w") as handle:
        handle.write(str(seen))
    import os
    os.replace(sys.argv[3] + ".tmp", sys.argv[3])
