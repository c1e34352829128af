/// Every frame an agent sends to the daemon (PROTOCOL.md), decoded and validated.

/// A frame from the agent. Decoding validates every field per PROTOCOL.md and ignores unknown
/// fields; a `type` this daemon does not know decodes as ``unknown(type:)`` so the server can answer
/// `unknown_type` and keep the connection.
public enum AgentRequest: FrameMessage {
    /// `hello`: the handshake; `protocol` is checked by the server (`unsupported_protocol`).
    case hello(protocolVersion: Int64, agent: String?)
    /// `ack`: every message up to `seq` is handled (cumulative); `seq` is positive.
    case ack(seq: Int64)
    /// `send`: post a message.
    case send(SendRequest)
    /// `react`: post a reaction.
    case react(ReactRequest)
    /// `typing`: the typing notification, best effort.
    case typing(TypingRequest)
    /// `done`: the agent has finished with this inbound event (completion reaction and read receipt).
    case done(eventID: String)
    /// `ping`: answered by `pong` with the same `id` (if any).
    case ping(id: String?)
    /// A well-formed frame of a type this daemon does not know.
    case unknown(type: String)

    /// Reads and validates a request; unknown types are ``unknown(type:)``, never an error.
    public init(frame: Frame) throws(MessageError) {
        let fields = FrameFields(frame)
        switch frame.type {
        case "hello":
            self = .hello(protocolVersion: try fields.int("protocol"), agent: try fields.optionalString("agent"))
        case "ack":
            self = .ack(seq: try fields.int("seq", in: 1...Int64.max))
        case "send":
            self = .send(
                SendRequest(
                    id: try fields.requestID(),
                    roomID: try fields.optionalIdentifier("room_id"),
                    body: try fields.nonEmptyString("body"),
                    format: try fields.optionalEnum("format", MessageFormat.self) ?? .markdown,
                    msgtype: try fields.optionalEnum("msgtype", OutboundMessageType.self) ?? .text,
                    replyTo: try fields.optionalIdentifier("reply_to"),
                    threadRoot: try fields.optionalIdentifier("thread_root")))
        case "react":
            self = .react(
                ReactRequest(
                    id: try fields.requestID(),
                    roomID: try fields.optionalIdentifier("room_id"),
                    eventID: try fields.identifier("event_id"),
                    key: try fields.nonEmptyString("key")))
        case "typing":
            self = .typing(
                TypingRequest(
                    roomID: try fields.optionalIdentifier("room_id"),
                    typing: try fields.bool("typing"),
                    timeoutMS: try fields.optionalInt("timeout_ms", in: 1...TypingRequest.maxTimeoutMS)))
        case "done":
            self = .done(eventID: try fields.identifier("event_id"))
        case "ping":
            self = .ping(id: try fields.optionalRequestID())
        default:
            self = .unknown(type: frame.type)
        }
    }

    /// The request as a frame object (for agents written in Swift and for tests).
    public var jsonObject: JSONObject {
        switch self {
        case .hello(let version, let agent):
            var object: JSONObject = ["type": "hello", "protocol": .int(version)]
            object.set("agent", agent)
            return object
        case .ack(let seq):
            return ["type": "ack", "seq": .int(seq)]
        case .send(let request):
            var object: JSONObject = ["type": "send", "id": .string(request.id)]
            object.set("room_id", request.roomID)
            object.set("body", request.body)
            object.set("format", request.format.rawValue)
            object.set("msgtype", request.msgtype.rawValue)
            object.set("reply_to", request.replyTo)
            object.set("thread_root", request.threadRoot)
            return object
        case .react(let request):
            var object: JSONObject = ["type": "react", "id": .string(request.id)]
            object.set("room_id", request.roomID)
            object.set("event_id", request.eventID)
            object.set("key", request.key)
            return object
        case .typing(let request):
            var object: JSONObject = ["type": "typing"]
            object.set("room_id", request.roomID)
            object.set("typing", request.typing)
            object.set("timeout_ms", request.timeoutMS)
            return object
        case .done(let eventID):
            return ["type": "done", "event_id": .string(eventID)]
        case .ping(let id):
            var object: JSONObject = ["type": "ping"]
            object.set("id", id)
            return object
        case .unknown(let type):
            return ["type": .string(type)]
        }
    }
}
