/// Every frame the daemon sends to the agent (PROTOCOL.md), encoded byte-exactly and decodable by clients.

/// A frame from the daemon to the agent.
public enum DaemonMessage: FrameMessage {
    /// `welcome`: the answer to a successful `hello`.
    case welcome(Welcome)
    /// `message`: an inbound Matrix message with its durable `seq`.
    case message(seq: Int64, InboundEvent)
    /// `accepted`: the `send`/`react` with this `id` is durably queued.
    case accepted(id: String)
    /// `sent`: the homeserver took the request; `eventIDs` has one element, or several in order when
    /// the body was split (then the frame carries `event_ids` besides `event_id`, the first).
    case sent(id: String, eventIDs: [String])
    /// `failed`: the request can never be sent; `code` is the homeserver's errcode or one of the
    /// daemon's (docs/PROTOCOL.md), `message` says why.
    case failed(id: String, code: String, message: String)
    /// `status`: the daemon's state changed (also sent right after `welcome`).
    case status(AgentState, detail: String?)
    /// `pong`: the answer to `ping`, with its `id`.
    case pong(id: String?)
    /// `error`: a request or frame was refused.
    case error(AgentError)
    /// A frame type this client does not know (agents should ignore it).
    case unknown(type: String)

    /// Reads a daemon frame (as an agent would); unknown types are ``unknown(type:)``.
    public init(frame: Frame) throws(MessageError) {
        let fields = FrameFields(frame)
        switch frame.type {
        case "welcome":
            self = .welcome(try Welcome(fields: fields))
        case "message":
            self = .message(seq: try fields.int("seq", in: 1...Int64.max), try InboundEvent(fields: fields))
        case "accepted":
            self = .accepted(id: try fields.requestID())
        case "sent":
            let first = try fields.identifier("event_id")
            let all = try fields.optionalStrings("event_ids") ?? [first]
            guard all.first == first else {
                throw fields.error("event_ids", .invalidValue(rule: "must start with event_id"))
            }
            self = .sent(id: try fields.requestID(), eventIDs: all)
        case "failed":
            self = .failed(
                id: try fields.requestID(), code: try fields.nonEmptyString("code"),
                message: try fields.string("message"))
        case "status":
            self = .status(try fields.enumValue("state", AgentState.self), detail: try fields.optionalString("detail"))
        case "pong":
            self = .pong(id: try fields.optionalString("id"))
        case "error":
            self = .error(try AgentError(fields: fields))
        default:
            self = .unknown(type: frame.type)
        }
    }

    /// The frame object, `type` first, optional fields left out when they do not apply.
    public var jsonObject: JSONObject {
        switch self {
        case .welcome(let welcome):
            return welcome.jsonObject
        case .message(let seq, let event):
            var object: JSONObject = ["type": "message", "seq": .int(seq)]
            event.write(into: &object)
            return object
        case .accepted(let id):
            return ["type": "accepted", "id": .string(id)]
        case .sent(let id, let eventIDs):
            var object: JSONObject = ["type": "sent", "id": .string(id)]
            object.set("event_id", eventIDs.first)
            object.set("event_ids", eventIDs.count > 1 ? eventIDs : nil)
            return object
        case .failed(let id, let code, let message):
            return ["type": "failed", "id": .string(id), "code": .string(code), "message": .string(message)]
        case .status(let state, let detail):
            var object: JSONObject = ["type": "status", "state": .string(state.rawValue)]
            object.set("detail", detail)
            return object
        case .pong(let id):
            var object: JSONObject = ["type": "pong"]
            object.set("id", id)
            return object
        case .error(let error):
            return error.jsonObject
        case .unknown(let type):
            return ["type": .string(type)]
        }
    }
}
