/// Agent-socket throughput through `prx-matrix run` (ping → pong, message delivery + ack) against a raw
/// socketpair carrying the same frames in the same run, and the daemon's RSS; scripts/bench-supervisor
/// runs it with larger counts. Ratios are printed, never asserted.
import Foundation
import Testing
import TestSupport
@testable import Supervisor

@Suite(.serialized) struct AgentSocketBenchmarkTests {
    /// Pings per round: `PRX_MATRIX_BENCH_FRAMES` (the bench script sets 20000), else a quick 2000.
    static var pings: Int { ProcessInfo.processInfo.environment["PRX_MATRIX_BENCH_FRAMES"].flatMap(Int.init) ?? 2000 }
    /// Messages per round: `PRX_MATRIX_BENCH_MESSAGES` (the bench script sets 2000), else 300.
    static var messages: Int {
        ProcessInfo.processInfo.environment["PRX_MATRIX_BENCH_MESSAGES"].flatMap(Int.init) ?? 300
    }
    static let rounds = 3
    /// The cumulative-ack variant acks every this many messages (and the last).
    static let cumulativeAckEvery = 16
    /// Requests kept outstanding by the pipelined client.
    static let pipelineDepth = 32

    /// Keeps `pipelineDepth` copies of `request` outstanding until `count` answers came back; returns
    /// how many did.
    private func pipeline(_ socket: BlockingFrameSocket, count: Int, request: [UInt8]) -> Int {
        var sent = 0
        var received = 0
        while sent < min(Self.pipelineDepth, count) && socket.write(request) { sent += 1 }
        while received < count, socket.nextPayload() != nil {
            received += 1
            if sent < count && socket.write(request) { sent += 1 }
        }
        return received
    }

