/// Generates valid frames of both links and mutates them into malformed ones (test/fuzz aid).
///
/// Used by the `codec` fuzz target (`scripts/fuzz codec`) and by the bounded run in the test suite,
/// so both exercise the same inputs; it is not used by the daemon.

import Logging

/// Valid frames, their mutations (bit flips, truncation, splicing, length-prefix corruption, field
/// changes) and random chunkings, from a seeded generator.
public struct FrameMutator: Sendable {
    /// The generator; its state advances with every call.
    public var random: SeededRandom

    /// A mutator whose outputs are fixed by `seed`.
    public init(seed: UInt64) { random = SeededRandom(seed: seed) }

    // MARK: Valid content

    /// A string mixing ASCII, characters JSON must escape, control characters and non-ASCII text.
    public mutating func string(maxLength: Int = 12) -> String {
        let pieces = [
            "a", "Z", "0", " ", "\"", "\\", "/", "\n", "\t", "\u{0}", "\u{1F}", "\u{7F}", "é", "👍", "漢", "\u{FEFF}",
            "$", "!", ":", "@",
        ]
        let length = Int.random(in: 0...maxLength, using: &random)
        return (0..<length).map { _ in pieces.randomElement(using: &random) ?? "a" }.joined()
    }

    /// A non-empty identifier-like string (`$…`, `!…:server`, `@…:server`).
    public mutating func identifier(_ sigil: String) -> String {
        sigil + String(max(1, Int.random(in: 0...99_999, using: &random))) + (random.oneIn(3) ? "" : ":example.org")
    }

    /// A random JSON value nested at most `depth` levels.
    public mutating func value(depth: Int = 3) -> JSONValue {
        switch Int.random(in: 0..<(depth > 0 ? 9 : 7), using: &random) {
        case 0: return .null
        case 1: return .bool(random.oneIn(2))
        case 2: return .int(Int64.random(in: Int64.min...Int64.max, using: &random))
        case 3: return .int(Int64.random(in: -3...200, using: &random))
        case 4: return .double(Double.random(in: -1e6...1e6, using: &random))
        case 5, 6: return .string(string())
        case 7: return .array((0..<Int.random(in: 0...3, using: &random)).map { _ in value(depth: depth - 1) })
        default: return .object(object(depth: depth - 1))
        }
    }

    /// A random object of at most four members (no `type` unless drawn).
    public mutating func object(depth: Int = 2) -> JSONObject {
        var object = JSONObject()
        for _ in 0..<Int.random(in: 0...4, using: &random) { object[string(maxLength: 6)] = value(depth: depth) }
        return object
    }

