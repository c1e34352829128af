/// One inbound Matrix message as the worker hands it over and the inbox stores it (sealed) for the agent.

/// An inbound message, the fields of PROTOCOL.md's `message` frame without `seq`.
///
/// Minimal on purpose: the codec in `Shared` defines the wire type; the integrator may swap this one for it.
struct InboundMessage: Codable, Equatable, Sendable {
    /// The Matrix event id (`$…`); the inbox is unique by it.
    var eventID: String
    /// The room (`!…`).
    var roomID: String
    /// The sender's user id.
    var sender: String
    /// The sender's display name, when known.
    var senderName: String?
    /// The plain body.
    var body: String
    /// The HTML body, when the event has one.
    var formattedBody: String?
    /// `m.text`, `m.notice`, `m.emote`…
    var msgtype: String
    /// `origin_server_ts` in milliseconds.
    var ts: Int64
    /// Whether the event arrived encrypted.
    var encrypted: Bool
    /// The event this one replies to.
    var replyTo: String?
    /// The thread root, for a thread message.
    var threadRoot: String?
    /// The event this one edits.
    var editOf: String?

    /// PROTOCOL.md's field names: the sealed form is the `message` frame without `type` and `seq`, so a
    /// wire type from `Shared` with the same fields reads the stores this one wrote.
    enum CodingKeys: String, CodingKey {
        case eventID = "event_id", roomID = "room_id", sender, senderName = "sender_name", body
        case formattedBody = "formatted_body", msgtype, ts, encrypted, replyTo = "reply_to"
        case threadRoot = "thread_root", editOf = "edit_of"
    }
}

/// An inbound message with the `seq` the inbox assigned to it.
struct StoredMessage: Equatable, Sendable {
    /// Strictly increasing, never reused, the same for the same event forever.
    var seq: Int64
    /// The message.
    var message: InboundMessage
}

/// What ``QueueStore/appendBatch(_:now:)`` did with one message of the batch.
struct AppendOutcome: Equatable, Sendable {
    /// The message's seq: newly assigned, or the one it got the first time.
    var seq: Int64
    /// False when the event id was already in the inbox (a replayed batch): nothing was stored.
    var isNew: Bool
}
