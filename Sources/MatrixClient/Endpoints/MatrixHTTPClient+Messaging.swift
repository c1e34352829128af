/// Sending events, reactions, read receipts and typing notifications.

extension MatrixHTTPClient {
    /// `PUT /v3/rooms/{id}/send/{type}/{txnId}`: sends `content` and returns the event id.
    ///
    /// Sending again with the same `txnId` (same token, same device) returns the same event id without
    /// a second event: derive `txnId` from the durable outbox row so retries after a crash are safe.
    public func send(roomId: String, eventType: String, txnId: String, content: some Encodable & Sendable)
        async throws -> String
    {
        try await request(
            .put, .v3("rooms", roomId, "send", eventType, txnId), body: content, as: EventIdResponse.self
        ).eventId
    }

    /// Sends an `m.reaction` annotating `eventId` with `key` (e.g. `👀`); returns the reaction's event id.
    public func react(roomId: String, to eventId: String, key: String, txnId: String) async throws -> String {
        try await send(
            roomId: roomId, eventType: "m.reaction", txnId: txnId, content: ReactionContent(eventId: eventId, key: key))
    }

    /// `POST /v3/rooms/{id}/receipt/{type}/{eventId}`: marks `eventId` (and everything before it) as read.
    public func sendReceipt(roomId: String, eventId: String, type: ReceiptType = .read) async throws {
        _ = try await request(
            .post, .v3("rooms", roomId, "receipt", type.rawValue, eventId), body: EmptyObject(),
            as: EmptyObject.self)
    }

    /// `PUT /v3/rooms/{id}/typing/{userId}`: shows (for `timeout`) or stops the typing notification.
    public func setTyping(roomId: String, userId: String, typing: Bool, timeout: Duration = .seconds(30))
        async throws
    {
        struct Body: Encodable {
            let typing: Bool
            let timeout: Int64?
        }
        _ = try await request(
            .put, .v3("rooms", roomId, "typing", userId),
            body: Body(typing: typing, timeout: typing ? timeout.milliseconds : nil), as: EmptyObject.self)
    }
}

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
