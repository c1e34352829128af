/// `Codable` for ``InboundEvent`` with PROTOCOL.md's field names, the form the supervisor's inbox stores (sealed).

extension InboundEvent: Codable {
    /// The `message` frame's field names; optional fields are left out when `nil`.
    enum CodingKeys: String, CodingKey {
        case eventID = "event_id", roomID = "room_id", sender, senderName = "sender_name", body
        case formattedBody = "formatted_body", msgtype, ts, encrypted, replyTo = "reply_to"
        case threadRoot = "thread_root", editOf = "edit_of"
    }

    /// Reads an event written by ``encode(to:)`` (or by any encoder using the same field names).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            eventID: try c.decode(String.self, forKey: .eventID),
            roomID: try c.decode(String.self, forKey: .roomID),
            sender: try c.decode(String.self, forKey: .sender),
            senderName: try c.decodeIfPresent(String.self, forKey: .senderName),
            body: try c.decode(String.self, forKey: .body),
            formattedBody: try c.decodeIfPresent(String.self, forKey: .formattedBody),
            msgtype: try c.decode(String.self, forKey: .msgtype),
            ts: try c.decode(Int64.self, forKey: .ts),
            encrypted: try c.decode(Bool.self, forKey: .encrypted),
            replyTo: try c.decodeIfPresent(String.self, forKey: .replyTo),
            threadRoot: try c.decodeIfPresent(String.self, forKey: .threadRoot),
            editOf: try c.decodeIfPresent(String.self, forKey: .editOf))
    }

    /// Writes every field under its PROTOCOL.md name, leaving out the optional ones that are `nil`.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(eventID, forKey: .eventID)
        try c.encode(roomID, forKey: .roomID)
        try c.encode(sender, forKey: .sender)
        try c.encodeIfPresent(senderName, forKey: .senderName)
        try c.encode(body, forKey: .body)
        try c.encodeIfPresent(formattedBody, forKey: .formattedBody)
        try c.encode(msgtype, forKey: .msgtype)
        try c.encode(ts, forKey: .ts)
        try c.encode(encrypted, forKey: .encrypted)
        try c.encodeIfPresent(replyTo, forKey: .replyTo)
        try c.encodeIfPresent(threadRoot, forKey: .threadRoot)
        try c.encodeIfPresent(editOf, forKey: .editOf)
    }
}
