/// Secrets never show up in excerpts, error text, descriptions or dumps.
import Foundation
import Logging
import Testing

@testable import MatrixClient

@Suite struct RedactionTests {
    private let token = "syt_c2VjcmV0_abcdefghijklmnop_123456"

    @Test func excerptsRedactTokenMembers() {
        let body =
            #"{"access_token": "\#(token)", "refresh_token":"syr_zzz\"q", "password":"hunter2", "device_id":"DEV"}"#
        let excerpt = Redaction.excerpt(of: Data(body.utf8))
        #expect(!excerpt.contains(token) && !excerpt.contains("syr_zzz") && !excerpt.contains("hunter2"))
        #expect(excerpt.contains("\"device_id\":\"DEV\""))
        #expect(excerpt.contains("<redacted>"))
    }

    @Test func excerptsAreShortAndOnOneLine() {
        let excerpt = Redaction.excerpt(of: Data(("{\n" + String(repeating: "x", count: 1000)).utf8))
        #expect(excerpt.count == 201 && !excerpt.contains("\n"))
    }

    @Test func secretsPrintAsRedacted() {
        let secret = MatrixSecret(token)
        var dumped = ""
        dump(secret, to: &dumped)
        #expect("\(secret)" == "<redacted>" && String(reflecting: secret) == "<redacted>")
        #expect(!dumped.contains(token))
        let login = PasswordLoginRequest(user: "bot", password: MatrixSecret("hunter2"), deviceId: "DEV")
        #expect(!"\(login)".contains("hunter2"))
        dumped = ""
        dump(login, to: &dumped)
        #expect(!dumped.contains("hunter2"))
    }

    @Test func loginResponseDescriptionHidesTokens() throws {
        let body =
            #"{"user_id":"@bot:localhost","access_token":"\#(token)","device_id":"DEV","refresh_token":"syr_x","expires_in_ms":5000,"well_known":{}}"#
        let response = try JSONDecoder().decode(LoginResponse.self, from: Data(body.utf8))
        #expect(response.accessToken.value == token && response.refreshToken?.value == "syr_x")
        #expect(response.expiresInMs == 5000 && response.deviceId == "DEV")
        #expect(!"\(response)".contains(token) && !"\(response)".contains("syr_x"))
    }

    @Test func malformedLoginResponseDoesNotLeakTheToken() {
        let body = Data(#"{"access_token":"\#(token)","device_id":"DEV"}"#.utf8)
        do {
            _ = try JSONDecoder().decode(LoginResponse.self, from: body)
            Issue.record("decoded a login response without user_id")
        } catch {
            let matrixError = MatrixError.malformed(
                endpoint: "POST /login", body: body, decoding: LoginResponse.self, error: error)
            #expect(!matrixError.description.contains(token))
            #expect(matrixError.description.contains("user_id: required member missing"))
        }
    }

    @Test func clientDescriptionHidesTheToken() {
        let client = MatrixHTTPClient(
            homeserver: URL(fileURLWithPath: "/"), accessToken: token, logger: .init(label: "test"))
        #expect(!client.description.contains(token) && client.description.contains("<redacted>"))
        client.setAccessToken(nil)
        #expect(!client.hasAccessToken)
    }
}