    /// A socketpair whose far end runs `peer` on its own thread; the near end is returned.
    private func socketPair(peer: @escaping @Sendable (BlockingFrameSocket) -> Void) -> BlockingFrameSocket {
        var fds: [Int32] = [0, 0]
        _ = socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &fds)
        let far = fds[1]
        Thread {
            let socket = BlockingFrameSocket(fd: far)
            peer(socket)
            socket.close()
        }.start()
        return BlockingFrameSocket(fd: fds[0])
    }

    /// The raw anchor for pings: an echo peer that writes back every frame it reads.
    private func echoPings(count: Int, request: [UInt8]) -> (answers: Int, seconds: Double) {
        let client = socketPair { peer in
            while let payload = peer.nextPayload() { peer.write(lengthPrefix(payload.count) + payload) }
        }
        defer { client.close() }
        let began = ContinuousClock.now
        let answers = pipeline(client, count: count, request: request)
        return (answers, (ContinuousClock.now - began).secondsValue)
    }

    /// The raw anchor for delivery: a peer writes `messages` (at most `window` unacknowledged) and reads
    /// an ack for each; the client reads each message and acks it.
    private func rawDelivery(_ messages: [[UInt8]], window: Int) -> (delivered: Int, seconds: Double) {
        let frames = messages.map { lengthPrefix($0.count) + $0 }
        let client = socketPair { peer in
            var unacked = 0
            for frame in frames {
                if unacked == window {
                    guard peer.nextPayload() != nil else { return }
                    unacked -= 1
                }
                peer.write(frame)
                unacked += 1
            }
            while unacked > 0, peer.nextPayload() != nil { unacked -= 1 }
        }
        defer { client.close() }
        let began = ContinuousClock.now
        var delivered = 0
        while delivered < messages.count, client.nextPayload() != nil {
            delivered += 1
            client.send(#"{"type":"ack","seq":\#(delivered)}"#)
        }
        return (delivered, (ContinuousClock.now - began).secondsValue)
    }

    /// Through the daemon: inject `count` messages (batches of 100) and read them, acking every
    /// `ackEvery`-th and the last (cumulative acks); returns the payloads received.
    private func daemonDelivery(
        _ supervisor: SupervisorProcess, agent: BlockingFrameSocket, round: String, count: Int, firstSeq: Int,
        ackEvery: Int = 1
    ) throws -> (payloads: [[UInt8]], seconds: Double) {
        let began = ContinuousClock.now
        for start in stride(from: 0, to: count, by: 100) {
            let events = (start..<min(count, start + 100)).map { n in
                #"{"event_id":"$bench-\#(round)-\#(n)","room_id":"!room:example.org","sender":"@alice:example.org","body":"benchmark message \#(n) of round \#(round)","msgtype":"m.text","ts":1764000000000,"encrypted":false}"#
            }
            try supervisor.command(#"{"inject":[\#(events.joined(separator: ","))]}"#)
        }
        var payloads: [[UInt8]] = []
        while payloads.count < count, let payload = agent.nextPayload() {
            if payload.starts(with: Array(#"{"type":"message""#.utf8)) {
                payloads.append(Array(payload))
                if payloads.count % ackEvery == 0 || payloads.count == count {
                    agent.send(#"{"type":"ack","seq":\#(firstSeq + payloads.count - 1)}"#)
                }
            }
        }
        return (payloads, (ContinuousClock.now - began).secondsValue)
    }

    private func rss(_ pid: pid_t) -> Int {
        let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
        return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
    }

    private func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

    @Test func agentSocketFramesPerSecondAgainstARawSocketpair() async throws {
        let supervisor = try SupervisorProcess(extra: "log_level = \"warning\"")
        do {
            try await measure(supervisor)
        } catch {
            await supervisor.tearDown()
            throw error
        }
        await supervisor.tearDown()
    }

    private func measure(_ supervisor: SupervisorProcess) async throws {
        try await supervisor.start()
        let agent = try BlockingFrameSocket(path: supervisor.socketPath)
        defer { agent.close() }
        agent.send(#"{"type":"hello","protocol":1,"agent":"bench/1"}"#)
        #expect(try agent.next().type == "welcome")
        var status = try agent.next()
        while status.string("state") != "syncing" { status = try agent.next() }
        try await Task.sleep(for: .seconds(1))
        let idleRSS = rss(supervisor.pid)

        let ping = BlockingFrameSocket.frame(#"{"type":"ping","id":"bench"}"#)
        var daemonPings: [Double] = []
        var rawPings: [Double] = []
        var daemonMessages: [Double] = []
        var rawMessages: [Double] = []
        var cumulativeMessages: [Double] = []
        var delivered = 0
        for round in 0..<Self.rounds {
            // Anchor and daemon alternate so both see the same machine load.
            let raw = echoPings(count: Self.pings, request: ping)
            #expect(raw.answers == Self.pings)
            rawPings.append(Double(raw.answers) / raw.seconds)
            let began = ContinuousClock.now
            #expect(pipeline(agent, count: Self.pings, request: ping) == Self.pings)
            daemonPings.append(Double(Self.pings) / (ContinuousClock.now - began).secondsValue)

            let daemon = try daemonDelivery(
                supervisor, agent: agent, round: "\(round)", count: Self.messages, firstSeq: delivered + 1)
            let seqs = try daemon.payloads.map { try JSONSerialization.jsonObject(with: Data($0)) as? [String: Any] }
                .compactMap { ($0?["seq"] as? NSNumber)?.intValue }
            #expect(seqs == Array((delivered + 1)...(delivered + Self.messages)))
            delivered += daemon.payloads.count
            daemonMessages.append(Double(daemon.payloads.count) / daemon.seconds)
            let anchor = rawDelivery(daemon.payloads, window: 64)
            #expect(anchor.delivered == Self.messages)
            rawMessages.append(Double(anchor.delivered) / anchor.seconds)
            let cumulative = try daemonDelivery(
                supervisor, agent: agent, round: "c\(round)", count: Self.messages, firstSeq: delivered + 1,
                ackEvery: Self.cumulativeAckEvery)
            #expect(cumulative.payloads.count == Self.messages)
            delivered += cumulative.payloads.count
            cumulativeMessages.append(Double(cumulative.payloads.count) / cumulative.seconds)
        }
        let loadedRSS = rss(supervisor.pid)
        print(
            String(
                format:
                    "bench agent-socket ping→pong pings=%d: daemon %.0f frames/s | raw socketpair echo %.0f frames/s | ratio %.3f",
                Self.pings, median(daemonPings), median(rawPings), median(daemonPings) / median(rawPings)))
        print(
            String(
                format:
                    "bench agent-socket delivery+ack messages=%d: daemon %.0f msgs/s | raw socketpair %.0f msgs/s | ratio %.4f",
                Self.messages, median(daemonMessages), median(rawMessages), median(daemonMessages) / median(rawMessages)
            ))
        print(
            String(
                format:
                    "bench agent-socket delivery+cumulative-ack messages=%d ack-every=%d: daemon %.0f msgs/s | one ack per message %.0f msgs/s | ratio %.2f",
                Self.messages, Self.cumulativeAckEvery, median(cumulativeMessages), median(daemonMessages),
                median(cumulativeMessages) / median(daemonMessages)))
        print("bench supervisor-rss debug: idle \(idleRSS) kB | after \(Self.rounds) rounds of load \(loadedRSS) kB")
    }
}
