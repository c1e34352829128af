/// A configured room: a room id, or an alias to resolve through the room directory.

/// What `room_id` / `room_ids` name: a room id (`!…`) or a room alias (`#…`).
public enum RoomReference: Sendable, Hashable, Codable, CustomStringConvertible {
    /// A room id, used as is.
    case id(RoomID)
    /// An alias, resolved once through `GET /_matrix/client/v3/directory/room/{alias}`.
    case alias(RoomAlias)

    /// Parses `!opaque:server` or `#alias:server`.
    public init(validating string: String) throws(IdentifierError) {
        switch string.first {
        case "!": self = .id(try RoomID(validating: string))
        case "#": self = .alias(try RoomAlias(validating: string))
        default:
            throw IdentifierError(
                kind: "room id or alias", input: string,
                reason: "it must start with \"!\" (a room id) or \"#\" (an alias)",
                example: "!abc123:matrix.org")
        }
    }

    /// Decodes from a JSON string, validating it.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let string = try container.decode(String.self)
        do {
            self = try RoomReference(validating: string)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.description)
        }
    }

    /// Encodes as a JSON string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    /// The id or alias as written.
    public var description: String {
        switch self {
        case .id(let id): id.rawValue
        case .alias(let alias): alias.rawValue
        }
    }
}
