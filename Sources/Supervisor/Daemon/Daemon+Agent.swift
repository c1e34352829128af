/// The agent's frames: the handshake and every request of PROTOCOL.md, answered per docs/PROTOCOL.md.
import Foundation
import Logging
import Shared

extension Daemon {
    /// Handles one well-formed frame of connection `id`.
    func receive(_ frame: Frame, from id: Int) async {
        guard let phase = connections[id]?.phase else { return }
        if phase == .awaitingHello && frame.type != "hello" {
            refuse(id, .helloRequired(got: frame.type))
            return
        }
        let request: AgentRequest
        do {
            request = try AgentRequest(frame: frame)
        } catch {
            write(.error(AgentError(error)), to: id)
            return
        }
        switch request {
        case .hello(let version, let agent):
            await hello(version: version, agent: agent, frame: frame, from: id)
        case .ping(let pingID):
            write(.pong(id: pingID), to: id)
        case .unknown(let type):
            write(.error(.unknownType(type)), to: id)
        case .ack, .send, .react, .typing, .done:
            guard phase == .agent else {
                write(
                    .error(
                        AgentError(
                            code: .badRequest,
                            message: "\(frame.type): this is an observer session (hello with \"observe\":true), "
                                + "which may only ping; say hello without \"observe\" to act as the agent",
                            field: "type")), to: id)
                return
            }
            await handle(request, from: id)
        }
    }

    /// `hello`: checks the version, supersedes the active session (unless observing), answers `welcome`
    /// and `status`, then (re)delivers everything above the last ack.
    private func hello(version: Int64, agent: String?, frame: Frame, from id: Int) async {
        guard version == Int64(ProjectInfo.agentProtocolVersion) else {
            refuse(id, .unsupportedProtocol(version))
            return
        }
        let observe: Bool
        switch frame.object["observe"] {
        case nil, .null?, .bool(false)?: observe = false
        case .bool(true)?: observe = true
        case let other?:
            write(
                .error(
                    AgentError(
                        code: .badRequest, message: "hello: field \"observe\" must be a boolean, found \(other.kind)",
                        field: "observe")), to: id)
            return
        }
        if observe {
            connections[id]?.phase = .observer
            logger.debug("agent connection \(id): observer \(agent ?? "(unnamed)")")
            sendWelcome(to: id)
            return
        }
        let lastAcked: Int64
        do {
            lastAcked = try store.lastAckedSeq()
        } catch {
            logger.error("hello: cannot read the queue: \(error)")
            write(
                .error(AgentError(code: .internal, message: "the daemon cannot read its queue; try again later")),
                to: id)
            return
        }
        guard connections[id] != nil else { return }
        if let old = session?.connection, old != id {
            refuse(old, .superseded)
        }
        connections[id]?.phase = .agent
        sessionGeneration += 1
        session = DeliverySession(connection: id, generation: sessionGeneration, sentUpTo: lastAcked)
        logger.info("agent session started on connection \(id): \(agent ?? "(unnamed agent)")")
        sendWelcome(to: id)
        await pump(.delivery)
    }

    private func sendWelcome(to id: Int) {
        let welcome = Welcome(
            userID: identity?.userID ?? config.userID?.rawValue ?? workerSettings.userID,
            deviceID: identity?.deviceID ?? config.deviceID ?? workerSettings.deviceID,
            rooms: rooms.configured, state: status.state, daemon: "prx-matrix/\(ProjectInfo.version)",
            maxFrameBytes: Int64(config.maxFrameBytes), window: Int64(config.window))
        write(.welcome(welcome), to: id)
        write(.status(status.state, detail: status.detail), to: id)
    }

