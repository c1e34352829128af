/// Rotation by re-login with the same device id against a real Synapse: the old token dies, the config
/// gets the new one, and SIGHUP (or the config change alone) restarts the worker; nothing queued is lost or doubled.
import Foundation
@testable import Supervisor
import Testing
import TestSupport

@Suite(.serialized) struct RotationTests {
    /// Runs `body` with a daemon on the registered bot's token, an agent connected, the worker syncing;
    /// the daemon is stopped (awaited) afterwards, whether `body` returned or threw.
    private func running(
        _ rig: TokenRig, _ body: (SynapseAccount, Process, RawAgent) async throws -> Void
    ) async throws {
        let first = try await rig.synapse.register(user: "bot", password: "pw-rotate")
        try rig.writeConfig(token: first.accessToken, deviceID: first.deviceID)
        try await rig.withDaemon { daemon in
            #expect(try await eventually(seconds: 120) { FileManager.default.fileExists(atPath: rig.socketPath) })
            let agent = try RawAgent(path: rig.socketPath)
            try await agent.handshake()
            #expect(try await eventually { rig.journal().contains { $0["type"] as? String == "start" } })
            try await body(first, daemon, agent)
        }
    }

    /// The old token is revoked and a new one made for the same device id, the worker reports it, the
    /// agent queues `ids` and sees `token_expired`; returns the new token. Synapse 1.163 keeps the old
    /// token alive on a re-login with the same device_id, so the old one is revoked with /logout first.
    private func expire(_ rig: TokenRig, _ first: SynapseAccount, _ agent: RawAgent, ids: [String]) async throws
        -> String
    {
        let logout = try await rig.synapse.request(
            method: "POST", path: "/_matrix/client/v3/logout", token: first.accessToken, json: [:])
        #expect(logout.status == 200)
        let next = try await rig.synapse.login(user: "bot", password: "pw-rotate", deviceID: first.deviceID)
        #expect(next.deviceID == first.deviceID)
        try rig.command(#"{"token_invalid": {"soft_logout": false}}"#)
        let expired = try await collect(agent) { frames in
            frames.contains {
                $0.string("state") == "token_expired"
                    && $0.string("detail")?.contains("waiting for a new access token") == true
            }
        }
        #expect(
            expired.last?.string("detail")?.contains("set a new access_token in the config or run `prx-matrix login`")
                == true)
        for id in ids { await agent.send(#"{"type":"send","id":"\#(id)","body":"queued \#(id)"}"#) }
        let accepted = try await collect(agent) { frames in
            ids.allSatisfy { id in frames.contains { $0.type == "accepted" && $0.string("id") == id } }
        }
        #expect(!accepted.contains { $0.type == "sent" })
        return next.accessToken
    }

    /// Every id `sent` exactly once after the worker is syncing again, and the journal shows one send per id.
    private func expectAllSentOnce(_ rig: TokenRig, _ agent: RawAgent, ids: [String]) async throws {
        let frames = try await collect(agent) { frames in
            ids.allSatisfy { id in frames.contains { $0.type == "sent" && $0.string("id") == id } }
        }
        #expect(frames.contains { $0.type == "status" && $0.string("state") == "syncing" })
        for id in ids { #expect(frames.filter { $0.type == "sent" && $0.string("id") == id }.count == 1) }
        let sends = rig.journal().filter { $0["type"] as? String == "send" }.compactMap { $0["txn_id"] as? String }
        #expect(Set(sends).count == sends.count)
    }

    @Test func reloginRotationWithSIGHUPRestartsTheWorkerAndKeepsEveryRequest() async throws {
        let rig = try await TokenRig.make()
        defer { Task { await rig.remove() } }
        try await running(rig) { first, daemon, agent in
            let ids = ["h1", "h2", "h3"]
            let token = try await expire(rig, first, agent, ids: ids)
            #expect(try await rig.whoami(first.accessToken).status == 401)
            try rig.writeConfig(token: token, deviceID: first.deviceID)
            kill(daemon.processIdentifier, SIGHUP)
            try await expectAllSentOnce(rig, agent, ids: ids)
            #expect(rig.journal().filter { $0["type"] as? String == "start" }.count == 2)
            #expect(!rig.log.contains(token) && !rig.log.contains(first.accessToken))
        }
    }

    @Test func revokedTokenWaitsInTokenExpiredUntilTheConfigChangesWithoutSIGHUP() async throws {
        let rig = try await TokenRig.make()
        defer { Task { await rig.remove() } }
        try await running(rig) { first, daemon, agent in
            let ids = ["c1", "c2", "c3"]
            let token = try await expire(rig, first, agent, ids: ids)
            // SIGHUP with the same (dead) config token: still waiting, requests still accepted, no restart loop.
            kill(daemon.processIdentifier, SIGHUP)
            #expect(try await eventually { rig.log.contains("already refused by the homeserver") })
            await agent.send(#"{"type":"send","id":"c4","body":"queued c4"}"#)
            let more = try await collect(agent) { $0.contains { $0.type == "accepted" && $0.string("id") == "c4" } }
            #expect(!more.contains { $0.type == "sent" })
            #expect(rig.journal().filter { $0["type"] as? String == "start" }.count == 1)
            // Only the config change: the daemon notices it (mtime/size poll) and recovers.
            try rig.writeConfig(token: token, deviceID: first.deviceID)
            try await expectAllSentOnce(rig, agent, ids: ids + ["c4"])
            #expect(rig.log.contains("a new access token was found"))
        }
    }
}
