/// Tokens against a real Synapse: whoami, login on the same device, expiry and /refresh, revocation.
import Foundation
import MatrixClient
import Testing
import TestSupport

@Suite(.serialized) struct SessionIntegrationTests {
    @Test func versionsWhoamiAndDisplayName() async throws {
        try await SynapseTestbed.run { testbed in
            let versions = try await testbed.client(nil).versions()
            #expect(versions.versions.contains("v1.1"))
            let whoami = try await testbed.botClient.whoami()
            #expect(whoami.userId == testbed.bot.userID && whoami.deviceId == testbed.bot.deviceID)
            #expect(try await testbed.botClient.displayName(of: testbed.alice.userID) == "alice")
            let unknown = try await #require(throws: MatrixError.self) {
                try await testbed.botClient.displayName(of: "@nobody:localhost")
            }
            #expect(unknown.errcode == "M_NOT_FOUND" && unknown.isPermanent)
        }
    }

    @Test func loginOnTheSameDeviceKeepsTheDevice() async throws {
        try await SynapseTestbed.run { testbed in
            let login = try await testbed.client(nil).login(
                PasswordLoginRequest(
                    user: "bot", password: MatrixSecret(SynapseTestbed.password), deviceId: testbed.bot.deviceID))
            #expect(login.userId == testbed.bot.userID && login.deviceId == testbed.bot.deviceID)
            #expect(login.refreshToken != nil && (login.expiresInMs ?? 0) > 0)
            #expect(login.accessToken.value != testbed.bot.accessToken)

            // Synapse 1.163 keeps the old token valid after a login on the same device (it expires or is
            // logged out on its own), so only the new token is checked here.
            testbed.botClient.setAccessToken(login.accessToken.value)
            #expect(try await testbed.botClient.whoami().deviceId == testbed.bot.deviceID)

            let wrong = try await #require(throws: MatrixError.self) {
                try await testbed.client(nil).login(PasswordLoginRequest(user: "bot", password: MatrixSecret("wrong")))
            }
            #expect(wrong.errcode == "M_FORBIDDEN" && wrong.isPermanent)
            #expect(!wrong.description.contains("wrong\""))
        }
    }

    @Test func expiredTokenIsASoftLogoutAndRefreshes() async throws {
        try await SynapseTestbed.run(overlay: "refreshable_access_token_lifetime: 5s\n") { testbed in
            let client = testbed.client(nil)
            let login = try await client.login(
                PasswordLoginRequest(user: "bot", password: MatrixSecret(SynapseTestbed.password), deviceId: "BOTDEV"))
            let firstRefresh = try #require(login.refreshToken)
            #expect((1...5000).contains(login.expiresInMs ?? 0))
            client.setAccessToken(login.accessToken.value)

            // Bounded: the token lives 5 s; give it up to 60 polls of 0.5 s.
            var expired: MatrixError?
            for _ in 0..<60 where expired == nil {
                do {
                    _ = try await client.whoami()
                    try await Task.sleep(for: .milliseconds(500))
                } catch let error as MatrixError {
                    expired = error
                }
            }
            let error = try #require(expired)
            #expect(error.disposition == .unknownToken(softLogout: true))
            #expect(error.serverReason == "Access token has expired")

            let refreshed = try await client.refresh(firstRefresh)
            #expect(refreshed.refreshToken != nil && (1...5000).contains(refreshed.expiresInMs ?? 0))
            client.setAccessToken(refreshed.accessToken.value)
            #expect(try await client.whoami().deviceId == "BOTDEV")

            let spent = try await #require(throws: MatrixError.self) { try await client.refresh(firstRefresh) }
            #expect(spent.status == 403 && spent.errcode == "M_FORBIDDEN" && spent.isPermanent)
            let bogus = try await #require(throws: MatrixError.self) {
                try await client.refresh(MatrixSecret("syr_bogus"))
            }
            #expect(bogus.status == 401 && bogus.disposition == .unknownToken(softLogout: false))
            #expect(!spent.description.contains(firstRefresh.value))
        }
    }

    @Test func logoutRevokesTheToken() async throws {
        try await SynapseTestbed.run { testbed in
            let answer = try await testbed.server.request(
                method: "POST", path: "/_matrix/client/v3/logout", token: testbed.bot.accessToken, json: [:])
            #expect(answer.status == 200)
            let error = try await #require(throws: MatrixError.self) { try await testbed.botClient.joinedRooms() }
            #expect(
                error
                    == .http(
                        endpoint: "GET /_matrix/client/v3/joined_rooms", status: 401, errcode: "M_UNKNOWN_TOKEN",
                        error: "Invalid access token passed.", softLogout: false, retryAfterMs: nil))
            #expect(!error.description.contains(testbed.bot.accessToken))
        }
    }
}
