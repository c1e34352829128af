#!/usr/bin/env python3
"""Megolm peer for prx-matrix's interop tests and benchmarks: vodozemac and libolm (python-olm).

One JSON object per line on stdin, one reply per line on stdout; a reply with "error" is a failure.
Every request names its backend ("vodozemac" or "olm"); sessions live in a table by handle.

Requests (cmd):
  outbound_new                              -> handle, session_id, session_key, index
  session_key       handle                  -> session_key, index      (outbound, current index)
  encrypt           handle, plaintext       -> ciphertext, index       (outbound; plaintext is UTF-8 text)
  inbound_new       session_key             -> handle, session_id, first_known_index
  inbound_import    export                  -> handle, session_id, first_known_index
  decrypt           handle, ciphertext      -> plaintext, index
  export            handle, index           -> export
  bench             op, iterations[, size]  -> ops, seconds, ops_per_sec
Benchmarks are in BENCHES (name -> function(backend, iterations, size) -> seconds); add more there.
"""
import json
import sys
import time

import olm
import vodozemac

sessions = {}


def new_handle(obj):
    handle = f"s{len(sessions) + 1}"
    sessions[handle] = obj
    return handle


class Vodozemac:
    @staticmethod
    def outbound():
        return vodozemac.GroupSession()

    @staticmethod
    def session_key(out):
        return out.session_key.to_base64()

    @staticmethod
    def encrypt(out, text):
        return out.encrypt(text.encode()).to_base64()

    @staticmethod
    def inbound(key):
        return vodozemac.InboundGroupSession(vodozemac.SessionKey(key))

    @staticmethod
    def import_export(key):
        return vodozemac.InboundGroupSession.import_session(vodozemac.ExportedSessionKey(key))

    @staticmethod
    def decrypt(inb, ciphertext):
        d = inb.decrypt(vodozemac.MegolmMessage.from_base64(ciphertext))
        return bytes(d.plaintext).decode(), d.message_index

    @staticmethod
    def export(inb, index):
        return inb.export_at(index).to_base64()


class Olm:
    @staticmethod
    def outbound():
        return olm.OutboundGroupSession()

    @staticmethod
    def session_key(out):
        return out.session_key

    @staticmethod
    def encrypt(out, text):
        return out.encrypt(text)

    @staticmethod
    def inbound(key):
        return olm.InboundGroupSession(key)

    @staticmethod
    def import_export(key):
        return olm.InboundGroupSession.import_session(key)

    @staticmethod
    def decrypt(inb, ciphertext):
        return inb.decrypt(ciphertext)

    @staticmethod
    def export(inb, index):
        return inb.export_session(index)


BACKENDS = {"vodozemac": Vodozemac, "olm": Olm}


def message_index(obj):
    return obj.message_index


def first_known_index(obj):
    return obj.first_known_index


def session_id(obj):
    return obj.session_id if hasattr(obj, "session_id") else obj.id


def bench_megolm_encrypt(b, iterations, size):
    out = b.outbound()
    text = "a" * size
    start = time.perf_counter()
    for _ in range(iterations):
        b.encrypt(out, text)
    return time.perf_counter() - start


def bench_megolm_decrypt(b, iterations, size):
    """The same message decrypted repeatedly, exactly as prx-matrix-bench megolm-decrypt-1k does."""
    out = b.outbound()
    inb = b.inbound(b.session_key(out))
    message = b.encrypt(out, "a" * size)
    start = time.perf_counter()
    for _ in range(iterations):
        b.decrypt(inb, message)
    return time.perf_counter() - start


BENCHES = {"megolm_encrypt": bench_megolm_encrypt, "megolm_decrypt": bench_megolm_decrypt}


def handle(req):
    cmd = req["cmd"]
    b = BACKENDS[req.get("backend", "vodozemac")]
    if cmd == "outbound_new":
        out = b.outbound()
        return {"handle": new_handle(out), "session_id": session_id(out),
                "session_key": b.session_key(out), "index": message_index(out)}
    if cmd == "session_key":
        out = sessions[req["handle"]]
        return {"session_key": b.session_key(out), "index": message_index(out)}
    if cmd == "encrypt":
        out = sessions[req["handle"]]
        index = message_index(out)
        return {"ciphertext": b.encrypt(out, req["plaintext"]), "index": index}
    if cmd in ("inbound_new", "inbound_import"):
        inb = b.inbound(req["session_key"]) if cmd == "inbound_new" else b.import_export(req["export"])
        return {"handle": new_handle(inb), "session_id": session_id(inb),
                "first_known_index": first_known_index(inb)}
    if cmd == "decrypt":
        text, index = b.decrypt(sessions[req["handle"]], req["ciphertext"])
        return {"plaintext": text, "index": index}
    if cmd == "export":
        return {"export": b.export(sessions[req["handle"]], req["index"])}
    if cmd == "bench":
        iterations = int(req["iterations"])
        seconds = BENCHES[req["op"]](b, iterations, int(req.get("size", 1024)))
        return {"ops": iterations, "seconds": seconds, "ops_per_sec": iterations / seconds}
    return {"error": f"unknown cmd {cmd!r}"}


def main():
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            reply = handle(json.loads(line))
        except Exception as e:  # every failure becomes a reply the Swift side throws on
            reply = {"error": f"{type(e).__name__}: {e}"}
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