    /// A valid message of one of the four message enums, with random content.
    public mutating func message() -> JSONObject {
        let id = string(maxLength: 8).isEmpty ? "r1" : "c-" + String(Int.random(in: 0...999, using: &random))
        let room = random.oneIn(3) ? nil : identifier("!")
        let event = identifier("$")
        let row = Int64.random(in: 1...1_000_000, using: &random)
        let inbound = InboundEvent(
            eventID: event, roomID: identifier("!"), sender: identifier("@"),
            senderName: random.oneIn(2) ? string() : nil, body: string(maxLength: 40),
            formattedBody: random.oneIn(2) ? string() : nil,
            msgtype: ["m.text", "m.notice", "m.emote"].randomElement(using: &random) ?? "m.text",
            ts: Int64.random(in: 0...2_000_000_000_000, using: &random), encrypted: random.oneIn(2),
            replyTo: random.oneIn(3) ? identifier("$") : nil, threadRoot: random.oneIn(3) ? identifier("$") : nil,
            editOf: random.oneIn(4) ? identifier("$") : nil)
        let format = MessageFormat.allCases.randomElement(using: &random) ?? .markdown
        let msgtype = OutboundMessageType.allCases.randomElement(using: &random) ?? .text
        let body = "b" + string(maxLength: 30)
        switch Int.random(in: 0..<24, using: &random) {
        case 0: return AgentRequest.hello(protocolVersion: 1, agent: random.oneIn(2) ? "prx/0.9.0" : nil).jsonObject
        case 1: return AgentRequest.ack(seq: row).jsonObject
        case 2:
            return AgentRequest.send(
                SendRequest(
                    id: id, roomID: room, body: body, format: format, msgtype: msgtype,
                    replyTo: random.oneIn(2) ? event : nil, threadRoot: random.oneIn(2) ? event : nil)
            ).jsonObject
        case 3: return AgentRequest.react(ReactRequest(id: id, roomID: room, eventID: event, key: "👍")).jsonObject
        case 4:
            return AgentRequest.typing(
                TypingRequest(roomID: room, typing: random.oneIn(2), timeoutMS: random.oneIn(2) ? 30_000 : nil)
            ).jsonObject
        case 5: return AgentRequest.done(eventID: event).jsonObject
        case 6: return AgentRequest.ping(id: random.oneIn(2) ? id : nil).jsonObject
        case 7:
            return DaemonMessage.welcome(
                Welcome(
                    userID: identifier("@"), deviceID: "ABCDEFGH", rooms: [identifier("!")], state: .syncing,
                    daemon: random.oneIn(2) ? "prx-matrix/0.1.0" : nil, maxFrameBytes: random.oneIn(2) ? 1_048_576 : nil
                )
            ).jsonObject
        case 8: return DaemonMessage.message(seq: row, inbound).jsonObject
        case 9: return DaemonMessage.accepted(id: id).jsonObject
        case 10:
            return DaemonMessage.sent(id: id, eventIDs: random.oneIn(2) ? [event] : [event, identifier("$")]).jsonObject
        case 11: return DaemonMessage.failed(id: id, code: "M_FORBIDDEN", message: string()).jsonObject
        case 12:
            return DaemonMessage.status(
                AgentState.allCases.randomElement(using: &random) ?? .syncing, detail: random.oneIn(2) ? string() : nil
            ).jsonObject
        case 13: return DaemonMessage.pong(id: random.oneIn(2) ? id : nil).jsonObject
        case 14:
            let code = AgentErrorCode.allCases.randomElement(using: &random) ?? .badFrame
            return DaemonMessage.error(
                AgentError(
                    code: code, message: string(), id: random.oneIn(2) ? id : nil, field: random.oneIn(2) ? "body" : nil
                )
            ).jsonObject
        case 15:
            return SupervisorCommand.start(
                WorkerSettings(
                    homeserver: "http://127.0.0.1:8008", userID: identifier("@"), deviceID: "ABCDEFGH",
                    accessToken: "syt_" + body,
                    rooms: [identifier("!")], allowedUsers: ["*"], mentionOnly: random.oneIn(2),
                    storePath: "/var/lib/prx/worker.db",
                    storeKey: (0..<32).map { _ in UInt8.random(in: 0...255, using: &random) }, syncTimeoutMS: 30_000,
                    catchUpMaxEvents: 500, receiptReaction: "👀", doneReaction: "✅", logLevel: .info)
            ).jsonObject
        case 16: return SupervisorCommand.batchAck(batch: row).jsonObject
        case 17:
            return SupervisorCommand.send(
                WorkerSend(
                    row: row, txnID: "prx-\(row)", roomID: identifier("!"), body: body, format: format,
                    msgtype: msgtype,
                    replyTo: random.oneIn(2) ? event : nil)
            ).jsonObject
        case 18:
            return SupervisorCommand.react(
                WorkerReaction(row: row, txnID: "prx-\(row)", roomID: identifier("!"), eventID: event, key: "✅")
            ).jsonObject
        case 19: return SupervisorCommand.receipt(row: row, roomID: identifier("!"), eventID: event).jsonObject
        case 20:
            let phases: [WorkerPhase] = [
                .starting, .syncing, .reconnecting, .tokenInvalid(softLogout: random.oneIn(2)),
            ]
            let problems =
                random.oneIn(2)
                ? [] : [RoomProblem(room: identifier("#"), kind: .notJoined, detail: random.oneIn(2) ? string() : nil)]
            return WorkerEvent.state(
                WorkerStatus(
                    phase: phases.randomElement(using: &random) ?? .syncing, detail: random.oneIn(2) ? string() : nil,
                    roomProblems: problems)
            ).jsonObject
        case 21: return WorkerEvent.batch(id: row, events: random.oneIn(3) ? [] : [inbound, inbound]).jsonObject
        case 22:
            let outcomes: [SendOutcome] = [
                .sent(eventIDs: [event]), .failed(code: "M_FORBIDDEN", message: string()),
                .retryLater(retryAfterMS: 1500),
            ]
            return WorkerEvent.outcome(row: row, outcomes.randomElement(using: &random) ?? .retryLater(retryAfterMS: 1))
                .jsonObject
        default:
            return WorkerEvent.log(
                level: .warning, message: string(), metadata: random.oneIn(2) ? [:] : ["room": identifier("!")]
            ).jsonObject
        }
    }

