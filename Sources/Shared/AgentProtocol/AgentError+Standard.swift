/// The daemon's standard `error` frames for the handshake and session cases, with messages that say what to do.

extension AgentError {
    /// `unknown_type`: the answer to ``AgentRequest/unknown(type:)``; the connection stays open.
    public static func unknownType(_ type: String) -> AgentError {
        AgentError(MessageError(type: type, field: nil, problem: .unknownType))
    }

    /// `hello_required`: the first frame was `type`, not `hello`; the connection is closed.
    public static func helloRequired(got type: String) -> AgentError {
        AgentError(
            code: .helloRequired,
            message: "the first frame must be {\"type\":\"hello\",\"protocol\":1}, got \"\(type)\"")
    }

    /// `unsupported_protocol`: `hello` asked for `version`; the connection is closed.
    public static func unsupportedProtocol(_ version: Int64) -> AgentError {
        AgentError(
            code: .unsupportedProtocol,
            message:
                "protocol \(version) is not supported: this daemon speaks protocol \(ProjectInfo.agentProtocolVersion)")
    }

    /// `superseded`: another connection said `hello`; this one is closed.
    public static let superseded = AgentError(
        code: .superseded, message: "another agent connection said hello; only one agent session is active at a time")

    /// `unknown_room`: `room` is not configured; `rooms` lists those that are.
    public static func unknownRoom(_ room: String, configured rooms: [String], id: String?) -> AgentError {
        AgentError(
            code: .unknownRoom, message: "room \(room) is not configured; use one of \(rooms.joined(separator: ", "))",
            id: id, field: "room_id")
    }

    /// `room_required`: `room_id` was left out but several rooms are configured.
    public static func roomRequired(configured rooms: [String], id: String?) -> AgentError {
        AgentError(
            code: .roomRequired,
            message: "room_id is required when several rooms are configured: \(rooms.joined(separator: ", "))",
            id: id, field: "room_id")
    }
}
