/// Turns raw timeline events into the agent's `message` fields (PROTOCOL.md), or says why not.
import MatrixClient
import Shared

/// Normalizes `m.room.message` events: text, notice, emote, formatted bodies, replies (fallback
/// stripped), threads and edits; drops the bot's own events, senders outside `allowed_users` and, with
/// `mention_only`, messages that do not mention the bot. Never throws: a malformed event is reported as
/// ``NormalizedEvent/malformed(reason:)`` for the caller's one log line.
struct EventNormalizer: Sendable {
    /// The bot's user id (own events are dropped; mentions look for it).
    let userID: String
    /// Who may talk to the bot.
    let allowedUsers: AllowedUsers
    /// Deliver only messages that mention the bot.
    let mentionOnly: Bool
    /// How mentions of the bot are recognised.
    let mentions: MentionDetector

    /// A normalizer for the bot `userID`; `allowedUsers` is the config list (`[]` nobody, `"*"` everybody).
    init(userID: String, allowedUsers: [String], mentionOnly: Bool, botDisplayName: String?) {
        self.userID = userID
        self.allowedUsers = AllowedUsers(configList: allowedUsers)
        self.mentionOnly = mentionOnly
        mentions = MentionDetector(userID: userID, displayName: botDisplayName)
    }

    /// What `event` in `roomID` is for the agent; `senderName` is the sender's display name, if known.
    func normalize(_ event: MatrixEvent, roomID: String, senderName: String?) -> NormalizedEvent {
        guard let type = event.type else { return .malformed(reason: "no string \"type\"") }
        guard let eventID = event.eventId, !eventID.isEmpty else { return .malformed(reason: "no string \"event_id\"") }
        guard let senderText = event.sender, let sender = try? UserID(validating: senderText) else {
            return .malformed(reason: "event \(eventID): no valid \"sender\"")
        }
        if sender.rawValue == userID { return .dropped(.ownEvent) }
        guard type == "m.room.message" || type == "m.room.encrypted" else { return .dropped(.notAMessage) }
        guard allowedUsers.allows(sender) else { return .dropped(.senderNotAllowed) }
        if type == "m.room.encrypted" { return .encrypted }
        guard let ts = event.originServerTs else {
            return .malformed(reason: "event \(eventID): no integer \"origin_server_ts\"")
        }
        guard let content = event.content else { return .malformed(reason: "event \(eventID): no object \"content\"") }
        if content.objectValue?.isEmpty == true, event.json["unsigned"]?["redacted_because"] != nil {
            return .dropped(.redacted)
        }
        let relation = content["m.relates_to"]
        var message = InboundEvent(
            eventID: eventID, roomID: roomID, sender: sender.rawValue, senderName: senderName, body: "",
            ts: ts, encrypted: false)
        var shown = content
        if relation?["rel_type"]?.stringValue == "m.replace" {
            guard let original = relation?["event_id"]?.stringValue, !original.isEmpty else {
                return .malformed(reason: "event \(eventID): an edit without \"m.relates_to.event_id\"")
            }
            guard let newContent = content["m.new_content"], newContent.objectValue != nil else {
                return .malformed(reason: "event \(eventID): an edit without an object \"m.new_content\"")
            }
            message.editOf = original
            shown = newContent
        }
        guard let body = shown["body"]?.stringValue else {
            return .malformed(reason: "event \(eventID): no string \"body\"")
        }
        guard let msgtype = shown["msgtype"]?.stringValue, !msgtype.isEmpty else {
            return .malformed(reason: "event \(eventID): no string \"msgtype\"")
        }
        message.msgtype = msgtype
        message.body = body
        if shown["format"]?.stringValue == "org.matrix.custom.html" {
            message.formattedBody = shown["formatted_body"]?.stringValue
        }
        if message.editOf == nil { applyRelation(relation, to: &message) }
        if mentionOnly && !mentions.mentions(content: content, body: message.body, formattedBody: message.formattedBody)
        {
            return .dropped(.notMentioned)
        }
        return .message(message)
    }

    /// Reply (fallback stripped, `reply_to`) and thread (`thread_root`; a thread's fallback reply is not a reply).
    private func applyRelation(_ relation: MatrixJSON?, to message: inout InboundEvent) {
        guard let relation else { return }
        let inReplyTo = relation["m.in_reply_to"]?["event_id"]?.stringValue
        if relation["rel_type"]?.stringValue == "m.thread", let root = relation["event_id"]?.stringValue {
            message.threadRoot = root
            if relation["is_falling_back"]?.boolValue != true, let inReplyTo, !inReplyTo.isEmpty {
                message.replyTo = inReplyTo
            }
            return
        }
        guard let inReplyTo, !inReplyTo.isEmpty else { return }
        message.replyTo = inReplyTo
        message.body = ReplyFallback.strippingPlain(message.body)
        message.formattedBody = message.formattedBody.map(ReplyFallback.strippingHTML)
    }
}
