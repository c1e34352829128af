/// A Matrix message as delivered to the agent: every field of PROTOCOL.md's `message` except `seq`.

/// A normalized inbound Matrix message. The worker sends these in a `batch`; the supervisor stores
/// them, gives each a `seq`, and delivers ``DaemonMessage/message(seq:_:)``.
public struct InboundEvent: Sendable, Equatable {
    /// The event id, e.g. `$ev`.
    public var eventID: String
    /// The room it was sent in.
    public var roomID: String
    /// The sender's user id.
    public var sender: String
    /// The sender's display name, when known.
    public var senderName: String?
    /// The plain body (reply fallback stripped; for an edit, the new content).
    public var body: String
    /// The HTML body, when the event has one.
    public var formattedBody: String?
    /// The Matrix msgtype: `m.text`, `m.notice`, `m.emote`, …
    public var msgtype: String
    /// The event's `origin_server_ts`, in milliseconds.
    public var ts: Int64
    /// Whether the event arrived encrypted.
    public var encrypted: Bool
    /// The event this one replies to.
    public var replyTo: String?
    /// The root of the thread this event is in.
    public var threadRoot: String?
    /// The event this one edits.
    public var editOf: String?

    /// An inbound message; optional fields that do not apply are `nil`.
    public init(
        eventID: String, roomID: String, sender: String, senderName: String? = nil, body: String,
        formattedBody: String? = nil, msgtype: String = "m.text", ts: Int64, encrypted: Bool,
        replyTo: String? = nil, threadRoot: String? = nil, editOf: String? = nil
    ) {
        self.eventID = eventID
        self.roomID = roomID
        self.sender = sender
        self.senderName = senderName
        self.body = body
        self.formattedBody = formattedBody
        self.msgtype = msgtype
        self.ts = ts
        self.encrypted = encrypted
        self.replyTo = replyTo
        self.threadRoot = threadRoot
        self.editOf = editOf
    }

    /// Reads the event's fields from a `message` frame or a `batch` element.
    init(fields: FrameFields) throws(MessageError) {
        self.init(
            eventID: try fields.identifier("event_id"),
            roomID: try fields.identifier("room_id"),
            sender: try fields.identifier("sender"),
            senderName: try fields.optionalString("sender_name"),
            body: try fields.string("body"),
            formattedBody: try fields.optionalString("formatted_body"),
            msgtype: try fields.nonEmptyString("msgtype"),
            ts: try fields.int("ts"),
            encrypted: try fields.bool("encrypted"),
            replyTo: try fields.optionalIdentifier("reply_to"),
            threadRoot: try fields.optionalIdentifier("thread_root"),
            editOf: try fields.optionalIdentifier("edit_of"))
    }

    /// Appends the event's fields in PROTOCOL.md's order, leaving out those that do not apply.
    func write(into object: inout JSONObject) {
        object.set("event_id", eventID)
        object.set("room_id", roomID)
        object.set("sender", sender)
        object.set("sender_name", senderName)
        object.set("body", body)
        object.set("formatted_body", formattedBody)
        object.set("msgtype", msgtype)
        object.set("ts", ts)
        object.set("encrypted", encrypted)
        object.set("reply_to", replyTo)
        object.set("thread_root", threadRoot)
        object.set("edit_of", editOf)
    }
}
