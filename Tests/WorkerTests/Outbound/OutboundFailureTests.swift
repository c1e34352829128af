/// How the OutboundExecutor reports a real Synapse's refusals and outages: retryLater, failed, token invalid.
import Foundation
import MatrixClient
import Shared
import TestSupport
import Testing
@testable import Worker

@Suite struct OutboundFailureTests {
    @Test func rateLimitIsRetryLaterThenSentAfterTheWait() async throws {
        let room = try await OutboundRoom.make()
        let admin = try await room.synapse.register(
            user: "admin-\(UUID().uuidString.prefix(8).lowercased())", password: "pw-admin", admin: true)
        let limited = try await room.synapse.request(
            method: "POST", path: "/_synapse/admin/v1/users/\(room.bot.userID)/override_ratelimit",
            token: admin.accessToken, json: ["messages_per_second": 1, "burst_count": 1])
        #expect(limited.status == 200)
        var retryAfterMS: Int64?
        var row: Int64 = 0
        while retryAfterMS == nil, row < 20 {
            row += 1
            if case .retryLater(let wait) = try await room.outcome(
                room.send("burst \(row)", row: row, txnID: "burst-\(row)"))
            {
                retryAfterMS = wait
            }
        }
        let wait = try #require(retryAfterMS)
        #expect(wait > 0)
        try await Task.sleep(for: .milliseconds(wait + 200))
        let again = try await room.outcome(room.send("burst \(row)", row: row, txnID: "burst-\(row)"))
        guard case .sent(let ids) = again else { throw FixtureError("expected sent after the wait, got \(again)") }
        let content = try await room.peerContent(ids[0])
        #expect(content["body"] as? String == "burst \(row)")
    }

    @Test func sendingToARoomTheBotIsNotInFailsWithTheServersReason() async throws {
        let room = try await OutboundRoom.make()
        let other = try await room.synapse.request(
            method: "POST", path: "/_matrix/client/v3/createRoom", token: room.peer.accessToken,
            json: ["preset": "private_chat"])
        let otherID = try requireString(other.json["room_id"], "createRoom: \(other.json)")
        let outcome = try await room.outcome(
            .send(WorkerSend(row: 1, txnID: "forbidden", roomID: otherID, body: "let me in")))
        guard case .failed(let code, let message) = outcome else {
            throw FixtureError("expected failed, got \(outcome)")
        }
        #expect(code == "M_FORBIDDEN")
        #expect(message.contains(room.bot.userID) || message.lowercased().contains("not in room"))
    }

    @Test func stoppedHomeserverIsRetryLaterNeverFailed() async throws {
        let synapse = try await SynapseServer.start()
        let room = try await OutboundRoom.make(on: synapse)
        let first = try await room.outcome(room.send("before the outage", txnID: "outage-0"))
        guard case .sent = first else { throw FixtureError("expected sent, got \(first)") }
        try await synapse.stop()
        let outcome = try await room.outcome(room.send("during the outage", row: 2, txnID: "outage-1"))
        #expect(outcome == .retryLater(retryAfterMS: 2_000))
    }

    @Test func restartedHomeserverTakesTheMessageAgain() async throws {
        let synapse = try await SynapseServer.start()
        let room = try await OutboundRoom.make(on: synapse)
        try await synapse.restart()
        let outcome = try await room.outcome(room.send("after the restart", txnID: "restart-1"))
        guard case .sent(let ids) = outcome else { throw FixtureError("expected sent, got \(outcome)") }
        #expect(try await room.peerContent(ids[0])["body"] as? String == "after the restart")
        try await synapse.stop()
    }

    @Test func revokedTokenThrowsTokenInvalidWithoutSoftLogout() async throws {
        let room = try await OutboundRoom.make()
        let logout = try await room.synapse.request(
            method: "POST", path: "/_matrix/client/v3/logout", token: room.bot.accessToken, json: [:])
        #expect(logout.status == 200)
        do {
            _ = try await room.executor.handle(room.send("after logout"))
            Issue.record("expected TokenInvalidError")
        } catch {
            #expect(error.softLogout == false)
        }
    }

    @Test func expiredTokenThrowsTokenInvalidWithSoftLogout() async throws {
        let synapse = try await SynapseServer.start(
            overlay: "refreshable_access_token_lifetime: 2s\nrefresh_token_lifetime: 1h\n")
        let room = try await OutboundRoom.make(on: synapse)
        let expiring = try await synapse.login(user: room.bot.userID, password: "pw-bot", refreshToken: true)
        room.client.setAccessToken(expiring.accessToken)
        let first = try await room.outcome(room.send("while the token lives", txnID: "soft-0"))
        guard case .sent = first else { throw FixtureError("expected sent, got \(first)") }
        try await Task.sleep(for: .seconds(3))
        do {
            _ = try await room.executor.handle(room.send("after expiry", row: 2, txnID: "soft-1"))
            Issue.record("expected TokenInvalidError")
        } catch {
            #expect(error.softLogout == true)
        }
        try await synapse.stop()
    }
}
