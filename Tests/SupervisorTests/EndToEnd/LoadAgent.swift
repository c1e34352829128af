/// A test agent under load: sends requests with unique ids, acks as it goes, reconnects now and then
/// (and whenever the daemon goes away), and records every frame it gets for the end-to-end checks.
import Foundation
import TestSupport
import Shared

/// What the agent saw over the whole run.
struct LoadRecord: Sendable {
    /// Every `message` received: the session it came in, its seq and event id.
    var deliveries: [(session: Int, seq: Int64, eventID: String)] = []
    /// `message`s whose event id had been received before (after a reconnect).
    var redeliveries = 0
    /// The first seq of each session and the last ack the daemon had confirmed (a `pong` after the
    /// `ack`) when that session began.
    var sessionStarts: [(firstSeq: Int64, confirmedAck: Int64)] = []
    /// `sent` frames per request id, with their event ids.
    var sent: [String: [String]] = [:]
    /// How often each request id was written (more than once: repeated after a reconnect).
    var written: [String: Int] = [:]
    /// `failed` and `error` frames (there should be none).
    var problems: [String] = []
    /// Sessions (hellos answered with welcome).
    var sessions = 0
    /// Connections the daemon closed under the agent (its kill -9).
    var lostConnections = 0
}

/// Drives one agent until every request is answered `sent` and `expectedMessages` distinct messages are
/// delivered and acknowledged.
actor LoadAgent {
    private let socketPath: String
    private let ids: [String]
    private let expectedMessages: Int
    /// Request n is written no earlier than n × this after the start (spreads the sends over the run).
    private let sendInterval: Duration
    private var random: SeededRandom
    private var record = LoadRecord()

    private var agent: RawAgent?
    private var nextSend = 0
    /// Requests written without a `sent` yet (repeated after every reconnect).
    private var unanswered: [String] = []
    private var seqOfEvent: [String: Int64] = [:]
    private var lastSeqInSession: Int64?
    private var highestSeq: Int64 = 0
    private var lastAck: Int64 = 0
    /// The highest ack followed by a `pong`: the daemon has committed it.
    private var confirmedAck: Int64 = 0
    private var pingCounter = 0
    /// The ping sent right after `hello`, until its pong.
    private var sessionPing: String?
    /// This session's pong to ``sessionPing`` came before any message.
    private var nothingRedelivered = false

    /// An agent for `socketPath` that sends `sends` requests and expects `messages` inbound ones.
    init(socketPath: String, sends: Int, messages: Int, sendInterval: Duration, seed: UInt64) {
        self.socketPath = socketPath
        self.sendInterval = sendInterval
        ids = (1...sends).map { String(format: "load-%04d", $0) }
        expectedMessages = messages
        random = SeededRandom(seed: seed)
    }

    /// Runs until done (or `seconds` pass: then it returns what it saw, and the checks fail).
    func run(seconds: Double = 180) async throws -> LoadRecord {
        let began = ContinuousClock.now
        let deadline = began + .seconds(seconds)
        while ContinuousClock.now < deadline && !finished {
            guard let agent = try await connected() else { continue }
            if nextSend < ids.count && unanswered.count < Int.random(in: 1...6, using: &random)
                && ContinuousClock.now >= began + sendInterval * nextSend
            {
                unanswered.append(ids[nextSend])
                record.written[ids[nextSend], default: 0] += 1
                await agent.send(#"{"type":"send","id":"\#(ids[nextSend])","body":"load \#(nextSend)"}"#)
                nextSend += 1
            }
            guard try await readOne(from: agent, seconds: 0.02) else { continue }
            if let last = lastSeqInSession, last > lastAck, random.oneIn(4) { await acknowledge(agent) }
            if record.sent.count == ids.count && seqOfEvent.count == expectedMessages {
                _ = try await confirm(agent)
                continue
            }
            if random.oneIn(120) { try await reconnect(agent, confirmFirst: random.oneIn(2)) }
        }
        // Anything more (a second `sent`, a message twice) would show now.
        if let agent { _ = try await confirm(agent) }
        agent?.close()
        return record
    }

    private var finished: Bool {
        record.sent.count == ids.count && seqOfEvent.count == expectedMessages && nextSend == ids.count
            && (confirmedAck == highestSeq || nothingRedelivered)
    }

    /// The current connection, or a new one with `hello` said and every unanswered request repeated;
    /// nil while the daemon is not there (it is being restarted).
    private func connected() async throws -> RawAgent? {
        if let agent { return agent }
        guard let fresh = try? RawAgent(path: socketPath) else {
            try await Task.sleep(for: .milliseconds(20))
            return nil
        }
        await fresh.send(#"{"type":"hello","protocol":1,"agent":"load/1"}"#)
        guard let welcome = try? await fresh.next(), welcome.type == "welcome" else {
            fresh.close()
            try await Task.sleep(for: .milliseconds(20))
            return nil
        }
        agent = fresh
        record.sessions += 1
        lastSeqInSession = nil
        nothingRedelivered = false
        lastAck = confirmedAck
        for id in unanswered {
            record.written[id, default: 0] += 1
            await fresh.send(#"{"type":"send","id":"\#(id)","body":"repeat"}"#)
        }
        // The redelivery is written while `hello` is handled, so before the answer to this ping.
        pingCounter += 1
        sessionPing = "session-\(pingCounter)"
        await fresh.send(#"{"type":"ping","id":"\#(sessionPing ?? "")"}"#)
        return fresh
    }

    /// Reads and handles at most one frame; false when the connection is gone.
    private func readOne(from agent: RawAgent, seconds: Double) async throws -> Bool {
        let frame: ReceivedFrame?
        do {
            frame = try await agent.next(seconds: seconds)
        } catch is RawAgentError {
            return true  // nothing arrived in time
        }
        guard let frame else {
            record.lostConnections += 1
            dropConnection()
            return false
        }
        handle(frame)
        return true
    }

    private func handle(_ frame: ReceivedFrame) {
        switch frame.type {
        case "message":
            guard let seq = frame.int("seq"), let eventID = frame.string("event_id") else {
                record.problems.append("message without seq or event_id: \(frame.text)")
                return
            }
            if lastSeqInSession == nil { record.sessionStarts.append((seq, confirmedAck)) }
            nothingRedelivered = false
            if let last = lastSeqInSession, seq != last + 1 {
                record.problems.append("seq \(seq) after \(last) in one session")
            }
            lastSeqInSession = seq
            if let earlier = seqOfEvent[eventID] {
                record.redeliveries += 1
                if earlier != seq { record.problems.append("\(eventID) came with seq \(earlier), then \(seq)") }
            }
            seqOfEvent[eventID] = seq
            highestSeq = max(highestSeq, seq)
            record.deliveries.append((record.sessions, seq, eventID))
        case "sent":
            guard let id = frame.string("id"), let eventID = frame.string("event_id") else {
                record.problems.append("sent without id or event_id: \(frame.text)")
                return
            }
            record.sent[id, default: []].append(eventID)
            unanswered.removeAll { $0 == id }
        case "pong" where frame.string("id") == sessionPing:
            // Nothing redelivered (so far): the daemon's ack covers everything delivered before. Only
            // the end of the run relies on this; the redelivery checks use the confirmed ack.
            nothingRedelivered = lastSeqInSession == nil
            sessionPing = nil
        case "accepted", "status", "pong":
            break
        default:
            record.problems.append(frame.text)
        }
    }

    private func acknowledge(_ agent: RawAgent) async {
        lastAck = lastSeqInSession ?? lastAck
        await agent.send(#"{"type":"ack","seq":\#(lastAck)}"#)
    }

    /// Acks what arrived and waits for a `pong` behind it, handling what comes meanwhile.
    private func confirm(_ agent: RawAgent) async throws -> Bool {
        if let last = lastSeqInSession, last > lastAck { await acknowledge(agent) }
        let acked = lastAck
        pingCounter += 1
        let ping = "confirm-\(pingCounter)"
        await agent.send(#"{"type":"ping","id":"\#(ping)"}"#)
        while true {
            let frame: ReceivedFrame?
            do { frame = try await agent.next() } catch is RawAgentError { return false }
            guard let frame else {
                record.lostConnections += 1
                dropConnection()
                return false
            }
            if frame.type == "pong" && frame.string("id") == ping {
                confirmedAck = max(confirmedAck, acked)
                return true
            }
            handle(frame)
        }
    }

    /// Closes the session on purpose: after a confirmed ack, or abruptly.
    private func reconnect(_ agent: RawAgent, confirmFirst: Bool) async throws {
        if confirmFirst { _ = try await confirm(agent) }
        dropConnection()
    }

    private func dropConnection() {
        agent?.close()
        agent = nil
    }
}
