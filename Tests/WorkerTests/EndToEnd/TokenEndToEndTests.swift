/// Token scenarios with the real worker: a revoked token and a new one by config + SIGHUP; expiring refreshable tokens.
import Foundation
import Testing
import TestSupport

#if canImport(Glibc)
    import Glibc
#endif

@Suite(.serialized) struct TokenEndToEndTests {
    @Test func aRevokedTokenWaitsInTokenExpiredThenANewTokenAndSIGHUPSendEverythingOnce() async throws {
        let rig = try await EndToEndRig.make()
        defer { Task { await rig.remove() } }
        try await rig.withDaemon { daemon in
            let agent = try await rig.agent()
            try await agent.state("syncing")

            // Synapse 1.163 keeps old tokens on a same-device re-login: revoke with /logout, then log in again.
            let logout = try await rig.synapse.request(
                method: "POST", path: "/_matrix/client/v3/logout", token: rig.bot.accessToken, json: [:])
            #expect(logout.status == 200)
            try await agent.state("token_expired")
            let ids = ["t1", "t2", "t3"]
            for id in ids { try await agent.sendMessage(id: id, body: "queued \(id)", ["format": "plain"]) }
            try await agent.wait(for: "accepted") { frames in
                ids.allSatisfy { id in frames.contains { $0.type == "accepted" && $0.string("id") == id } }
            }
            #expect(!agent.frames.contains { $0.type == "sent" })
            let meanwhile = try await rig.aliceSays("while the token was dead")

            let next = try await rig.synapse.login(
                user: "bot", password: EndToEndRig.botPassword, deviceID: rig.bot.deviceID)
            #expect(next.deviceID == rig.bot.deviceID)
            let mark = agent.frames.count
            try rig.writeConfig(token: next.accessToken)
            kill(daemon.processIdentifier, SIGHUP)
            try await agent.state("syncing", after: mark)
            // The daemon's whoami calls (at start and for the new token) ran in `prx-matrix http-exchange`
            // children: the daemon itself never maps libcurl; its worker does.
            #expect(!EndToEndRig.mappedFiles(of: daemon.processIdentifier).contains { $0.contains("libcurl") })
            let worker = try #require(rig.workerPID(of: daemon))
            #expect(EndToEndRig.mappedFiles(of: worker).contains { $0.contains("libcurl") })
            try await agent.sent(ids)
            try await agent.messages(1)
            for id in ids { #expect(agent.outcomes(id).map(\.type) == ["sent"], "\(id)") }
            #expect(agent.messages.map { $0.string("event_id") } == [meanwhile])
            #expect(bodies(try await rig.botMessages()) == ids.map { "queued \($0)" })
            #expect(!rig.fullLog.contains(rig.bot.accessToken) && !rig.fullLog.contains(next.accessToken))
        }
    }

    @Test func expiringRefreshableTokensFromLoginAreRefreshedWhileTrafficFlows() async throws {
        let rig = try await EndToEndRig.make(
            overlay: "refreshable_access_token_lifetime: 5s\nrefresh_token_lifetime: 24h\n")
        defer { Task { await rig.remove() } }
        let login = try await rig.login(password: EndToEndRig.botPassword)
        #expect(login.status == 0, "\(login.output)")
        try await rig.withDaemon { _ in
            let agent = try await rig.agent()
            try await agent.state("syncing")

            // About 16 s of traffic both ways: the 5 s tokens expire several times on the way.
            var inbound: [String] = []
            let ids = (1...8).map { "r\($0)" }
            for id in ids {
                try await agent.sendMessage(id: id, body: id, ["format": "plain"])
                inbound.append(try await rig.aliceSays("in \(id)"))
                try await Task.sleep(for: .seconds(2))
            }
            try await agent.sent(ids)
            try await agent.messages(ids.count)
            for id in ids { #expect(agent.outcomes(id).map(\.type) == ["sent"], "\(id)") }
            #expect(agent.messages.map { $0.string("event_id") } == inbound)
            #expect(bodies(try await rig.botMessages()) == ids)
            #expect(rig.fullLog.contains("refreshed the access token"))
        }
    }
}

extension EndToEndRig {
    /// `prx-matrix login --config` with `password` on stdin; the exit status and the output.
    func login(password: String) async throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = RepoPaths.product("prx-matrix")
        process.arguments = ["login", "--config", configPath]
        process.environment = ["HOME": root, "PATH": "/usr/bin:/bin"]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        try process.run()
        input.fileHandleForWriting.write(Data(password.utf8))
        try input.fileHandleForWriting.close()
        let (status, text) = await process.outputAndExit(of: output)
        return (status, String(decoding: text, as: UTF8.self))
    }

    /// The files `pid` has mapped (`/proc/<pid>/maps`, read to its end: the file reports no size).
    static func mappedFiles(of pid: pid_t) -> Set<String> {
        let maps = FileHandle(forReadingAtPath: "/proc/\(pid)/maps").flatMap { try? $0.readToEnd() } ?? Data()
        return Set(
            String(decoding: maps, as: UTF8.self).split(separator: "\n").compactMap { line in
                line.split(separator: " ", omittingEmptySubsequences: true).dropFirst(5).first.map(String.init)
            })
    }
}
