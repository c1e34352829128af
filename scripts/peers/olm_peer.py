#!/usr/bin/env python3
"""Olm peer for the Swift interop tests: JSON lines on stdin/stdout, backends vodozemac and python-olm.

Each request is one JSON object with "op" and, where a new object is made, "backend" ("vodozemac" or
"olm"); each reply is one JSON object, {"error": "..."} on failure. Accounts and sessions live in
tables and are referred to by integer handles. Message bodies are unpadded base64, as in Matrix.
scripts/bench-crypto sends {"cmd": "bench", "backend": B, "op": "olm_session" | "olm_roundtrip",
"iterations": N} and gets {"ops", "seconds", "ops_per_sec"}, as from megolm_peer.py.
"""
import base64
import json
import sys
import time

import olm
import vodozemac

accounts = {}
sessions = {}


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode().rstrip("=")


def unb64(text: str) -> bytes:
    return base64.b64decode(text + "=" * (-len(text) % 4))


def canonical(obj) -> bytes:
    """Canonical JSON as Matrix clients compute it (sorted keys, compact, UTF-8)."""
    obj = {k: v for k, v in obj.items() if k not in ("signatures", "unsigned")}
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


class VodozemacAccount:
    def __init__(self):
        self.inner = vodozemac.Account()

    def identity_keys(self):
        return self.inner.curve25519_key.to_base64(), self.inner.ed25519_key.to_base64()

    def generate_one_time_keys(self, count):
        self.inner.generate_one_time_keys(count)
        return {k: v.to_base64() for k, v in self.inner.one_time_keys.items()}

    def generate_fallback_key(self):
        self.inner.generate_fallback_key()
        return {k: v.to_base64() for k, v in self.inner.fallback_key.items()}

    def mark_published(self):
        self.inner.mark_keys_as_published()

    def sign(self, message: bytes) -> str:
        return self.inner.sign(message).to_base64()

    def outbound(self, identity_key, one_time_key):
        return VodozemacSession(self.inner.create_outbound_session(
            vodozemac.Curve25519PublicKey.from_base64(identity_key),
            vodozemac.Curve25519PublicKey.from_base64(one_time_key)))

    def inbound(self, identity_key, body):
        message = vodozemac.PreKeyMessage.from_base64(body)
        session, plaintext = self.inner.create_inbound_session(
            vodozemac.Curve25519PublicKey.from_base64(identity_key), message)
        return VodozemacSession(session), plaintext


class VodozemacSession:
    def __init__(self, inner):
        self.inner = inner

    def session_id(self):
        return self.inner.session_id

    def encrypt(self, plaintext: bytes):
        kind, data = self.inner.encrypt(plaintext).to_parts()
        return kind, b64(data)

    def decrypt(self, kind, body) -> bytes:
        return self.inner.decrypt(vodozemac.AnyOlmMessage.from_parts(kind, unb64(body)))

    def matches(self, body) -> bool:
        return self.inner.session_matches(vodozemac.PreKeyMessage.from_base64(body))


class OlmAccount:
    def __init__(self):
        self.inner = olm.Account()

    def identity_keys(self):
        keys = self.inner.identity_keys
        return keys["curve25519"], keys["ed25519"]

    def generate_one_time_keys(self, count):
        self.inner.generate_one_time_keys(count)
        return dict(self.inner.one_time_keys["curve25519"])

    def generate_fallback_key(self):
        self.inner.generate_fallback_key()
        return dict(self.inner.fallback_key["curve25519"])

    def mark_published(self):
        self.inner.mark_keys_as_published()

    def sign(self, message: bytes) -> str:
        return self.inner.sign(message.decode())

    def outbound(self, identity_key, one_time_key):
        return OlmSession(olm.OutboundSession(self.inner, identity_key, one_time_key))

    def inbound(self, identity_key, body):
        message = olm.OlmPreKeyMessage(body)
        session = olm.InboundSession(self.inner, message, identity_key)
        self.inner.remove_one_time_keys(session)
        plaintext = session.decrypt(message, unicode_errors="strict")
        return OlmSession(session), plaintext.encode()


class OlmSession:
    def __init__(self, inner):
        self.inner = inner

    def session_id(self):
        return self.inner.id

    def encrypt(self, plaintext: bytes):
        message = self.inner.encrypt(plaintext.decode())
        return message.message_type, message.ciphertext

    def decrypt(self, kind, body) -> bytes:
        message = olm.OlmPreKeyMessage(body) if kind == 0 else olm.OlmMessage(body)
        return self.inner.decrypt(message, unicode_errors="strict").encode()

    def matches(self, body) -> bool:
        return self.inner.matches(olm.OlmPreKeyMessage(body))


