/// Downtime end to end: catch-up after the daemon was stopped, a 429 storm, Synapse stopped and restarted.
import Foundation
import Testing
import TestSupport

@Suite(.serialized) struct ResilienceEndToEndTests {
    @Test func messagesSentWhileTheDaemonWasStoppedAreDeliveredOnceInOrder() async throws {
        let rig = try await EndToEndRig.make()
        defer { Task { await rig.remove() } }
        let stopped = try await rig.withDaemon { daemon in
            let first = try await rig.agent()
            try await first.state("syncing")
            try await rig.aliceSays("before")
            try await first.messages(1)
            first.close()
            return await rig.stop(daemon)
        }
        #expect(stopped == 0)

        var sent: [String] = []
        for i in 1...50 { sent.append(try await rig.aliceSays("while down \(i)")) }
        try await rig.withDaemon { _ in
            let agent = try await rig.agent()
            try await agent.messages(50)
            try await rig.aliceSays("after")
            try await agent.messages(51)
            let ids = agent.messages.compactMap { $0.string("event_id") }
            #expect(Array(ids.prefix(50)) == sent)
            #expect(agent.messages.last?.string("body") == "after")
            #expect(Set(ids).count == ids.count)
            let seqs = agent.messages.compactMap { $0.int("seq") }
            #expect(zip(seqs, seqs.dropFirst()).allSatisfy { $0 < $1 })
        }
    }

    @Test func aRateLimitStormDropsNothingAndDoublesNothing() async throws {
        let rig = try await EndToEndRig.make()
        defer { Task { await rig.remove() } }
        let admin = try await rig.synapse.register(user: "admin", password: "pw-admin", admin: true)
        let override = try await rig.synapse.request(
            method: "POST", path: "/_synapse/admin/v1/users/\(rig.bot.userID)/override_ratelimit",
            token: admin.accessToken,
            json: ["messages_per_second": 1, "burst_count": 2])
        #expect(override.status == 200)
        try await rig.withDaemon { _ in
            let agent = try await rig.agent()
            try await agent.state("syncing")

            let ids = (1...30).map { "storm-\($0)" }
            for id in ids { try await agent.sendMessage(id: id, body: "reply \(id)", ["format": "plain"]) }
            try await agent.sent(ids, seconds: 180)
            for id in ids { #expect(agent.outcomes(id).map(\.type) == ["sent"], "\(id)") }
            #expect(bodies(try await rig.botMessages()) == ids.map { "reply \($0)" })
            #expect(rig.fullLog.contains("rate limited"), "the storm never met the limit")
        }
    }

    @Test func aHomeserverRestartLosesNothingEitherWay() async throws {
        let rig = try await EndToEndRig.make()
        defer { Task { await rig.remove() } }
        try await rig.withDaemon { _ in
            let agent = try await rig.agent()
            try await agent.state("syncing")
            var inbound: [String] = []
            for i in 1...5 { inbound.append(try await rig.aliceSays("before \(i)")) }
            try await agent.messages(5)

            // Requests made just before and during the outage are queued and sent once it is over.
            let before = (1...5).map { "before-\($0)" }
            for id in before { try await agent.sendMessage(id: id, body: id, ["format": "plain"]) }
            let restart = Task { try await rig.synapse.restart() }
            let during = (1...5).map { "during-\($0)" }
            for id in during { try await agent.sendMessage(id: id, body: id, ["format": "plain"]) }
            try await restart.value
            for i in 1...5 { inbound.append(try await rig.aliceSays("after \(i)")) }
            try await agent.sent(before + during, seconds: 180)
            try await agent.messages(10)
            for id in before + during { #expect(agent.outcomes(id).map(\.type) == ["sent"], "\(id)") }
            #expect(agent.messages.compactMap { $0.string("event_id") } == inbound)
            #expect(bodies(try await rig.botMessages()) == before + during)
        }
    }
}
