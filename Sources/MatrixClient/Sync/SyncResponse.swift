/// The `/sync` answer: typed where the worker needs structure, raw events everywhere else.

/// `GET /v3/sync`. Absent sections are empty; unknown members are ignored; events stay raw.
public struct SyncResponse: Decodable, Sendable, Equatable {
    /// The position to pass as `since` next time (commit it only after the batch is handled).
    public let nextBatch: String
    /// Joined, invited and left rooms with news.
    public let rooms: SyncRooms
    /// To-device events (Olm-encrypted room keys, key requests, …).
    public let toDevice: [MatrixEvent]
    /// Global account data.
    public let accountData: [MatrixEvent]
    /// Users whose device lists changed or who no longer share a room with us.
    public let deviceLists: DeviceLists
    /// One-time keys left on the server for this device, per algorithm.
    public let deviceOneTimeKeysCount: [String: Int]
    /// Fallback key algorithms not used yet; nil when the server does not report it.
    public let deviceUnusedFallbackKeyTypes: [String]?

    enum CodingKeys: String, CodingKey {
        case nextBatch = "next_batch"
        case rooms
        case toDevice = "to_device"
        case accountData = "account_data"
        case deviceLists = "device_lists"
        case deviceOneTimeKeysCount = "device_one_time_keys_count"
        case deviceUnusedFallbackKeyTypes = "device_unused_fallback_key_types"
    }

    /// Decodes tolerantly: only `next_batch` is required.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        nextBatch = try container.decode(String.self, forKey: .nextBatch)
        rooms = try container.decodeIfPresent(SyncRooms.self, forKey: .rooms) ?? SyncRooms()
        toDevice = try container.events(.toDevice)
        accountData = try container.events(.accountData)
        deviceLists = try container.decodeIfPresent(DeviceLists.self, forKey: .deviceLists) ?? DeviceLists()
        deviceOneTimeKeysCount =
            try container.decodeIfPresent([String: Int].self, forKey: .deviceOneTimeKeysCount) ?? [:]
        deviceUnusedFallbackKeyTypes = try container.decodeIfPresent(
            [String].self, forKey: .deviceUnusedFallbackKeyTypes)
    }
}

/// `rooms` of a sync: room id → news, per membership.
public struct SyncRooms: Decodable, Sendable, Equatable {
    /// Rooms we are joined to.
    public let join: [String: JoinedRoom]
    /// Rooms we are invited to.
    public let invite: [String: InvitedRoom]
    /// Rooms we left or were removed from.
    public let leave: [String: LeftRoom]

    init() {
        join = [:]
        invite = [:]
        leave = [:]
    }

    enum CodingKeys: String, CodingKey { case join, invite, leave }

    /// Decodes; absent memberships are empty.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        join = try container.decodeIfPresent([String: JoinedRoom].self, forKey: .join) ?? [:]
        invite = try container.decodeIfPresent([String: InvitedRoom].self, forKey: .invite) ?? [:]
        leave = try container.decodeIfPresent([String: LeftRoom].self, forKey: .leave) ?? [:]
    }
}

/// A room's timeline slice: the new events, and whether some were left out.
public struct Timeline: Decodable, Sendable, Equatable {
    /// New events, oldest first.
    public let events: [MatrixEvent]
    /// True when events between the previous sync and these were left out: fill the gap with
    /// `/messages` from ``prevBatch`` backwards.
    public let limited: Bool
    /// The token to paginate backwards from the first of ``events``.
    public let prevBatch: String?

    init() {
        events = []
        limited = false
        prevBatch = nil
    }

    enum CodingKeys: String, CodingKey {
        case events, limited
        case prevBatch = "prev_batch"
    }

    /// Decodes; absent `events` is empty, absent `limited` is false.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        events = try container.decodeIfPresent([MatrixEvent].self, forKey: .events) ?? []
        limited = try container.decodeIfPresent(Bool.self, forKey: .limited) ?? false
        prevBatch = try container.decodeIfPresent(String.self, forKey: .prevBatch)
    }
}

/// A joined room in a sync.
public struct JoinedRoom: Decodable, Sendable, Equatable {
    /// New timeline events.
    public let timeline: Timeline
    /// State before the timeline (with lazy loading: the members the timeline needs).
    public let state: [MatrixEvent]
    /// Per-room account data.
    public let accountData: [MatrixEvent]
    /// Receipts and typing notifications.
    public let ephemeral: [MatrixEvent]

    enum CodingKeys: String, CodingKey {
        case timeline, state, ephemeral
        case accountData = "account_data"
    }

    /// Decodes; absent sections are empty.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        timeline = try container.decodeIfPresent(Timeline.self, forKey: .timeline) ?? Timeline()
        state = try container.events(.state)
        accountData = try container.events(.accountData)
        ephemeral = try container.events(.ephemeral)
    }
}

/// A room we are invited to: the stripped state the inviter shared (who invited us is the `m.room.member`).
public struct InvitedRoom: Decodable, Sendable, Equatable {
    /// Stripped state events.
    public let inviteState: [MatrixEvent]

    enum CodingKeys: String, CodingKey { case inviteState = "invite_state" }

    /// Decodes; absent `invite_state` is empty.
    public init(from decoder: any Decoder) throws {
        inviteState = try decoder.container(keyedBy: CodingKeys.self).events(.inviteState)
    }
}

/// A room we left or were removed from.
public struct LeftRoom: Decodable, Sendable, Equatable {
    /// The timeline up to leaving.
    public let timeline: Timeline
    /// State before the timeline.
    public let state: [MatrixEvent]

    enum CodingKeys: String, CodingKey { case timeline, state }

    /// Decodes; absent sections are empty.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        timeline = try container.decodeIfPresent(Timeline.self, forKey: .timeline) ?? Timeline()
        state = try container.events(.state)
    }
}

/// `device_lists` of a sync.
public struct DeviceLists: Decodable, Sendable, Equatable {
    /// Users whose devices changed: query their keys again.
    public let changed: [String]
    /// Users who no longer share an encrypted room with us.
    public let left: [String]

    init() {
        changed = []
        left = []
    }

    enum CodingKeys: String, CodingKey { case changed, left }

    /// Decodes; absent lists are empty.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        changed = try container.decodeIfPresent([String].self, forKey: .changed) ?? []
        left = try container.decodeIfPresent([String].self, forKey: .left) ?? []
    }
}
