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

    /// Only `rooms`, at most `timelineLimit` timeline events of `timelineTypes` per room (none sent by
    /// `excludingSender`), lazy-loaded members; no ephemeral events (receipts, typing), no presence, no
    /// account data.
    ///
    /// What the filter leaves out does not end a long poll: a bot that reacts, sends receipts and types
    /// around each answer would otherwise be woken by each of those and by the echo of its own answer.
    public static func forRooms(
        _ rooms: [String], timelineLimit: Int, timelineTypes: [String]?, excludingSender: String? = nil
    ) -> SyncFilter {
        SyncFilter(
            room: RoomFilter(
                rooms: rooms,
                timeline: RoomEventFilter(
                    limit: timelineLimit, types: timelineTypes, notSenders: excludingSender.map { [$0] }),
                state: RoomEventFilter(lazyLoadMembers: true),
                ephemeral: RoomEventFilter(types: []),
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
    /// No events from these senders (`not_senders`).
    public var notSenders: [String]?

    /// A room event filter.
    public init(
        limit: Int? = nil, types: [String]? = nil, rooms: [String]? = nil, lazyLoadMembers: Bool? = nil,
        notSenders: [String]? = nil
    ) {
        self.limit = limit
        self.types = types
        self.rooms = rooms
        self.lazyLoadMembers = lazyLoadMembers
        self.notSenders = notSenders
    }

    enum CodingKeys: String, CodingKey {
        case limit, types, rooms
        case lazyLoadMembers = "lazy_load_members"
        case notSenders = "not_senders"
    }
}

/// A filter on non-room events (presence, global account data).
public struct EventFilter: Encodable, Sendable, Equatable {
    /// Only these event types (empty: none).
    public var types: [String]?

    /// An event filter.
    public init(types: [String]? = nil) { self.types = types }
}
