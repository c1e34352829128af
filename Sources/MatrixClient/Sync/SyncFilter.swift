/// Sync filters (`POST /v3/user/{userId}/filter`): ask the server only for what the worker needs.

/// A filter definition; nil members are left out of the JSON (server defaults).
public struct SyncFilter: Encodable, Sendable, Equatable {
    /// What to return about rooms.
    public var room: RoomFilter?
    /// Presence events (an empty `types` list turns them off).
    public var presence: EventFilter?
    /// Global account data.
    public var accountData: EventFilter?

    /// A filter.
    public init(room: RoomFilter? = nil, presence: EventFilter? = nil, accountData: EventFilter? = nil) {
        self.room = room
        self.presence = presence
        self.accountData = accountData
    }

    enum CodingKeys: String, CodingKey {
        case room, presence
        case accountData = "account_data"
    }

    /// Only `rooms`, at most `timelineLimit` timeline events of `timelineTypes` per room, lazy-loaded
    /// members, receipts and typing; no presence and no global account data.
    public static func forRooms(_ rooms: [String], timelineLimit: Int, timelineTypes: [String]?) -> SyncFilter {
        SyncFilter(
            room: RoomFilter(
                rooms: rooms,
                timeline: RoomEventFilter(limit: timelineLimit, types: timelineTypes),
                state: RoomEventFilter(lazyLoadMembers: true),
                ephemeral: RoomEventFilter(types: ["m.receipt", "m.typing"]),
                accountData: RoomEventFilter(types: [])),
            presence: EventFilter(types: []),
            accountData: EventFilter(types: []))
    }
}

/// The `room` part of a filter.
public struct RoomFilter: Encodable, Sendable, Equatable {
    /// Only these rooms (nil: all).
    public var rooms: [String]?
    /// Timeline events.
    public var timeline: RoomEventFilter?
    /// State events.
    public var state: RoomEventFilter?
    /// Receipts and typing.
    public var ephemeral: RoomEventFilter?
    /// Per-room account data.
    public var accountData: RoomEventFilter?

    /// A room filter.
    public init(
        rooms: [String]? = nil, timeline: RoomEventFilter? = nil, state: RoomEventFilter? = nil,
        ephemeral: RoomEventFilter? = nil, accountData: RoomEventFilter? = nil
    ) {
        self.rooms = rooms
        self.timeline = timeline
        self.state = state
        self.ephemeral = ephemeral
        self.accountData = accountData
    }

    enum CodingKeys: String, CodingKey {
        case rooms, timeline, state, ephemeral
        case accountData = "account_data"
    }
}

/// A filter on room events (timeline, state, ephemeral, `/messages`).
public struct RoomEventFilter: Encodable, Sendable, Equatable {
    /// At most this many events.
    public var limit: Int?
    /// Only these event types (nil: all; empty: none).
    public var types: [String]?
    /// Only events in these rooms (for `/messages` filters, usually nil).
    public var rooms: [String]?
    /// Send only the member events the returned events need (`lazy_load_members`).
    public var lazyLoadMembers: Bool?

    /// A room event filter.
    public init(limit: Int? = nil, types: [String]? = nil, rooms: [String]? = nil, lazyLoadMembers: Bool? = nil) {
        self.limit = limit
        self.types = types
        self.rooms = rooms
        self.lazyLoadMembers = lazyLoadMembers
    }

    enum CodingKeys: String, CodingKey {
        case limit, types, rooms
        case lazyLoadMembers = "lazy_load_members"
    }
}

/// A filter on non-room events (presence, global account data).
public struct EventFilter: Encodable, Sendable, Equatable {
    /// Only these event types (empty: none).
    public var types: [String]?

    /// An event filter.
    public init(types: [String]? = nil) { self.types = types }
}
