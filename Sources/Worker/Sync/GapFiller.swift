/// Fills the gap behind a `limited` timeline with `/messages`, back to the last handled event.
import MatrixClient

/// Pages backwards from a timeline's `prev_batch` until the cursor event, an event older than the
/// floor, the start of the room, or `limit` events (the catch-up horizon).
struct GapFiller: Sendable {
    /// What a fill found.
    struct Gap: Sendable {
        /// The missed events, oldest first.
        var events: [MatrixEvent] = []
        /// Member events the pages carried (lazy-loaded members), for display names.
        var state: [MatrixEvent] = []
        /// True when the horizon was reached before the cursor: older events stay undelivered.
        var truncated = false
    }

    /// Events per `/messages` page.
    static let pageSize = 100

    let client: MatrixHTTPClient
    /// The most events fetched (`catch_up_max_events`).
    let limit: Int64
    /// The event types asked for (those of the sync filter).
    let types: [String]

    /// The events between `from` (a `prev_batch`) and the event `stopAt` (exclusive) or the first event
    /// older than `floorTS`. Errors are the client's (the caller retries the whole sync response).
    func fill(roomID: String, from: String, stopAt: String?, floorTS: Int64) async throws -> Gap {
        var gap = Gap()
        var newestFirst: [MatrixEvent] = []
        var token = from
        let filter = RoomEventFilter(types: types, lazyLoadMembers: true)
        while true {
            guard newestFirst.count < limit else {
                gap.truncated = true
                return finished(gap, newestFirst)
            }
            let pageLimit = min(Self.pageSize, Int(limit) - newestFirst.count)
            let page = try await client.messages(roomId: roomID, from: token, limit: pageLimit, filter: filter)
            gap.state += page.state
            for event in page.chunk {
                if let stopAt, event.eventId == stopAt { return finished(gap, newestFirst) }
                if let ts = event.originServerTs, ts < floorTS { return finished(gap, newestFirst) }
                newestFirst.append(event)
            }
            guard let end = page.end, !page.chunk.isEmpty else { return finished(gap, newestFirst) }
            token = end
        }
    }

    private func finished(_ gap: Gap, _ newestFirst: [MatrixEvent]) -> Gap {
        var gap = gap
        gap.events = newestFirst.reversed()
        return gap
    }
}
