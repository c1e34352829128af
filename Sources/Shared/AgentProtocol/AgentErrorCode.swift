/// The `code` values of the agent link's `error` frame: PROTOCOL.md's five and this daemon's additions.

/// The `code` of an `error` frame sent to the agent. See docs/PROTOCOL.md for when each is sent and
/// what the agent should do.
public enum AgentErrorCode: String, Sendable, Equatable, CaseIterable {
    /// A malformed frame (``FrameError``); the connection is closed after this frame.
    case badFrame = "bad_frame"
    /// A well-formed frame with a `type` the daemon does not know; the connection stays open.
    case unknownType = "unknown_type"
    /// The first frame was not `hello`; the connection is closed.
    case helloRequired = "hello_required"
    /// `hello` asked for a protocol version this daemon does not speak; the connection is closed.
    case unsupportedProtocol = "unsupported_protocol"
    /// Another agent connection said `hello`; this one is closed.
    case superseded
    /// Addition: a known `type` with a missing or invalid field (the frame's `field` names it, `id`
    /// names the request when it had one). Nothing was done; fix the request. The connection stays open.
    case badRequest = "bad_request"
    /// Addition: `room_id` names a room that is not configured. Nothing was done; the connection stays open.
    case unknownRoom = "unknown_room"
    /// Addition: `room_id` was left out but several rooms are configured. Nothing was done.
    case roomRequired = "room_required"
    /// Addition: the daemon could not record the request (e.g. its queue store failed). Nothing was
    /// accepted; repeat the request later.
    case `internal`
}
