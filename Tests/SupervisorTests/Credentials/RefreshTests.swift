/// `/refresh` against a real Synapse with 5 s access tokens: the fake worker reports the expiry, the
/// supervisor refreshes, restarts the worker, and every request queued meanwhile is sent once.
import Foundation
@testable import Supervisor
import Testing
import TestSupport

@Suite(.serialized) struct RefreshTests {
    @Test func softLogoutRefreshesTheTokenAndSendsEveryQueuedRequest() async throws {
        let rig = try await TokenRig.make(
            overlay: "refreshable_access_token_lifetime: 5s\nrefresh_token_lifetime: 24h\n")
        defer { Task { await rig.remove() } }
        let first = try await rig.synapse.register(user: "bot", password: "pw-refresh")
        try rig.writeConfig(token: first.accessToken, deviceID: first.deviceID)
        #expect(
            try await rig.run(["login", "--config", rig.configPath], stdin: "pw-refresh").status
                == ExitCodes.ok.rawValue)
        let loggedIn = try #require(try await rig.storedSession())

        try await rig.withDaemon { _ in
            #expect(try await eventually(seconds: 120) { FileManager.default.fileExists(atPath: rig.socketPath) })
            let agent = try RawAgent(path: rig.socketPath)
            try await agent.handshake()
            #expect(try await eventually { rig.journal().contains { $0["type"] as? String == "start" } })

            try rig.command(#"{"token_invalid": {"soft_logout": true}}"#)
            let ids = (1...5).map { "r\($0)" }
            for id in ids { await agent.send(#"{"type":"send","id":"\#(id)","body":"during the outage \#(id)"}"#) }
            let frames = try await collect(agent) { frames in
                ids.allSatisfy { id in frames.contains { $0.type == "sent" && $0.string("id") == id } }
            }
            for id in ids {
                #expect(frames.filter { $0.type == "accepted" && $0.string("id") == id }.count == 1)
                #expect(frames.filter { $0.type == "sent" && $0.string("id") == id }.count == 1)
            }
            // The worker was restarted with the refreshed token of the same device.
            let starts = rig.journal().filter { $0["type"] as? String == "start" }
            #expect(starts.count >= 2 && starts.allSatisfy { $0["device_id"] as? String == first.deviceID })
            #expect(rig.log.contains("refreshed the access token of @bot:localhost device \(first.deviceID)"))
            let refreshed = try #require(try await rig.storedSession())
            #expect(refreshed.origin == .refresh && refreshed.accessToken != loggedIn.accessToken)
            #expect(refreshed.refreshToken != loggedIn.refreshToken)
            // A real Synapse token: valid now, or (on a slow machine) expired with soft_logout, never unknown.
            let check = try await rig.whoami(refreshed.accessToken)
            #expect(check.deviceID == first.deviceID || check.softLogout == true)
            // The spent refresh token is refused by Synapse (403): rotation really happened server-side.
            let spent = try await rig.synapse.request(
                method: "POST", path: "/_matrix/client/v3/refresh",
                json: ["refresh_token": try #require(loggedIn.refreshToken)])
            #expect(spent.status == 403 || spent.status == 401)
            #expect(!rig.log.contains(refreshed.accessToken) && !rig.log.contains(loggedIn.accessToken))
        }
    }
}
