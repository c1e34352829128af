/// Valid messages of all four message types with random content, for ``FrameMutator`` (test/fuzz aid).

import Logging

extension FrameMutator {
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
}
