/// The agent's outgoing requests with content: `send`, `react` and `typing` (PROTOCOL.md "Outbound").

/// `send`: post a message. `id` is the idempotency key.
public struct SendRequest: Sendable, Equatable {
    /// The agent's idempotency key, 1 to 128 characters.
    public var id: String
    /// The room; `nil` when exactly one room is configured.
    public var roomID: String?
    /// The text (CommonMark when ``format`` is markdown); not empty.
    public var body: String
    /// `markdown` (default) or `plain`.
    public var format: MessageFormat
    /// `m.text` (default) or `m.notice`.
    public var msgtype: OutboundMessageType
    /// The event this message replies to.
    public var replyTo: String?
    /// The thread root this message belongs to.
    public var threadRoot: String?

    /// A `send` request; the defaults are PROTOCOL.md's.
    public init(
        id: String, roomID: String? = nil, body: String, format: MessageFormat = .markdown,
        msgtype: OutboundMessageType = .text, replyTo: String? = nil, threadRoot: String? = nil
    ) {
        self.id = id
        self.roomID = roomID
        self.body = body
        self.format = format
        self.msgtype = msgtype
        self.replyTo = replyTo
        self.threadRoot = threadRoot
    }
}

/// `react`: annotate an event with a reaction key.
public struct ReactRequest: Sendable, Equatable {
    /// The agent's idempotency key, 1 to 128 characters.
    public var id: String
    /// The room; `nil` when exactly one room is configured.
    public var roomID: String?
    /// The event reacted to.
    public var eventID: String
    /// The reaction key, e.g. "👍"; not empty.
    public var key: String

    /// A `react` request.
    public init(id: String, roomID: String? = nil, eventID: String, key: String) {
        self.id = id
        self.roomID = roomID
        self.eventID = eventID
        self.key = key
    }
}

/// `typing`: start or stop the typing notification (best effort, no answer).
public struct TypingRequest: Sendable, Equatable {
    /// The longest `timeout_ms` accepted: one hour.
    public static let maxTimeoutMS: Int64 = 3_600_000
    /// The `timeout_ms` used when the agent leaves it out.
    public static let defaultTimeoutMS: Int64 = 30_000

    /// The room; `nil` when exactly one room is configured.
    public var roomID: String?
    /// Whether the bot is typing.
    public var typing: Bool
    /// How long the notification lasts unless renewed, 1...``maxTimeoutMS``; `nil` = ``defaultTimeoutMS``.
    public var timeoutMS: Int64?

    /// A `typing` request.
    public init(roomID: String? = nil, typing: Bool, timeoutMS: Int64? = nil) {
        self.roomID = roomID
        self.typing = typing
        self.timeoutMS = timeoutMS
    }
}
