/// The enumerated options of an outgoing message: its `format` and `msgtype`.

/// How `send`'s `body` is interpreted (PROTOCOL.md): `markdown` (default) adds an HTML `formatted_body`.
public enum MessageFormat: String, Sendable, Equatable, CaseIterable {
    /// The body is CommonMark; the event carries `body` and an HTML `formatted_body`.
    case markdown
    /// The body is sent as it is.
    case plain
}

/// The Matrix `msgtype` of an outgoing message: `m.text` (default) or `m.notice`.
public enum OutboundMessageType: String, Sendable, Equatable, CaseIterable {
    /// An ordinary message.
    case text = "m.text"
    /// A notice (bots' messages that other bots should not answer).
    case notice = "m.notice"
}
