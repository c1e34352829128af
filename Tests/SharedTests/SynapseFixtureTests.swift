/// Proves the integration-test fixture: a real Synapse started by scripts/synapse, its users, tokens and limits.
import Foundation
import TestSupport
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

@Suite("SynapseServer fixture against a real Synapse")
struct SynapseFixtureTests {
    /// `!room:server` as one URL path segment.
    private func segment(_ id: String) -> String {
        id.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? id
    }

    @Test func twoUsersExchangeAMessageAndTheServerStopsCleanly() async throws {
        let server = try await SynapseServer.start()
        let registered = try await server.register(user: "alice", password: "alice-password")
        #expect(registered.userID == "@alice:localhost")
        try await server.register(user: "bob", password: "bob-password", admin: true)

        let alice = try await server.login(user: "alice", password: "alice-password")
        let bob = try await server.login(user: "bob", password: "bob-password", deviceID: "BOBDEVICE")
        #expect(bob.userID == "@bob:localhost")
        #expect(bob.deviceID == "BOBDEVICE")
        #expect(alice.refreshToken == nil)

        let whoami = try await server.request(path: "/_matrix/client/v3/account/whoami", token: alice.accessToken)
        #expect(whoami.status == 200)
        #expect(whoami.json["user_id"] as? String == alice.userID)
        #expect(whoami.json["device_id"] as? String == alice.deviceID)

        let stranger = try await server.request(path: "/_matrix/client/v3/account/whoami", token: "syt_not_a_token")
        #expect(stranger.status == 401)
        #expect(stranger.errcode == "M_UNKNOWN_TOKEN")

        let created = try await server.request(
            method: "POST", path: "/_matrix/client/v3/createRoom", token: alice.accessToken,
            json: ["preset": "private_chat", "invite": [bob.userID]])
        #expect(created.status == 200)
        let roomID = try #require(created.json["room_id"] as? String)
        let room = segment(roomID)

        let joined = try await server.request(
            method: "POST", path: "/_matrix/client/v3/join/\(room)", token: bob.accessToken, json: [:])
        #expect(joined.status == 200)

        let sent = try await server.request(
            method: "PUT", path: "/_matrix/client/v3/rooms/\(room)/send/m.room.message/txn-1", token: alice.accessToken,
            json: ["msgtype": "m.text", "body": "hello bob"])
        #expect(sent.status == 200)
        let eventID = try #require(sent.json["event_id"] as? String)

        let messages = try await server.request(
            path: "/_matrix/client/v3/rooms/\(room)/messages?dir=b&limit=20", token: bob.accessToken)
        #expect(messages.status == 200)
        let chunk = try #require(messages.json["chunk"] as? [[String: Any]])
        let message = try #require(chunk.first { $0["event_id"] as? String == eventID })
        #expect(message["sender"] as? String == alice.userID)
        #expect((message["content"] as? [String: Any])?["body"] as? String == "hello bob")

        let refreshing = try await server.login(user: "alice", password: "alice-password", refreshToken: true)
        #expect(refreshing.refreshToken?.hasPrefix("syr_") == true)
        #expect((refreshing.expiresInMs ?? 0) > 0)

        try await server.stop()
        await #expect(throws: URLError.self) {
            _ = try await server.request(path: "/_matrix/client/versions")
        }
        #expect(!FileManager.default.fileExists(atPath: server.directory.path))
    }

    @Test func rateLimitOverlayGives429WithRetryAfter() async throws {
        let server = try await SynapseServer.start(overlay: "rc_message: {per_second: 0.1, burst_count: 2}\n")
        let carol = try await server.register(user: "carol", password: "carol-password")
        let created = try await server.request(
            method: "POST", path: "/_matrix/client/v3/createRoom", token: carol.accessToken, json: [:])
        let room = segment(try #require(created.json["room_id"] as? String))

        var limited: SynapseResponse?
        for attempt in 1...10 where limited == nil {
            let answer = try await server.request(
                method: "PUT", path: "/_matrix/client/v3/rooms/\(room)/send/m.room.message/txn-\(attempt)",
                token: carol.accessToken, json: ["msgtype": "m.text", "body": "message \(attempt)"])
            if answer.status != 200 { limited = answer }
        }
        let answer = try #require(limited)
        #expect(answer.status == 429)
        #expect(answer.errcode == "M_LIMIT_EXCEEDED")
        #expect((answer.json["retry_after_ms"] as? Int ?? 0) > 0)
        #expect(answer.headers["retry-after"] != nil)
        try await server.stop()
    }

    /// A port another server already listens on is answered by that server: `start` must not take its
    /// answer for ours (users registered there would be someone else's, "HMAC incorrect" at best).
    @Test func aPortAnsweredByAnotherServerIsRefusedNotTakenForOurs() async throws {
        let server = try await SynapseServer.start()
        let second = FileManager.default.temporaryDirectory.appendingPathComponent(
            "prx-synapse-taken-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: second) }
        do {
            let output = try await SynapseServer.runScript(["start", second.path, String(server.port)])
            Issue.record("a second Synapse on the taken port \(server.port) was reported ready: \(output)")
        } catch SynapseError.scriptFailed(_, let status, let stderr) {
            #expect(status != 0)
            #expect(stderr.contains("port \(server.port) is taken by another server"), "\(stderr)")
        }
        let versions = try await server.request(path: "/_matrix/client/versions")
        #expect(versions.status == 200)
        try await server.stop()
    }

    @Test func restartKeepsUsersAndPort() async throws {
        let server = try await SynapseServer.start()
        let dave = try await server.register(user: "dave", password: "dave-password")
        try await server.restart()
        let whoami = try await server.request(path: "/_matrix/client/v3/account/whoami", token: dave.accessToken)
        #expect(whoami.status == 200)
        #expect(whoami.json["user_id"] as? String == dave.userID)
        try await server.stop()
    }
}
