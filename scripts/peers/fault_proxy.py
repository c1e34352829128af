#!/usr/bin/env python3
"""A fault-injecting HTTP proxy in front of a real homeserver, for faults Synapse cannot produce on demand.

    fault_proxy.py UPSTREAM            (e.g. http://127.0.0.1:8008)

Listens on a free port of 127.0.0.1 and forwards every request to UPSTREAM unchanged, except those
matching a rule, which get a canned error answer instead (the request never reaches the homeserver).
Driven like the other peers (TestSupport.PythonPeer): one JSON object per line on stdin, one reply line:

    {"op": "port"}                                          -> {"port": N}
    {"op": "fail", "method": "GET", "path": REGEX, "times": N, "status": 502, "body": {...}}
                                                            -> {"ok": true}   (matched against the path
                                                               without the query; the next N matching
                                                               requests fail)
    {"op": "failed"}                                        -> {"failed": [["GET", "/path"], ...]}

Stdlib only. Not a homeserver: everything it does not fail is the real Synapse's answer.
"""
import http.client
import http.server
import json
import re
import sys
import threading
import urllib.parse

UPSTREAM = urllib.parse.urlsplit(sys.argv[1])
rules, failed, lock = [], [], threading.Lock()
local = threading.local()


def upstream():
    if getattr(local, "conn", None) is None:
        local.conn = http.client.HTTPConnection(UPSTREAM.hostname, UPSTREAM.port, timeout=120)
    return local.conn


class Proxy(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def handle_any(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        path = urllib.parse.urlsplit(self.path).path
        with lock:
            rule = next((r for r in rules if r["times"] > 0 and r["method"] == self.command
                         and re.fullmatch(r["path"], path)), None)
            if rule is not None:
                rule["times"] -= 1
                failed.append([self.command, path])
        if rule is not None:
            return self.answer(rule["status"], json.dumps(rule["body"]).encode(), {"Content-Type": "application/json"})
        headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "connection", "content-length")}
        for attempt in range(2):
            try:
                conn = upstream()
                conn.request(self.command, self.path, body if body or self.command != "GET" else None, headers)
                reply = conn.getresponse()
                data = reply.read()
                break
            except (OSError, http.client.HTTPException):
                local.conn = None
                if attempt == 1:
                    return self.answer(502, b'{"errcode":"M_UNKNOWN","error":"fault_proxy: upstream unreachable"}',
                                       {"Content-Type": "application/json"})
        self.answer(reply.status, data, {k: v for k, v in reply.getheaders()
                                         if k.lower() not in ("connection", "content-length", "transfer-encoding")})

    def answer(self, status, data, headers):
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = do_PUT = do_DELETE = handle_any


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Proxy)
server.daemon_threads = True
threading.Thread(target=server.serve_forever, daemon=True).start()

for line in sys.stdin:
    request = json.loads(line)
    op = request.get("op")
    if op == "port":
        reply = {"port": server.server_address[1]}
    elif op == "fail":
        with lock:
            rules.append({"method": request["method"], "path": request["path"], "times": int(request.get("times", 1)),
                          "status": int(request.get("status", 502)),
                          "body": request.get("body", {"errcode": "M_UNKNOWN", "error": "fault_proxy: injected"})})
        reply = {"ok": True}
    elif op == "failed":
        with lock:
            reply = {"failed": list(failed)}
    else:
        reply = {"error": f"unknown op {op!r}"}
    print(json.dumps(reply), flush=True)