    /// The requests of an active session.
    private func handle(_ request: AgentRequest, from id: Int) async {
        switch request {
        case .ack(let seq):
            await acknowledge(seq, from: id)
        case .send(let send):
            guard let room = await resolveRoom(send.roomID, id: send.id, from: id) else { return }
            var resolved = send
            resolved.roomID = room
            await enqueue(id: send.id, kind: .send, room: room, request: .send(resolved), from: id)
        case .react(let react):
            guard let room = await resolveRoom(react.roomID, id: react.id, from: id) else { return }
            var resolved = react
            resolved.roomID = room
            await enqueue(id: react.id, kind: .react, room: room, request: .react(resolved), from: id)
        case .typing(let typing):
            guard let room = await resolveRoom(typing.roomID, id: nil, from: id) else { return }
            await worker.send(
                .typing(
                    roomID: room, typing: typing.typing, timeoutMS: typing.timeoutMS ?? TypingRequest.defaultTimeoutMS))
        case .done(let eventID):
            await done(eventID, from: id)
        case .hello, .ping, .unknown:
            break
        }
    }

    /// The room for `requested`, or nil after answering the error.
    private func resolveRoom(_ requested: String?, id requestID: String?, from id: Int) async -> String? {
        let store = self.store
        switch await rooms.resolve(requested, id: requestID, inInbox: { (try? store.inboxHasRoom($0)) ?? false }) {
        case .room(let room):
            if let requested, requested.hasPrefix("!") { rooms.noteInbound([requested]) }
            return room
        case .refused(let error):
            write(.error(error), to: id)
            return nil
        }
    }

    /// `ack`: cumulative; beyond the highest seq delivered is `bad_request`.
    private func acknowledge(_ seq: Int64, from id: Int) async {
        guard seq <= highestDelivered else {
            write(
                .error(
                    AgentError(
                        code: .badRequest,
                        message: "ack: seq \(seq) is beyond the highest seq delivered (\(highestDelivered)); "
                            + "acknowledge only seqs of messages received", field: "seq")), to: id)
            return
        }
        do {
            try store.ack(upTo: seq, receiptJobs: config.receiptReaction != nil)
        } catch {
            logger.error("ack \(seq): the queue failed: \(error)")
            write(.error(AgentError(code: .internal, message: "ack: the daemon could not record it: \(error)")), to: id)
            return
        }
        if var current = session, current.connection == id {
            current.inFlight.removeAll { $0 <= seq }
            current.sentUpTo = max(current.sentUpTo, seq)
            session = current
        }
        await pump(.delivery)
        await pump(.jobs)
    }

    /// `send`/`react`: durably queued before `accepted`; a known id gets its recorded outcome.
    private func enqueue(id requestID: String, kind: OutboxKind, room: String, request: AgentRequest, from id: Int)
        async
    {
        let result: EnqueueResult
        do {
            result = try store.enqueue(
                id: requestID, kind: kind, roomID: room, payload: Data(JSONWriter.bytes(of: request.jsonObject)))
        } catch {
            logger.error("\(kind.rawValue) \(requestID): the queue failed: \(error)")
            write(
                .error(
                    AgentError(
                        code: .internal,
                        message: "\(kind.rawValue): the daemon could not queue it (\(error)); "
                            + "nothing was accepted, repeat it later", id: requestID)), to: id)
            return
        }
        write(.accepted(id: requestID), to: id)
        switch result {
        case .accepted, .pending: await pump(.outbox)
        case .sent(let eventIDs): write(.sent(id: requestID, eventIDs: eventIDs), to: id)
        case .failed(let code, let message): write(.failed(id: requestID, code: code, message: message), to: id)
        }
    }

    /// `done`: queues the completion reaction and the read receipt (once per event).
    private func done(_ eventID: String, from id: Int) async {
        do {
            try store.markDone(eventID: eventID)
        } catch QueueError.unknownEvent {
            write(
                .error(
                    AgentError(
                        code: .badRequest, message: "done: \(eventID) is not an event the daemon delivered",
                        field: "event_id")), to: id)
            return
        } catch {
            logger.error("done \(eventID): the queue failed: \(error)")
            write(
                .error(AgentError(code: .internal, message: "done: the daemon could not record it: \(error)")), to: id)
            return
        }
        await pump(.jobs)
    }
}
