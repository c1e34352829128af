/// Response bodies of alias resolution, joined rooms, joins, encryption state and members.

/// `GET /v3/directory/room/{alias}`.
public struct AliasResolution: Decodable, Sendable, Equatable {
    /// The room the alias points to.
    public let roomId: String
    /// Servers that know the room (for joining over federation).
    public let servers: [String]

    enum CodingKeys: String, CodingKey {
        case roomId = "room_id"
        case servers
    }

    /// Decodes, treating a missing `servers` as empty.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        roomId = try container.decode(String.self, forKey: .roomId)
        servers = try container.decodeIfPresent([String].self, forKey: .servers) ?? []
    }
}

/// The content of a room's `m.room.encryption` state event.
public struct RoomEncryption: Decodable, Sendable, Equatable {
    /// Normally `m.megolm.v1.aes-sha2`.
    public let algorithm: String
    /// How long a Megolm session may be used.
    public let rotationPeriodMs: Int?
    /// How many messages a Megolm session may encrypt.
    public let rotationPeriodMsgs: Int?

    enum CodingKeys: String, CodingKey {
        case algorithm
        case rotationPeriodMs = "rotation_period_ms"
        case rotationPeriodMsgs = "rotation_period_msgs"
    }
}

/// One member in `GET /v3/rooms/{id}/joined_members`.
public struct JoinedMember: Decodable, Sendable, Equatable {
    /// The member's display name in the room.
    public let displayName: String?
    /// The member's avatar.
    public let avatarUrl: String?

    enum CodingKeys: String, CodingKey {
        case displayName = "display_name"
        case avatarUrl = "avatar_url"
    }
}

/// `{"room_id": …}`: the answer of a join.
struct RoomIdResponse: Decodable {
    let roomId: String
    enum CodingKeys: String, CodingKey { case roomId = "room_id" }
}

/// `{"joined_rooms": [...]}`.
struct JoinedRoomsResponse: Decodable {
    let joinedRooms: [String]
    enum CodingKeys: String, CodingKey { case joinedRooms = "joined_rooms" }
}

/// `{"joined": {user: member}}`.
struct JoinedMembersResponse: Decodable {
    let joined: [String: JoinedMember]
}

/// `{"displayname": …}`, absent when the user has none.
struct DisplayNameResponse: Decodable {
    let displayname: String?
}

/// `{}`: an empty request body, or an answer with nothing in it that we need.
struct EmptyObject: Codable {}
