#!/usr/bin/env python3
"""The echo agent: answers every message with "echo: <body>". The example agent of docs/PROTOCOL.md.

Usage: scripts/echo_agent.py SOCKET_PATH      (the daemon's socket_path; Python 3.8+, stdlib only)

It shows everything an agent has to do: connect, say hello, read frames, acknowledge what it has
handled (cumulative `ack`), answer with `send` (an idempotency `id` + `reply_to`), show `typing`, say
`done`, and after a lost connection reconnect with backoff and repeat every request that has not
come back `sent` or `failed` yet, with the same ids. The daemon turns a repeated id into the recorded
outcome, never into a second Matrix message.
"""
import json
import signal
import socket
import struct
import sys
import time

PING_AFTER_IDLE_S = 30          # no frame for this long: ping, to notice a dead daemon
pending = {}                    # id -> send/react frame without `sent`/`failed` yet (in order)


def log(text):
    print(time.strftime("%H:%M:%S"), text, flush=True)


def send(sock, obj):
    """One frame: a 4-byte big-endian length, then the JSON object in UTF-8."""
    data = json.dumps(obj, separators=(",", ":"), ensure_ascii=False).encode()
    sock.sendall(struct.pack("!I", len(data)) + data)


def read_exactly(sock, n):
    data = b""
    while len(data) < n:
        try:
            chunk = sock.recv(n - len(data))
        except socket.timeout:
            if not data:
                raise                          # idle: the caller pings
            continue                           # in the middle of a frame: keep reading
        if not chunk:
            raise ConnectionError("the daemon closed the connection")
        data += chunk
    return data


def recv(sock):
    """The next frame as a dict; raises socket.timeout when idle, ConnectionError on close."""
    (length,) = struct.unpack("!I", read_exactly(sock, 4))
    return json.loads(read_exactly(sock, length).decode())


def request(sock, frame):
    """Sends a send/react and remembers it until the daemon says `sent` or `failed`."""
    pending[frame["id"]] = frame
    send(sock, frame)


def on_message(sock, m):
    """One inbound message: typing, the reply, ack, typing off, done."""
    log(f"← {m['sender']}: {m['body']!r} (seq {m['seq']})")
    room = m["room_id"]
    send(sock, {"type": "typing", "room_id": room, "typing": True, "timeout_ms": 10000})
    # The id is derived from the event, so a message delivered again (we crashed before our ack)
    # gets the same id, and the daemon answers with the first outcome instead of sending twice.
    request(sock, {"type": "send", "id": "echo:" + m["event_id"], "room_id": room,
                   "body": "echo: " + m["body"], "format": "plain", "reply_to": m["event_id"]})
    send(sock, {"type": "ack", "seq": m["seq"]})        # cumulative; the daemon reacts 👀
    send(sock, {"type": "typing", "room_id": room, "typing": False})
    send(sock, {"type": "done", "event_id": m["event_id"]})  # ✅ and the read receipt


def session(path):
    """One connection, until it breaks. Returns normally only when superseded."""
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.connect(path)
    sock.settimeout(PING_AFTER_IDLE_S)
    try:
        send(sock, {"type": "hello", "protocol": 1, "agent": "echo-agent/1.0"})
        for frame in list(pending.values()):         # repeat what is unanswered, same ids
            send(sock, frame)
        pings = 0
        while True:
            try:
                f = recv(sock)
            except socket.timeout:
                if pings:
                    raise ConnectionError("no pong: the daemon is not answering")
                pings += 1
                send(sock, {"type": "ping", "id": f"p{pings}"})
                continue
            pings = 0
            t = f.get("type")
            if t == "message":
                on_message(sock, f)
            elif t == "welcome":
                log(f"connected as {f['user_id']} ({f['device_id']}) in {', '.join(f['rooms'])}")
            elif t == "status":
                log(f"status: {f['state']}" + (f" ({f['detail']})" if f.get("detail") else ""))
            elif t == "sent":
                pending.pop(f["id"], None)
                log(f"→ sent {f['id']} as {f['event_id']}")
            elif t == "failed":
                pending.pop(f["id"], None)               # never repeat a failed request
                log(f"→ failed {f['id']}: {f['code']} {f['message']}")
            elif t == "error":
                log(f"error {f['code']}: {f['message']}")
                if f["code"] == "superseded":
                    return                               # another agent took over: stop
            # "accepted" (durably queued) and "pong" need nothing; unknown types are ignored.
    finally:
        sock.close()


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: echo_agent.py SOCKET_PATH")
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})  # a parent may block them
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    delay = 0.5
    while True:
        started = time.monotonic()
        try:
            session(sys.argv[1])
            return
        except (OSError, ConnectionError, ValueError) as error:
            if time.monotonic() - started > 10:
                delay = 0.5                              # it was up for a while: retry soon
            log(f"disconnected ({error}); retrying in {delay:.1f} s")
            time.sleep(delay)
            delay = min(delay * 2, 10)


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        pass
