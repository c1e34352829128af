/// Faults a real Synapse produces on demand: rate limits and an outage.
import Foundation
import MatrixClient
import Testing
import TestSupport

@Suite(.serialized) struct FaultIntegrationTests {
    @Test func rateLimitOverrideGivesRetryAfter() async throws {
        try await SynapseTestbed.run { testbed in
            let admin = try await testbed.server.register(user: "admin", password: SynapseTestbed.password, admin: true)
            let path = "/_synapse/admin/v1/users/\(MatrixPath.escape(testbed.bot.userID))/override_ratelimit"
            let override = try await testbed.server.request(
                method: "POST", path: path, token: admin.accessToken,
                json: ["messages_per_second": 1, "burst_count": 2])
            #expect(override.status == 200)
            let roomId = try await testbed.aliceCreatesRoom()
            _ = try await testbed.botClient.join(roomId)

            var limited: MatrixError?
            for index in 0..<20 where limited == nil {
                do {
                    _ = try await testbed.botClient.send(
                        roomId: roomId, eventType: "m.room.message", txnId: "burst-\(index)",
                        content: ["msgtype": "m.text", "body": "\(index)"])
                } catch let error as MatrixError {
                    limited = error
                }
            }
            let error = try #require(limited)
            #expect(error.status == 429 && error.errcode == "M_LIMIT_EXCEEDED" && error.isRateLimited)
            let retryAfter = try #require(error.retryAfter)
            #expect(retryAfter > .zero && retryAfter <= .seconds(10))
        }
    }

    @Test func stoppedHomeserverIsATransientTransportError() async throws {
        try await SynapseTestbed.run { testbed in
            let bot = testbed.botClient
            _ = try await bot.whoami()
            let poll = Task { try await bot.sync(since: nil, timeout: .seconds(20), filter: nil) }
            try await testbed.server.stop()
            let error = try await #require(throws: MatrixError.self) { try await bot.versions() }
            guard case .transport(let failure) = error else {
                Issue.record("expected a transport error, got \(error)")
                return
            }
            // Refused on a new connection; "lost" when libcurl reused a kept-alive connection the server
            // closed. What the caller acts on is the classification: transient, with a message that says
            // what to check.
            #expect(error.isTransient, "\(failure)")
            #expect("\(error)".contains("check that the homeserver is up and reachable"), "\(error)")
            // The long poll in flight either finished before the stop or failed as transient.
            do {
                _ = try await poll.value
            } catch let error as MatrixError {
                #expect(error.isTransient)
            }
        }
    }
}
