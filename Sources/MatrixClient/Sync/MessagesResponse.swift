/// The `/messages` answer used to fill a gap behind a `limited` timeline.

/// `GET /v3/rooms/{id}/messages`.
public struct MessagesResponse: Decodable, Sendable, Equatable {
    /// Events in the direction asked for (backwards: newest first).
    public let chunk: [MatrixEvent]
    /// The token the page started from.
    public let start: String
    /// The token to continue from; nil when there is nothing more in that direction.
    public let end: String?
    /// State events the chunk needs (lazy-loaded members).
    public let state: [MatrixEvent]

    enum CodingKeys: String, CodingKey { case chunk, start, end, state }

    /// Decodes; absent `chunk` and `state` are empty.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        chunk = try container.decodeIfPresent([MatrixEvent].self, forKey: .chunk) ?? []
        start = try container.decode(String.self, forKey: .start)
        end = try container.decodeIfPresent(String.self, forKey: .end)
        state = try container.decodeIfPresent([MatrixEvent].self, forKey: .state) ?? []
    }
}

/// The direction of a `/messages` page.
public enum PaginationDirection: String, Sendable {
    /// Older events first (`dir=b`).
    case backward = "b"
    /// Newer events first (`dir=f`).
    case forward = "f"
}