BACKENDS = {"vodozemac": VodozemacAccount, "olm": OlmAccount}


def verify(backend, key, message: bytes, signature: str) -> bool:
    try:
        if backend == "vodozemac":
            vodozemac.Ed25519PublicKey.from_base64(key).verify_signature(
                message, vodozemac.Ed25519Signature.from_base64(signature))
        else:
            olm.ed25519_verify(key, message.decode(), signature)
        return True
    except Exception:  # both libraries raise on a bad signature
        return False


def timed(iterations, operation):
    start = time.perf_counter()
    for _ in range(iterations):
        operation()
    seconds = time.perf_counter() - start
    return {"ops": iterations, "seconds": seconds, "ops_per_sec": iterations / seconds}


def bench(backend, op, iterations):
    """The same operations as prx-matrix-bench olm-session and olm-roundtrip, timed alone."""
    make = BACKENDS[backend]
    alice, bob = make(), make()
    bob_identity, _ = bob.identity_keys()
    alice_identity, _ = alice.identity_keys()

    def session():
        otk = next(iter(bob.generate_one_time_keys(1).values()))
        bob.mark_published()
        outbound = alice.outbound(bob_identity, otk)
        kind, body = outbound.encrypt(b"hello")
        bob.inbound(alice_identity, body)

    if op == "olm_session":
        return timed(iterations, session)
    if op != "olm_roundtrip":
        return {"error": "unknown bench " + op}
    otk = next(iter(bob.generate_one_time_keys(1).values()))
    outbound = alice.outbound(bob_identity, otk)
    kind, body = outbound.encrypt(b"hello")
    inbound, _ = bob.inbound(alice_identity, body)
    kind, body = inbound.encrypt(b"reply")
    outbound.decrypt(kind, body)
    payload = b"x" * 100

    def roundtrip():
        kind, body = outbound.encrypt(payload)
        inbound.decrypt(kind, body)

    return timed(iterations, roundtrip)


def handle(request):
    if request.get("cmd") == "bench":  # scripts/bench-crypto's common request, as megolm_peer.py
        return bench(request["backend"], request["op"], int(request["iterations"]))
    op = request["op"]
    if op == "new_account":
        account = BACKENDS[request["backend"]]()
        handle_id = len(accounts) + 1
        accounts[handle_id] = account
        curve, ed = account.identity_keys()
        return {"account": handle_id, "curve25519": curve, "ed25519": ed}
    if op == "generate_one_time_keys":
        account = accounts[request["account"]]
        keys = account.generate_one_time_keys(request["count"])
        account.mark_published()
        return {"keys": keys}
    if op == "generate_fallback_key":
        account = accounts[request["account"]]
        keys = account.generate_fallback_key()
        account.mark_published()
        return {"keys": keys}
    if op == "sign_json":
        # Signs a JSON object as device (user_id, device_id) the way Matrix clients do.
        account = accounts[request["account"]]
        obj = request["object"]
        signature = account.sign(canonical(obj))
        obj.setdefault("signatures", {}).setdefault(request["user_id"], {})[
            "ed25519:" + request["device_id"]] = signature
        return {"object": obj}
    if op == "verify_json":
        obj = request["object"]
        try:
            signature = obj["signatures"][request["user_id"]][request["key_id"]]
        except KeyError:
            return {"valid": False}
        return {"valid": verify(request["backend"], request["key"], canonical(obj), signature)}
    if op == "create_outbound":
        session = accounts[request["account"]].outbound(request["identity_key"], request["one_time_key"])
    elif op == "create_inbound":
        session, plaintext = accounts[request["account"]].inbound(request["identity_key"], request["body"])
        handle_id = len(sessions) + 1
        sessions[handle_id] = session
        return {"session": handle_id, "session_id": session.session_id(), "plaintext": plaintext.decode()}
    elif op == "encrypt":
        kind, body = sessions[request["session"]].encrypt(request["plaintext"].encode())
        return {"type": kind, "body": body}
    elif op == "decrypt":
        plaintext = sessions[request["session"]].decrypt(request["type"], request["body"])
        return {"plaintext": plaintext.decode()}
    elif op == "matches":
        return {"matches": sessions[request["session"]].matches(request["body"])}
    else:
        return {"error": "unknown op " + op}
    handle_id = len(sessions) + 1
    sessions[handle_id] = session
    return {"session": handle_id, "session_id": session.session_id()}


def main():
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            reply = handle(json.loads(line))
        except Exception as error:  # reported to the Swift test, which fails with it
            reply = {"error": f"{type(error).__name__}: {error}"}
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
