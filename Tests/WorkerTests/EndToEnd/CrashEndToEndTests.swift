/// kill -9 of the real worker at random moments while messages flow both ways: nothing lost, nothing doubled.
import Foundation
import Shared
import Testing
import TestSupport

#if canImport(Glibc)
    import Glibc
#endif

@Suite(.serialized) struct CrashEndToEndTests {
    /// Messages each way: 100 in the suite, `PRX_MATRIX_E2E_MESSAGES` (e.g. 500) by hand.
    private static let count = ProcessInfo.processInfo.environment["PRX_MATRIX_E2E_MESSAGES"].flatMap(Int.init) ?? 100

    @Test func killNineDuringABidirectionalRunLosesAndDoublesNothing() async throws {
        let rig = try await EndToEndRig.make(extra: "crash_loop_max_restarts = 1000")
        defer { Task { await rig.remove() } }
        try await rig.withDaemon { daemon in
            let agent = try await rig.agent()
            try await agent.state("syncing")
            let count = Self.count
            let seed = UInt64(Date().timeIntervalSince1970 * 1000)

            let killer = Task { await WorkerKiller(rig: rig, daemon: daemon, seed: seed).run() }
            let peer = Task { () -> [String] in
                var ids: [String] = []
                for i in 1...count {
                    // Synapse itself may be busy for a moment; a send that failed is repeated with a new txn id.
                    for _ in 0..<20 {
                        if let id = try? await rig.aliceSays("in \(i)") {
                            ids.append(id)
                            break
                        }
                    }
                }
                return ids
            }
            let out = (1...count).map { "out-\($0)" }
            for id in out { try await agent.sendMessage(id: id, body: id, ["format": "plain"]) }
            let inbound = await peer.value
            // Bounded by progress, not by total time: the run fails when nothing moves for 120 s.
            try await agent.sent(out, stalledFor: 120)
            try await agent.messages(count, stalledFor: 120)
            killer.cancel()
            let tally = await killer.value
            print(
                "kill -9 run: \(count) messages each way, \(tally.kills) worker kills "
                    + "(\(tally.duringStartUp) during start-up), seed \(seed)")

            #expect(tally.kills > 0)
            #expect(inbound.count == count)
            let delivered = agent.messages.compactMap { $0.string("event_id") }
            #expect(delivered == inbound, "seed \(seed)")
            for id in out { #expect(agent.outcomes(id).map(\.type) == ["sent"], "\(id), seed \(seed)") }
            #expect(bodies(try await rig.botMessages()) == out, "seed \(seed)")
        }
    }
}
