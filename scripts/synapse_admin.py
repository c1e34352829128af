#!/usr/bin/env python3
"""HTTP side of scripts/synapse: free port, ready-wait, shared-secret registration, login.

Standard library only. Reads the server's port and shared secret from the files that
`scripts/synapse start` writes into its directory (port, shared_secret), so no secret is
ever passed on a command line. Results go to stdout as JSON; problems to stderr, exit 1.
"""

import argparse
import hashlib
import hmac
import json
import os
import socket
import sys
import time
import urllib.error
import urllib.request


class Failure(Exception):
    """A problem to report to the user: what went wrong and what to do."""


def read_file(directory, name):
    path = os.path.join(directory, name)
    try:
        with open(path, encoding="utf-8") as handle:
            return handle.read().strip()
    except OSError as error:
        raise Failure(f"cannot read {path} ({error.strerror}): is a Synapse started in {directory}? "
                      f"Run: scripts/synapse start {directory}")


def base_url(directory):
    return f"http://127.0.0.1:{read_file(directory, 'port')}"


def call(method, url, body=None, timeout=30):
    """One HTTP request; returns (status, decoded JSON or None). Network errors raise OSError."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method)
    if data is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            status, raw = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, raw = error.code, error.read()
    try:
        return status, json.loads(raw) if raw else None
    except ValueError:
        return status, None


def expect_ok(what, status, payload):
    if status != 200:
        detail = ""
        if isinstance(payload, dict):
            detail = f" {payload.get('errcode', '')}: {payload.get('error', '')}"
        raise Failure(f"{what} failed: HTTP {status}{detail}")
    return payload


def free_port(_args):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        print(sock.getsockname()[1])


def process_alive(pid):
    """True while `pid` runs; a zombie (exited, not yet reaped) counts as dead."""
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


def listening_inodes(port):
    """Socket inodes of the TCP listeners on `port` (IPv4 and IPv6), from /proc/net."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(table, encoding="ascii") as handle:
                rows = handle.read().splitlines()[1:]
        except OSError:
            continue
        for row in rows:
            fields = row.split()
            if fields[3] == "0A" and int(fields[1].rsplit(":", 1)[1], 16) == port:   # 0A: LISTEN
                inodes.add(fields[9])
    return inodes


def listens_on(pid, port):
    """True if process `pid` holds a listening socket on `port`."""
    inodes = listening_inodes(port)
    try:
        descriptors = os.listdir(f"/proc/{pid}/fd")
    except OSError:
        return False
    for descriptor in descriptors:
        try:
            target = os.readlink(f"/proc/{pid}/fd/{descriptor}")
        except OSError:
            continue
        if target.startswith("socket:[") and target[8:-1] in inodes:
            return True
    return False


def wait_ready(args):
    """Waits until the server answers on the port. With --pid, the answer counts only once that process
    holds the port's listener: another server already on the port answers too, and then this one cannot
    bind and exits (exit code 3, so that `scripts/synapse start` can try another port)."""
    url = f"http://127.0.0.1:{args.port}/_matrix/client/versions"
    deadline = time.monotonic() + args.timeout
    answered_by_another = False
    while time.monotonic() < deadline:
        if args.pid and not process_alive(args.pid):
            if answered_by_another:
                print(f"port {args.port} is taken by another server; Synapse (pid {args.pid}) could not listen on it",
                      file=sys.stderr)
                sys.exit(3)
            print(f"Synapse (pid {args.pid}) exited during start-up", file=sys.stderr)
            sys.exit(2)
        try:
            status, _ = call("GET", url, timeout=2)
            if status == 200:
                if not args.pid or listens_on(args.pid, args.port):
                    return
                answered_by_another = True
        except OSError:
            pass
        time.sleep(0.1)
    if answered_by_another:
        print(f"port {args.port} is answered by another server, not by Synapse (pid {args.pid})", file=sys.stderr)
        sys.exit(3)
    print(f"Synapse did not answer {url} within {args.timeout:g} s", file=sys.stderr)
    sys.exit(1)


def register(args):
    directory = args.dir
    secret = read_file(directory, "shared_secret").encode()
    url = base_url(directory) + "/_synapse/admin/v1/register"
    nonce = expect_ok("getting a registration nonce", *call("GET", url))["nonce"]
    parts = (nonce, args.name, args.password, "admin" if args.admin else "notadmin")
    mac = hmac.new(secret, b"\x00".join(part.encode() for part in parts), hashlib.sha1).hexdigest()
    body = {"nonce": nonce, "username": args.name, "password": args.password, "admin": args.admin, "mac": mac}
    reply = expect_ok(f"registering {args.name}", *call("POST", url, body))
    print(json.dumps({key: reply[key] for key in ("user_id", "access_token", "device_id") if key in reply}))


def login(args):
    body = {"type": "m.login.password",
            "identifier": {"type": "m.id.user", "user": args.name},
            "password": args.password}
    if args.device:
        body["device_id"] = args.device
    if args.refresh:
        body["refresh_token"] = True
    url = base_url(args.dir) + "/_matrix/client/v3/login"
    reply = expect_ok(f"logging in {args.name}", *call("POST", url, body))
    keys = ("user_id", "access_token", "device_id", "refresh_token", "expires_in_ms")
    print(json.dumps({key: reply[key] for key in keys if key in reply}))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("free-port", help="print a free TCP port on 127.0.0.1").set_defaults(run=free_port)
    wait = commands.add_parser("wait", help="wait until /_matrix/client/versions answers 200")
    wait.add_argument("port", type=int)
    wait.add_argument("--timeout", type=float, default=60)
    wait.add_argument("--pid", type=int, default=0, help="give up at once if this process exits")
    wait.set_defaults(run=wait_ready)
    user = commands.add_parser("register", help="create a user with the shared secret")
    user.add_argument("dir")
    user.add_argument("name")
    user.add_argument("password")
    user.add_argument("--admin", action="store_true")
    user.set_defaults(run=register)
    session = commands.add_parser("login", help="password login; prints the session as JSON")
    session.add_argument("dir")
    session.add_argument("name")
    session.add_argument("password")
    session.add_argument("--device", help="reuse this device id (rotates its token)")
    session.add_argument("--refresh", action="store_true", help="ask for a refresh token")
    session.set_defaults(run=login)
    args = parser.parse_args()
    try:
        args.run(args)
    except Failure as failure:
        print(f"synapse: {failure}", file=sys.stderr)
        sys.exit(1)
    except OSError as error:
        print(f"synapse: cannot reach the homeserver ({error}): is it running? scripts/synapse status DIR",
              file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
