/// Bodies of sending: reaction content, receipt types, the event id answer.

/// The kinds of receipt.
public enum ReceiptType: String, Sendable {
    /// A public read receipt.
    case read = "m.read"
    /// A read receipt only our own devices see.
    case readPrivate = "m.read.private"
}

/// The content of an `m.reaction`: an `m.annotation` relation to an event, with the reaction key.
public struct ReactionContent: Codable, Sendable, Equatable {
    /// The event reacted to.
    public let eventId: String
    /// The reaction, usually one emoji.
    public let key: String

    /// A reaction to `eventId`.
    public init(eventId: String, key: String) {
        self.eventId = eventId
        self.key = key
    }

    private struct Relation: Codable {
        let relType: String
        let eventId: String
        let key: String
        enum CodingKeys: String, CodingKey {
            case relType = "rel_type"
            case eventId = "event_id"
            case key
        }
    }

    enum CodingKeys: String, CodingKey { case relatesTo = "m.relates_to" }

    /// Encodes `{"m.relates_to": {"rel_type": "m.annotation", "event_id": …, "key": …}}`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(Relation(relType: "m.annotation", eventId: eventId, key: key), forKey: .relatesTo)
    }

    /// Decodes an annotation; throws for any other relation type.
    public init(from decoder: any Decoder) throws {
        let relation = try decoder.container(keyedBy: CodingKeys.self).decode(Relation.self, forKey: .relatesTo)
        guard relation.relType == "m.annotation" else {
            throw DecodingError.dataCorrupted(
                DecodingError.Context(codingPath: [CodingKeys.relatesTo], debugDescription: "not an m.annotation"))
        }
        eventId = relation.eventId
        key = relation.key
    }
}

/// `{"event_id": …}`.
struct EventIdResponse: Decodable {
    let eventId: String
    enum CodingKeys: String, CodingKey { case eventId = "event_id" }
}
