#!/usr/bin/env python3
"""The benchmark anchor: a plain matrix-nio echo bot, the way people write Matrix bots in Python.

    nio_echo_bot.py HOMESERVER USER_ID DEVICE_ID ROOM_ID   (the access token on stdin, one line)

Answers every m.text in ROOM_ID from anyone else with "echo: <body>" as a reply (m.in_reply_to), with
no reactions, receipts or typing, like scripts/bench-e2e's agent does through prx-matrix. Prints
"ready" once its first sync is done. Unencrypted rooms only (encryption off in the client config).

Its sync filter asks for up to TIMELINE_LIMIT events of ROOM_ID per sync: with the server's default (10)
a burst outruns the bot, the timeline comes back `limited` and the skipped messages are never answered.
A limited timeline is still reported on stderr, so that a benchmark never waits for echoes in silence.
"""
import asyncio
import sys

from nio import AsyncClient, AsyncClientConfig, MatrixRoom, RoomMessageText, SyncResponse

TIMELINE_LIMIT = 5000


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

    async def check(response: SyncResponse):
        timeline = response.rooms.join.get(room_id)
        if timeline is not None and timeline.timeline.limited:
            print(f"nio_echo_bot: limited timeline, messages skipped (more than {TIMELINE_LIMIT} in one sync)",
                  file=sys.stderr, flush=True)

    sync_filter = {"room": {"rooms": [room_id], "timeline": {"limit": TIMELINE_LIMIT}}}
    await client.sync(timeout=0, full_state=True, sync_filter=sync_filter)   # skip history: answer only what comes next
    client.add_event_callback(echo, RoomMessageText)
    client.add_response_callback(check, SyncResponse)
    print("ready", flush=True)
    try:
        await client.sync_forever(timeout=30000, sync_filter=sync_filter)
    finally:
        await client.close()


if __name__ == "__main__":
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    try:
        asyncio.run(main(*sys.argv[1:5], sys.stdin.readline().strip()))
    except KeyboardInterrupt:
        pass
