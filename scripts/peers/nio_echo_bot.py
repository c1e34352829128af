#!/usr/bin/env python3
"""The benchmark anchor: a plain matrix-nio echo bot, the way people write Matrix bots in Python.

    nio_echo_bot.py HOMESERVER USER_ID DEVICE_ID ROOM_ID   (the access token on stdin, one line)

Answers every m.text in ROOM_ID from anyone else with "echo: <body>" as a reply (m.in_reply_to), with
no reactions, receipts or typing, like scripts/bench-e2e's agent does through prx-matrix. Prints
"ready" once its first sync is done. Unencrypted rooms only (encryption off in the client config).

Its sync filter asks for up to TIMELINE_LIMIT events of ROOM_ID per sync, and when a burst still comes
back `limited` (Synapse does that under load even below the limit) it fills the gap the way a careful bot
does, and prx-matrix's worker does: pages back with /messages from the timeline's prev_batch to the
newest message it already answered, then answers the missed ones in order. Each gap is reported on stderr.
"""
import asyncio
import sys

from nio import AsyncClient, AsyncClientConfig, MatrixRoom, MessageDirection, RoomMessagesError, RoomMessageText, SyncResponse

TIMELINE_LIMIT = 5000


async def main(homeserver, user_id, device_id, room_id, token):
    client = AsyncClient(homeserver, user_id, device_id=device_id,
                         config=AsyncClientConfig(encryption_enabled=False, store_sync_tokens=False))
    client.access_token = token
    client.user_id = user_id

    answered = set()          # event ids seen from others: answered, or history before "ready"

    async def answer(event: RoomMessageText):
        if event.sender == user_id or event.event_id in answered:
            return
        answered.add(event.event_id)
        await client.room_send(room_id, "m.room.message", {
            "msgtype": "m.text", "body": "echo: " + event.body,
            "m.relates_to": {"m.in_reply_to": {"event_id": event.event_id}}})

    async def echo(room: MatrixRoom, event: RoomMessageText):
        if room.room_id == room_id:
            await answer(event)

    async def fill_gap(timeline):
        """Pages back from a limited timeline's prev_batch to the first event already known."""
        missed, token = [], timeline.prev_batch
        while token:
            page = await client.room_messages(room_id, start=token, direction=MessageDirection.back, limit=100)
            if isinstance(page, RoomMessagesError):
                print(f"nio_echo_bot: /messages failed: {page.message}", file=sys.stderr, flush=True)
                return
            reached = any(event.event_id in answered for event in page.chunk)
            missed += [event for event in page.chunk if isinstance(event, RoomMessageText)]
            if reached or not page.chunk or page.end is None:
                break
            token = page.end
        missed = [event for event in reversed(missed) if event.event_id not in answered and event.sender != user_id]
        print(f"nio_echo_bot: limited timeline, {len(missed)} messages back-filled", file=sys.stderr, flush=True)
        for event in missed:
            await answer(event)

    async def check(response: SyncResponse):
        room = response.rooms.join.get(room_id)
        if room is not None and room.timeline.limited:
            await fill_gap(room.timeline)

    sync_filter = {"room": {"rooms": [room_id], "timeline": {"limit": TIMELINE_LIMIT}}}
    first = await client.sync(timeout=0, full_state=True, sync_filter=sync_filter)   # skip history: answer only what comes next
    joined = first.rooms.join.get(room_id)
    answered.update(event.event_id for event in (joined.timeline.events if joined else []))
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
