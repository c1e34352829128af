/// The issue's central test: `prx-matrix run` and the fake worker as processes, a raw agent under a
/// bidirectional load, and SIGKILLs of the worker (and of the supervisor) at seeded random moments:
/// nothing lost, nothing doubled.
import Foundation
import Shared
import Testing
import TestSupport

@Suite(.serialized) struct LoadEndToEndTests {
    /// One load run: how much traffic and what gets killed when.
    struct Scenario {
        var seed: UInt64
        var sends: Int
        var messages: Int
        var batchSize = 10
        var workerKills: Int
        var supervisorKills: Int
    }

    /// What the run did besides the agent's record.
    struct Chaos {
        var workerKills = 0
        var supervisorKills = 0
    }

    static func event(_ n: Int) -> String {
        #"{"event_id":"$in-\#(n)","room_id":"!room:example.org","sender":"@alice:example.org","body":"inbound \#(n)","msgtype":"m.text","ts":\#(1_764_000_000_000 + n),"encrypted":false}"#
    }

    /// Injects the messages batch by batch with random pauses, killing the worker or the supervisor
    /// after the batches the seed picks, while the agent sends and acks; then checks everything.
    private func run(_ scenario: Scenario) async throws {
        let supervisor = try SupervisorProcess(
            extra: "crash_loop_max_restarts = 1000\ncrash_loop_window_secs = 1\nlog_level = \"notice\"",
            reliability: "channel_initial_backoff_secs = 1\nchannel_max_backoff_secs = 1")
        do {
            try await run(scenario, on: supervisor)
        } catch {
            await supervisor.tearDown()
            throw error
        }
        await supervisor.tearDown()
    }

    private func run(_ scenario: Scenario, on supervisor: SupervisorProcess) async throws {
        try await supervisor.start()
        var random = SeededRandom(seed: scenario.seed)
        let batches = (scenario.messages + scenario.batchSize - 1) / scenario.batchSize
        var steps = Array(0..<batches).shuffled(using: &random)
        let workerKillSteps = Set(steps.prefix(scenario.workerKills))
        steps.removeFirst(scenario.workerKills)
        let supervisorKillSteps = Set(steps.prefix(scenario.supervisorKills))

        let agent = LoadAgent(
            socketPath: supervisor.socketPath, sends: scenario.sends, messages: scenario.messages,
            sendInterval: .milliseconds(40), seed: scenario.seed &+ 1)
        let agentRun = Task { try await agent.run() }
        var chaos = Chaos()
        for step in 0..<batches {
            let range = (step * scenario.batchSize + 1)...min(scenario.messages, (step + 1) * scenario.batchSize)
            try supervisor.command(#"{"inject":[\#(range.map(Self.event).joined(separator: ","))]}"#)
            try await Task.sleep(for: .milliseconds(Int.random(in: 20...250, using: &random)))
            if workerKillSteps.contains(step) {
                // The restart backoff may still run after the previous kill: wait (bounded) for a live worker.
                var pid: pid_t?
                _ = try await eventually(seconds: 60) {
                    pid = supervisor.workerPID()
                    return pid != nil
                }
                let worker = try #require(pid, "no worker ran to kill at step \(step)")
                kill(worker, SIGKILL)
                chaos.workerKills += 1
            }
            if supervisorKillSteps.contains(step) {
                try await supervisor.killNine()
                chaos.supervisorKills += 1
                try await supervisor.start()
            }
        }
        let record = try await agentRun.value
        let sends = supervisor.journal("send").map { entry -> (row: Int64, txn: String) in
            guard case .int(let row)? = entry["row"], case .string(let txn)? = entry["txn_id"] else { return (0, "") }
            return (row, txn)
        }
        verify(record, journal: sends, scenario: scenario)
        #expect(chaos.workerKills == scenario.workerKills && chaos.supervisorKills == scenario.supervisorKills)
        let distinctTxns = Set(sends.map(\.txn)).count
        let summary = [
            "load seed=\(scenario.seed): \(scenario.messages) messages, \(scenario.sends) sends",
            "worker kills \(chaos.workerKills), supervisor kills \(chaos.supervisorKills)",
            "agent sessions \(record.sessions) (\(record.lostConnections) closed by a kill)",
            "deliveries \(record.deliveries.count) (redeliveries \(record.redeliveries))",
            "requests repeated \(record.written.values.filter { $0 > 1 }.count)",
            "ids answered twice \(record.sent.values.filter { $0.count > 1 }.count)",
            "journal sends \(sends.count) for \(distinctTxns) txn ids",
        ]
        print(summary.joined(separator: ", "))
    }

    /// The end-to-end guarantees, from the agent's record and the fake worker's journal of sends.
    private func verify(_ record: LoadRecord, journal: [(row: Int64, txn: String)], scenario: Scenario) {
        #expect(record.problems.isEmpty, "\(record.problems.prefix(10))")
        // Inbound: every injected event exactly once by event id, seqs 1...M without gaps.
        let distinct = Dictionary(
            record.deliveries.map { ($0.eventID, $0.seq) }, uniquingKeysWith: { first, _ in first })
        #expect(Set(distinct.keys) == Set((1...scenario.messages).map { "$in-\($0)" }))
        #expect(distinct.values.sorted() == (1...scenario.messages).map(Int64.init))
        #expect(record.deliveries.count - scenario.messages == record.redeliveries)
        // Redelivery only above the last ack the daemon had confirmed when the session began.
        for start in record.sessionStarts {
            #expect(
                start.firstSeq > start.confirmedAck,
                "a session began at \(start.firstSeq), acked up to \(start.confirmedAck)")
        }
        // Outbound: every id answered `sent` with one final event id, all different. An id is answered
        // once per time it was written: a request repeated after a reconnect may meet both the worker's
        // outcome (told to the new session) and the recorded outcome (the answer to the repeat).
        let ids = (1...scenario.sends).map { String(format: "load-%04d", $0) }
        #expect(Set(record.sent.keys) == Set(ids))
        for (id, answers) in record.sent {
            #expect(Set(answers).count == 1, "\(id) was answered with different event ids: \(answers)")
            #expect(
                answers.count <= record.written[id] ?? 0,
                "\(id): \(answers.count) sent for \(record.written[id] ?? 0) requests")
        }
        let eventIDs = record.sent.values.compactMap(\.first)
        #expect(Set(eventIDs).count == scenario.sends)
        // The journal: each row keeps one transaction id; one transaction id per agent id; every
        // answered event id is the fake worker's answer to one of them.
        var txnOfRow: [Int64: Set<String>] = [:]
        for entry in journal { txnOfRow[entry.row, default: []].insert(entry.txn) }
        #expect(txnOfRow.values.allSatisfy { $0.count == 1 } && txnOfRow[0] == nil)
        let txns = Set(journal.map(\.txn))
        #expect(txns.count == scenario.sends)
        #expect(Set(eventIDs) == Set(txns.map { "$fake-\($0)" }))
    }

    @Test func workerKilledAtRandomDuringABidirectionalLoadLosesAndDoublesNothing() async throws {
        var random = SeededRandom(seed: 0x5107_AD01)
        try await run(
            Scenario(
                seed: 0x5107_AD01, sends: 300, messages: 300, workerKills: Int.random(in: 8...15, using: &random),
                supervisorKills: 0))
    }

    @Test func supervisorKilledAtRandomDuringABidirectionalLoadLosesAndDoublesNothing() async throws {
        try await run(Scenario(seed: 0x5107_AD02, sends: 200, messages: 200, workerKills: 3, supervisorKills: 3))
    }
}
