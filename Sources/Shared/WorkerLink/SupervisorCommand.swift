/// Every frame the supervisor sends to the worker over their socketpair (docs/PROTOCOL.md, "Worker link").

/// A frame from the supervisor to the worker. The first frame is always ``start(_:)``.
public enum SupervisorCommand: FrameMessage {
    /// `start`: the worker's settings, the access token included.
    case start(WorkerSettings)
    /// `batch_ack`: the batch is committed to the inbox; the worker may now commit its sync position.
    case batchAck(batch: Int64)
    /// `send`: send a message (outbox row).
    case send(WorkerSend)
    /// `react`: send a reaction (outbox row).
    case react(WorkerReaction)
    /// `receipt`: move the read receipt to `eventID` (outbox row; receipts are idempotent, no transaction id).
    case receipt(row: Int64, roomID: String, eventID: String)
    /// `typing`: best effort, no outcome.
    case typing(roomID: String, typing: Bool, timeoutMS: Int64)
    /// `heartbeat`: answer with `heartbeat_ack` and the same `id`; a worker that does not is hung.
    case heartbeat(id: Int64)
    /// `shutdown`: finish in-flight requests, commit, and exit 0.
    case shutdown

    /// Reads a supervisor frame; an unknown type is a ``MessageError`` (both ends are the same build).
    public init(frame: Frame) throws(MessageError) {
        let fields = FrameFields(frame)
        switch frame.type {
        case "start":
            self = .start(try WorkerSettings(fields: fields))
        case "batch_ack":
            self = .batchAck(batch: try fields.int("batch", in: 1...Int64.max))
        case "send":
            self = .send(
                WorkerSend(
                    row: try fields.int("row", in: 1...Int64.max),
                    txnID: try fields.identifier("txn_id"),
                    roomID: try fields.identifier("room_id"),
                    body: try fields.string("body"),
                    format: try fields.enumValue("format", MessageFormat.self),
                    msgtype: try fields.enumValue("msgtype", OutboundMessageType.self),
                    replyTo: try fields.optionalIdentifier("reply_to"),
                    threadRoot: try fields.optionalIdentifier("thread_root")))
        case "react":
            self = .react(
                WorkerReaction(
                    row: try fields.int("row", in: 1...Int64.max),
                    txnID: try fields.identifier("txn_id"),
                    roomID: try fields.identifier("room_id"),
                    eventID: try fields.identifier("event_id"),
                    key: try fields.nonEmptyString("key")))
        case "receipt":
            self = .receipt(
                row: try fields.int("row", in: 1...Int64.max),
                roomID: try fields.identifier("room_id"),
                eventID: try fields.identifier("event_id"))
        case "typing":
            self = .typing(
                roomID: try fields.identifier("room_id"),
                typing: try fields.bool("typing"),
                timeoutMS: try fields.int("timeout_ms", in: 1...TypingRequest.maxTimeoutMS))
        case "heartbeat":
            self = .heartbeat(id: try fields.int("id"))
        case "shutdown":
            self = .shutdown
        default:
            throw fields.error(nil, .unknownType)
        }
    }

    /// The frame object, `type` first.
    public var jsonObject: JSONObject {
        switch self {
        case .start(let settings):
            var object: JSONObject = ["type": "start"]
            settings.write(into: &object)
            return object
        case .batchAck(let batch):
            return ["type": "batch_ack", "batch": .int(batch)]
        case .send(let send):
            var object: JSONObject = ["type": "send", "row": .int(send.row)]
            object.set("txn_id", send.txnID)
            object.set("room_id", send.roomID)
            object.set("body", send.body)
            object.set("format", send.format.rawValue)
            object.set("msgtype", send.msgtype.rawValue)
            object.set("reply_to", send.replyTo)
            object.set("thread_root", send.threadRoot)
            return object
        case .react(let reaction):
            return [
                "type": "react", "row": .int(reaction.row), "txn_id": .string(reaction.txnID),
                "room_id": .string(reaction.roomID), "event_id": .string(reaction.eventID),
                "key": .string(reaction.key),
            ]
        case .receipt(let row, let roomID, let eventID):
            return ["type": "receipt", "row": .int(row), "room_id": .string(roomID), "event_id": .string(eventID)]
        case .typing(let roomID, let typing, let timeoutMS):
            return [
                "type": "typing", "room_id": .string(roomID), "typing": .bool(typing), "timeout_ms": .int(timeoutMS),
            ]
        case .heartbeat(let id):
            return ["type": "heartbeat", "id": .int(id)]
        case .shutdown:
            return ["type": "shutdown"]
        }
    }
}
