/// One sync response: joined rooms (gap fill, normalization, cursors), invites (auto-join) and leaves.
import Logging
import MatrixClient
import Shared

extension SyncEngine {
    /// The messages of `response` to deliver, oldest first per room; updates the room cursors in
    /// `position` (committed with the response's `next_batch` after the acks). `fresh`: a sync
    /// without `since`, whose timelines start before what was already handled.
    mutating func handle(_ response: SyncResponse, position: inout SyncPosition, fresh: Bool) async throws
        -> [InboundEvent]
    {
        var messages: [InboundEvent] = []
        for roomID in response.rooms.join.keys.sorted() {
            guard let room = response.rooms.join[roomID], let configured = rooms.configured(roomID) else { continue }
            if let problem = await status.problem(for: configured),
                problem.kind == .notJoined || problem.kind == .joinFailed
            {
                await status.setProblem(nil, for: configured)
                logger.info("joined \(configured)")
            }
            let cursor = position.cursors[roomID]
            learnNames(from: room.state + room.timeline.events, roomID: roomID)
            let timeline = try await timelineEvents(of: room, roomID: roomID, cursor: cursor, fresh: fresh)
            messages += await normalize(timeline, roomID: roomID)
            // The cursor only moves forward: to the newest event handled now (a cached or stale
            // response can repeat older events; the cursor then stays where it was).
            if let newest = timeline.last(where: { $0.eventId != nil && $0.originServerTs != nil }),
                let eventID = newest.eventId, let ts = newest.originServerTs
            {
                position.cursors[roomID] = RoomCursor(eventID: eventID, ts: ts)
            }
        }
        for roomID in response.rooms.invite.keys.sorted() {
            guard let invite = response.rooms.invite[roomID], let configured = rooms.configured(roomID) else {
                continue
            }
            try await accept(invite, roomID: roomID, configured: configured)
        }
        for roomID in response.rooms.leave.keys.sorted() where rooms.configured(roomID) != nil {
            guard let configured = rooms.configured(roomID) else { continue }
            let detail = "the bot left or was removed from \(configured); invite it again from an allowed user"
            logger.warning("\(detail)")
            await status.setProblem(RoomProblem(room: configured, kind: .notJoined, detail: detail), for: configured)
        }
        return messages
    }

    /// The room's new timeline events, oldest first: the gap behind a `limited` timeline filled with
    /// `/messages` back to the cursor; in a fresh sync, nothing at or before the cursor (or, in a room
    /// never seen, nothing older than the store).
    private mutating func timelineEvents(of room: JoinedRoom, roomID: String, cursor: RoomCursor?, fresh: Bool)
        async throws -> [MatrixEvent]
    {
        let floor = cursor?.ts ?? store?.createdAtMS ?? 0
        var events = room.timeline.events
        var gapClosed = !room.timeline.limited
        if let cursor, let index = events.firstIndex(where: { $0.eventId == cursor.eventID }) {
            events.removeSubrange(...index)
            gapClosed = true
        } else if fresh || cursor == nil {
            events.removeAll { ($0.originServerTs ?? .max) < floor }
            if events.count < room.timeline.events.count { gapClosed = true }
        }
        logger.trace(
            "timeline",
            metadata: [
                "room": "\(roomID)", "events": "\(room.timeline.events.count)", "new": "\(events.count)",
                "limited": "\(room.timeline.limited)", "fresh": "\(fresh)", "gap_closed": "\(gapClosed)",
            ])
        guard !gapClosed, let from = room.timeline.prevBatch else { return events }
        let filler = GapFiller(client: client, limit: settings.catchUpMaxEvents, types: Self.timelineTypes)
        let gap: GapFiller.Gap
        do {
            gap = try await filler.fill(roomID: roomID, from: from, stopAt: cursor?.eventID, floorTS: floor)
        } catch let error as MatrixError where error.isPermanent {
            // E.g. history not visible to the bot: retrying cannot help, and the room must not stall the sync.
            logger.warning(
                "cannot fill the gap in \(rooms.configured(roomID) ?? roomID): \(error); older messages are not delivered"
            )
            return events
        }
        learnNames(from: gap.state + gap.events, roomID: roomID)
        if gap.truncated {
            logger.warning(
                "more than catch_up_max_events (\(settings.catchUpMaxEvents)) messages were missed in \(rooms.configured(roomID) ?? roomID); the older ones are not delivered"
            )
        } else if !gap.events.isEmpty {
            logger.info("filled a gap of \(gap.events.count) events in \(rooms.configured(roomID) ?? roomID)")
        }
        return gap.events + events
    }

    /// Normalizes timeline events; logs malformed ones, counts encrypted ones, notices encryption turned on.
    /// Display names come from the member events of the whole response (learned before).
    private mutating func normalize(_ events: [MatrixEvent], roomID: String) async -> [InboundEvent] {
        guard let normalizer else { return [] }
        var messages: [InboundEvent] = []
        var encrypted = 0
        for event in events {
            if event.type == "m.room.encryption" {
                await reportEncrypted(roomID, algorithm: event.content?["algorithm"]?.stringValue)
            }
            let sender = event.sender ?? ""
            switch normalizer.normalize(event, roomID: roomID, senderName: memberNames[roomID]?[sender]) {
            case .message(let message): messages.append(message)
            case .encrypted: encrypted += 1
            case .dropped(let reason):
                logger.debug("event not delivered: \(reason.rawValue)", metadata: ["event": "\(event.eventId ?? "?")"])
            case .malformed(let reason):
                logger.warning("skipped a malformed event in \(rooms.configured(roomID) ?? roomID): \(reason)")
            }
        }
        if encrypted > 0 {
            rooms.encryptedEvents[roomID, default: 0] += encrypted
            await reportEncrypted(roomID, algorithm: nil)
        }
        return messages
    }

    /// Display names from `m.room.member` events (lazy-loaded members in `state`, joins in the timeline).
    private mutating func learnNames(from events: [MatrixEvent], roomID: String) {
        for event in events where event.type == "m.room.member" {
            guard let user = event.stateKey else { continue }
            memberNames[roomID, default: [:]][user] = event.content?["displayname"]?.stringValue
        }
    }

    /// Joins when the invite comes from an allowed user; otherwise reports who invited.
    private mutating func accept(_ invite: InvitedRoom, roomID: String, configured: String) async throws {
        guard let normalizer else { return }
        let membership = invite.inviteState.last {
            $0.type == "m.room.member" && $0.stateKey == normalizer.userID
                && $0.content?["membership"]?.stringValue == "invite"
        }
        let inviter = membership?.sender ?? "someone unknown"
        guard let inviterID = try? UserID(validating: inviter), normalizer.allowedUsers.allows(inviterID) else {
            let detail = "invited to \(configured) by \(inviter), who is not in allowed_users; not joining"
            logger.warning("\(detail)")
            await status.setProblem(RoomProblem(room: configured, kind: .notJoined, detail: detail), for: configured)
            return
        }
        switch try await call({ [client] in try await client.join(roomID) }) {
        case .success?:
            logger.info("joined \(configured) on the invite of \(inviter)")
            await status.setProblem(nil, for: configured)
        case .failure(let error)?:
            logger.error("cannot join \(configured): \(error)")
            await status.setProblem(
                RoomProblem(room: configured, kind: .joinFailed, detail: error.serverReason ?? "\(error)"),
                for: configured)
        case nil:
            throw CancellationError()
        }
    }
}
