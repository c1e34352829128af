/// The outbox requests the supervisor hands the worker: a message or a reaction with its row and transaction id.

/// A message to send: an outbox row, resolved to one room, with the transaction id to use (so that a
/// retry after any crash is deduplicated by the homeserver).
public struct WorkerSend: Sendable, Equatable {
    /// The outbox row id; the worker's `outcome` names it.
    public var row: Int64
    /// The Matrix transaction id for `PUT /send/{type}/{txnId}` (split bodies append a part suffix).
    public var txnID: String
    /// The room id (aliases already resolved to the configured room).
    public var roomID: String
    /// The text.
    public var body: String
    /// `markdown` or `plain`.
    public var format: MessageFormat
    /// `m.text` or `m.notice`.
    public var msgtype: OutboundMessageType
    /// The event replied to.
    public var replyTo: String?
    /// The thread root.
    public var threadRoot: String?

    /// A send command.
    public init(
        row: Int64, txnID: String, roomID: String, body: String, format: MessageFormat = .markdown,
        msgtype: OutboundMessageType = .text, replyTo: String? = nil, threadRoot: String? = nil
    ) {
        self.row = row
        self.txnID = txnID
        self.roomID = roomID
        self.body = body
        self.format = format
        self.msgtype = msgtype
        self.replyTo = replyTo
        self.threadRoot = threadRoot
    }
}

/// A reaction to send (`m.annotation`): an outbox row with its transaction id.
public struct WorkerReaction: Sendable, Equatable {
    /// The outbox row id.
    public var row: Int64
    /// The Matrix transaction id.
    public var txnID: String
    /// The room id.
    public var roomID: String
    /// The event reacted to.
    public var eventID: String
    /// The reaction key.
    public var key: String

    /// A react command.
    public init(row: Int64, txnID: String, roomID: String, eventID: String, key: String) {
        self.row = row
        self.txnID = txnID
        self.roomID = roomID
        self.eventID = eventID
        self.key = key
    }
}
