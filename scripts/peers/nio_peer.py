#!/usr/bin/env python3
"""matrix-nio peer for prx-matrix's outbound tests: a real Matrix client reading what the worker sent.

One JSON object per line on stdin, one reply per line on stdout; a reply with "error" is a failure.

Requests (cmd):
  login        homeserver, user, password        -> user_id, device_id
  wait_events  room_id, event_ids, timeout_s      -> events: [{event_id, type, sender, content}] in the
                                                     room's timeline order, once nio has seen them all
  wait_typing  room_id, user_id, typing, timeout_s -> user_ids (nio's view once it matches `typing`)
  wait_receipt room_id, event_id, user_id, timeout_s -> receipt: true once nio saw the m.read receipt
"""
import asyncio
import json
import sys
import time

from nio import AsyncClient, LoginResponse, ReceiptEvent, SyncResponse, TypingNoticeEvent

state = {"client": None, "timeline": {}, "order": [], "typing": {}, "receipts": set()}


def on_sync(response: SyncResponse):
    for room_id, room in response.rooms.join.items():
        for event in room.timeline.events:
            source = event.source
            if source.get("event_id") not in state["timeline"]:
                state["timeline"][source.get("event_id")] = {
                    "event_id": source.get("event_id"), "type": source.get("type"),
                    "sender": source.get("sender"), "content": source.get("content", {}), "room_id": room_id,
                }
                state["order"].append(source.get("event_id"))
        for event in room.ephemeral:
            if isinstance(event, TypingNoticeEvent):
                state["typing"][room_id] = list(event.users)
            elif isinstance(event, ReceiptEvent):
                for receipt in event.receipts:
                    if receipt.receipt_type == "m.read":
                        state["receipts"].add((room_id, receipt.event_id, receipt.user_id))


async def sync_until(done, timeout_s):
    client = state["client"]
    deadline = time.monotonic() + timeout_s
    while not done():
        if time.monotonic() > deadline:
            return False
        response = await client.sync(timeout=1000)
        if isinstance(response, SyncResponse):
            on_sync(response)
    return True


async def handle(request):
    cmd = request["cmd"]
    if cmd == "login":
        client = AsyncClient(request["homeserver"], request["user"])
        response = await client.login(request["password"])
        if not isinstance(response, LoginResponse):
            return {"error": f"login failed: {response}"}
        state["client"] = client
        return {"user_id": response.user_id, "device_id": response.device_id}
    timeout = request.get("timeout_s", 20)
    if cmd == "wait_events":
        wanted = request["event_ids"]
        if not await sync_until(lambda: all(e in state["timeline"] for e in wanted), timeout):
            return {"error": f"not all of {wanted} seen in {timeout} s"}
        ordered = [state["timeline"][e] for e in state["order"] if e in wanted]
        return {"events": ordered}
    if cmd == "wait_typing":
        room_id, user_id, typing = request["room_id"], request["user_id"], request["typing"]
        seen = await sync_until(lambda: (user_id in state["typing"].get(room_id, [])) == typing, timeout)
        if not seen:
            return {"error": f"typing of {user_id} never became {typing}"}
        return {"user_ids": state["typing"].get(room_id, [])}
    if cmd == "wait_receipt":
        key = (request["room_id"], request["event_id"], request["user_id"])
        if not await sync_until(lambda: key in state["receipts"], timeout):
            return {"error": f"no m.read receipt {key} in {timeout} s"}
        return {"receipt": True}
    return {"error": f"unknown cmd {cmd}"}


def main():
    loop = asyncio.new_event_loop()
    try:
        for line in sys.stdin:
            if not line.strip():
                continue
            try:
                reply = loop.run_until_complete(handle(json.loads(line)))
            except Exception as error:  # reported to the test, which fails with it
                reply = {"error": f"{type(error).__name__}: {error}"}
            sys.stdout.write(json.dumps(reply) + "\n")
            sys.stdout.flush()
    finally:
        if state["client"] is not None:
            loop.run_until_complete(state["client"].close())
        loop.close()


if __name__ == "__main__":
    main()
