#!/usr/bin/env python3
"""The benchmark anchor: a plain matrix-nio echo bot, the way people write Matrix bots in Python.

    nio_echo_bot.py HOMESERVER USER_ID DEVICE_ID ROOM_ID   (the access token on stdin, one line)

Answers every m.text in ROOM_ID from anyone else with "echo: <body>" as a reply (m.in_reply_to), with
no reactions, receipts or typing, like scripts/bench-e2e's agent does through prx-matrix. Prints
"ready" once its first sync is done. Unencrypted rooms only (encryption off in the client config).
"""
import asyncio
import sys

from nio import AsyncClient, AsyncClientConfig, MatrixRoom, RoomMessageText


async def main(homeserver, user_id, device_id, room_id, token):
    client = AsyncClient(homeserver, user_id, device_id=device_id,
                         config=AsyncClientConfig(encryption_enabled=False, store_sync_tokens=False))
    client.access_token = token
    client.user_id = user_id

    async def echo(room: MatrixRoom, event: RoomMessageText):
        if room.room_id != room_id or event.sender == user_id:
            return
        await client.room_send(room_id, "m.room.message", {
            "msgtype": "m.text", "body": "echo: " + event.body,
            "m.relates_to": {"m.in_reply_to": {"event_id": event.event_id}}})

    await client.sync(timeout=0, full_state=True)       # skip history: answer only what comes next
    client.add_event_callback(echo, RoomMessageText)
    print("ready", flush=True)
    try:
        await client.sync_forever(timeout=30000)
    finally:
        await client.close()


if __name__ == "__main__":
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    try:
        asyncio.run(main(*sys.argv[1:5], sys.stdin.readline().strip()))
    except KeyboardInterrupt:
        pass
