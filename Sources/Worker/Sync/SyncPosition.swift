/// Where the worker is in each room's history: the `/sync` token and the last timeline event per room.

/// The last timeline event the worker handled in a room: the gap fill stops there.
struct RoomCursor: Sendable, Equatable, Codable {
    /// The event id.
    var eventID: String
    /// Its `origin_server_ts` (a second stop condition should the event itself never show up).
    var ts: Int64
}

/// The committed sync state: replayed from here after any crash.
struct SyncPosition: Sendable, Equatable {
    /// The `next_batch` of the last fully acknowledged sync; nil before the first commit or after a rejected token.
    var since: String?
    /// Room id → the last timeline event handled there.
    var cursors: [String: RoomCursor]

    /// A position.
    init(since: String? = nil, cursors: [String: RoomCursor] = [:]) {
        self.since = since
        self.cursors = cursors
    }
}
