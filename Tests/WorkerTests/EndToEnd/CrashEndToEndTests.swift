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

            let killer = Task { () -> Int in
                var random = SeededRandom(seed: seed)
                var kills = 0
                while !Task.isCancelled {
                    try? await Task.sleep(for: .milliseconds(Int.random(in: 300...1500, using: &random)))
                    if !Task.isCancelled, let pid = rig.workerPID(of: daemon), kill(pid, SIGKILL) == 0 { kills += 1 }
                }
                return kills
            }
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
            try await agent.sent(out, seconds: Double(60 + count))
            try await agent.messages(count, seconds: Double(60 + count))
            killer.cancel()
            let kills = await killer.value
            print("kill -9 run: \(count) messages each way, \(kills) worker kills, seed \(seed)")

            #expect(kills > 0)
            #expect(inbound.count == count)
            let delivered = agent.messages.compactMap { $0.string("event_id") }
            #expect(delivered == inbound, "seed \(seed)")
            for id in out { #expect(agent.outcomes(id).map(\.type) == ["sent"], "\(id), seed \(seed)") }
            #expect(bodies(try await rig.botMessages()) == out, "seed \(seed)")
        }
    }
}
