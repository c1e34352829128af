/// Every frame the worker sends to the supervisor over their socketpair (docs/PROTOCOL.md, "Worker link").

public import Logging

/// A frame from the worker to the supervisor.
public enum WorkerEvent: FrameMessage {
    /// `state`: the worker's phase and room problems, on start and on every change.
    case state(WorkerStatus)
    /// `batch`: new inbound messages from one sync response. The worker commits its sync position
    /// only after the supervisor's `batch_ack` with the same `batch` id.
    case batch(id: Int64, events: [InboundEvent])
    /// `outcome`: what became of an outbox row.
    case outcome(row: Int64, SendOutcome)
    /// `heartbeat_ack`: the answer to `heartbeat`.
    case heartbeatAck(id: Int64)
    /// `log`: a log line for the supervisor's log (never containing the token).
    case log(level: Logger.Level, message: String, metadata: [String: String])

    /// Reads a worker frame; an unknown type is a ``MessageError`` (both ends are the same build).
    public init(frame: Frame) throws(MessageError) {
        let fields = FrameFields(frame)
        switch frame.type {
        case "state":
            self = .state(try WorkerStatus(fields: fields))
        case "batch":
            var events: [InboundEvent] = []
            for element in try fields.objects("events") { events.append(try InboundEvent(fields: element)) }
            self = .batch(id: try fields.int("batch", in: 1...Int64.max), events: events)
        case "outcome":
            let row = try fields.int("row", in: 1...Int64.max)
            switch try fields.string("result") {
            case "sent":
                let eventIDs = try fields.strings("event_ids")
                guard !eventIDs.isEmpty else {
                    throw fields.error("event_ids", .invalidValue(rule: "must not be empty"))
                }
                self = .outcome(row: row, .sent(eventIDs: eventIDs))
            case "failed":
                self = .outcome(
                    row: row, .failed(code: try fields.nonEmptyString("code"), message: try fields.string("message")))
            case "retry_later":
                self = .outcome(
                    row: row, .retryLater(retryAfterMS: try fields.int("retry_after_ms", in: 0...Int64.max)))
            default:
                throw fields.error(
                    "result", .invalidValue(rule: "must be one of \"sent\", \"failed\", \"retry_later\""))
            }
        case "heartbeat_ack":
            self = .heartbeatAck(id: try fields.int("id"))
        case "log":
            var metadata: [String: String] = [:]
            switch fields.value("metadata") {
            case nil: break
            case .object(let object)?:
                for member in object.members {
                    guard case .string(let value) = member.value else {
                        throw fields.error(
                            "metadata.\(member.key)", .wrongKind(expected: "a string", found: member.value.kind))
                    }
                    metadata[member.key] = value
                }
            case let other?: throw fields.error("metadata", .wrongKind(expected: "an object", found: other.kind))
            }
            self = .log(
                level: try fields.enumValue("level", Logger.Level.self), message: try fields.string("message"),
                metadata: metadata)
        default:
            throw fields.error(nil, .unknownType)
        }
    }

    /// The frame object, `type` first.
    public var jsonObject: JSONObject {
        switch self {
        case .state(let status):
            var object: JSONObject = ["type": "state"]
            status.write(into: &object)
            return object
        case .batch(let id, let events):
            let elements = events.map { event -> JSONValue in
                var object = JSONObject()
                event.write(into: &object)
                return .object(object)
            }
            return ["type": "batch", "batch": .int(id), "events": .array(elements)]
        case .outcome(let row, let outcome):
            var object: JSONObject = ["type": "outcome", "row": .int(row)]
            switch outcome {
            case .sent(let eventIDs):
                object.set("result", "sent")
                object.set("event_ids", eventIDs)
            case .failed(let code, let message):
                object.set("result", "failed")
                object.set("code", code)
                object.set("message", message)
            case .retryLater(let retryAfterMS):
                object.set("result", "retry_later")
                object.set("retry_after_ms", retryAfterMS)
            }
            return object
        case .heartbeatAck(let id):
            return ["type": "heartbeat_ack", "id": .int(id)]
        case .log(let level, let message, let metadata):
            var object: JSONObject = ["type": "log", "level": .string(level.rawValue), "message": .string(message)]
            if !metadata.isEmpty {
                var members = JSONObject()
                for key in metadata.keys.sorted() { members.set(key, metadata[key]) }
                object["metadata"] = .object(members)
            }
            return object
        }
    }
}
