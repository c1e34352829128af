/// One event exactly as the server sent it, with typed views that fail per event, never per batch.

/// An event kept as raw JSON.
///
/// Decoding a batch never fails because of one event: any JSON value is accepted here, and the caller
/// checks each event (``type``, ``decode(as:)``) and skips a malformed one with one log line.
public struct MatrixEvent: Decodable, Sendable, Hashable {
    /// The event as sent.
    public let json: MatrixJSON

    /// Wraps a JSON value.
    public init(json: MatrixJSON) { self.json = json }

    /// Decodes any JSON value.
    public init(from decoder: any Decoder) throws {
        json = try MatrixJSON(from: decoder)
    }

    /// `type`, if present and a string.
    public var type: String? { json["type"]?.stringValue }
    /// `event_id` (absent for to-device and ephemeral events).
    public var eventId: String? { json["event_id"]?.stringValue }
    /// `sender`.
    public var sender: String? { json["sender"]?.stringValue }
    /// `state_key`, for state events.
    public var stateKey: String? { json["state_key"]?.stringValue }
    /// `origin_server_ts` in milliseconds since the epoch.
    public var originServerTs: Int64? { json["origin_server_ts"]?.intValue }
    /// `content`, if it is an object.
    public var content: MatrixJSON? { json["content"].flatMap { $0.objectValue == nil ? nil : $0 } }

    /// The whole event decoded as `type` (throws `DecodingError` for a malformed event).
    public func decode<T: Decodable>(as type: T.Type) throws -> T { try json.decode(as: type) }

    /// The event's `content` decoded as `type` (throws `DecodingError` when absent or malformed).
    public func decodeContent<T: Decodable>(as type: T.Type) throws -> T {
        try (json["content"] ?? .null).decode(as: type)
    }
}

/// `{"events": [...]}`, the wrapper the sync response puts around every event list.
struct EventList: Decodable {
    let events: [MatrixEvent]

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        events = try container.decodeIfPresent([MatrixEvent].self, forKey: .events) ?? []
    }

    enum CodingKeys: String, CodingKey { case events }
}

extension KeyedDecodingContainer {
    /// The events of an optional `{"events": [...]}` member; empty when the member is absent.
    func events(_ key: Key) throws -> [MatrixEvent] {
        try decodeIfPresent(EventList.self, forKey: key)?.events ?? []
    }
}