    /// A valid frame object: usually a ``message()``, sometimes a random object with a string `type`.
    public mutating func validObject() -> JSONObject {
        if random.oneIn(5) {
            var object = object()
            object["type"] = .string(string(maxLength: 8))
            return object
        }
        var message = message()
        if random.oneIn(4) { message[string(maxLength: 5) + "_extra"] = value() }  // unknown fields are ignored
        return message
    }

    /// A frame whose payload is well-formed JSON but possibly not a frame: any value, an object
    /// without `type`, or an object whose `type` is not a string.
    public mutating func anyJSONFrame() -> [UInt8] {
        let payload: JSONValue
        switch Int.random(in: 0..<3, using: &random) {
        case 0: payload = value()
        case 1: payload = .object(object())
        default:
            var object = object()
            object["type"] = value(depth: 1)
            payload = .object(object)
        }
        return Self.frameBytes(payload)
    }

    // MARK: Mutations

    /// A message with one field removed or given a random value; `type` stays a string (then a random
    /// one), so the result is still a well-formed frame but often not a valid message.
    public mutating func mutatedFields(of object: JSONObject) -> JSONObject {
        var object = object
        guard let key = object.keys.randomElement(using: &random) else { return object }
        if key == "type" {
            object[key] = .string(string(maxLength: 8))
        } else {
            object[key] = random.oneIn(3) ? nil : value(depth: 1)
        }
        return object
    }

    /// `bytes` after one to three byte-level mutations: bit flips, truncation, splicing with other
    /// bytes, duplication, insertion or deletion of bytes, or a corrupted length prefix.
    public mutating func mutated(_ bytes: [UInt8]) -> [UInt8] {
        var bytes = bytes
        for _ in 0..<Int.random(in: 1...3, using: &random) {
            let position = bytes.isEmpty ? 0 : Int.random(in: 0..<bytes.count, using: &random)
            switch Int.random(in: 0..<8, using: &random) {
            case 0:  // bit flip
                if !bytes.isEmpty { bytes[position] ^= 1 << UInt8.random(in: 0...7, using: &random) }
            case 1:  // truncation
                bytes.removeSubrange(position..<bytes.count)
            case 2:  // splice a random valid frame's bytes in
                let other = Self.frameBytes(.object(validObject()))
                bytes.insert(contentsOf: other[Int.random(in: 0..<other.count, using: &random)...], at: position)
            case 3:  // duplicate a stretch
                let end = min(bytes.count, position + Int.random(in: 1...16, using: &random))
                bytes.insert(contentsOf: bytes[position..<end], at: position)
            case 4:  // random bytes in
                bytes.insert(
                    contentsOf: (0..<Int.random(in: 1...8, using: &random)).map { _ in
                        UInt8.random(in: 0...255, using: &random)
                    }, at: position)
            case 5:  // delete a stretch
                bytes.removeSubrange(position..<min(bytes.count, position + Int.random(in: 1...8, using: &random)))
            case 6:  // overwrite with a JSON-significant byte
                if !bytes.isEmpty {
                    bytes[position] = Array("{}[]\":,\\0-e.un".utf8).randomElement(using: &random) ?? 0
                }
            default:  // corrupt the first length prefix: 0, max, max + 1, huge, or off by a little
                guard bytes.count >= 4 else { break }
                let length =
                    [
                        0, UInt32.max, 0x8000_0000, UInt32(1_048_576), UInt32(1_048_577),
                        UInt32.random(in: 0...64, using: &random),
                    ]
                    .randomElement(using: &random) ?? 0
                bytes.replaceSubrange(0..<4, with: Frame.lengthPrefix(length))
            }
        }
        return bytes
    }

    /// `bytes` cut into consecutive chunks: single bytes, small pieces, or a few large ones.
    public mutating func chunked(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        let style = Int.random(in: 0..<3, using: &random)
        var chunks: [ArraySlice<UInt8>] = []
        var start = 0
        while start < bytes.count {
            let size =
                switch style {
                case 0: 1
                case 1: Int.random(in: 1...7, using: &random)
                default: Int.random(in: 1...max(1, bytes.count / 2), using: &random)
                }
            let end = min(bytes.count, start + size)
            chunks.append(bytes[start..<end])
            start = end
        }
        return chunks
    }

    /// The frame bytes of any JSON value (a frame only when it is an object with a string `type`).
    public static func frameBytes(_ value: JSONValue) -> [UInt8] {
        let payload = JSONWriter.bytes(of: value)
        return Frame.lengthPrefix(UInt32(payload.count)) + payload
    }
}
