/// The client over a real socket: headers, error bodies and headers, timeouts, refused connections, cancellation.
import Foundation
import Logging
import Testing

@testable import MatrixClient

@Suite struct TransportTests {
    private let token = "syt_Ym90_secretsecretsecret_0ABCD"

    private func client(_ url: URL, timeout: Duration = .seconds(30)) -> MatrixHTTPClient {
        MatrixHTTPClient(homeserver: url, accessToken: token, requestTimeout: timeout, logger: Logger(label: "test"))
    }

    @Test func sendsBearerTokenEscapedPathAndJSON() async throws {
        let stub = try LocalHTTPStub { _ in LocalHTTPStub.response(200, #"{"event_id":"$e1:hs","unknown":[]}"#) }
        defer { stub.stop() }
        let eventId = try await client(stub.url).send(
            roomId: "!r:hs", eventType: "m.room.message", txnId: "t/1", content: ["body": "hi", "msgtype": "m.text"])
        #expect(eventId == "$e1:hs")
        let request = try #require(stub.requests.first)
        #expect(request.requestLine == "PUT /_matrix/client/v3/rooms/%21r%3Ahs/send/m.room.message/t%2F1 HTTP/1.1")
        #expect(request.header("Authorization") == "Bearer \(token)")
        #expect(request.header("Content-Type") == "application/json")
        #expect(
            try MatrixJSON(parsing: request.body) == .object(["body": .string("hi"), "msgtype": .string("m.text")]))
    }

    @Test func loginAndRefreshSendNoBearerToken() async throws {
        let stub = try LocalHTTPStub { _ in
            LocalHTTPStub.response(200, #"{"access_token":"a","refresh_token":"r","expires_in_ms":5}"#)
        }
        defer { stub.stop() }
        let answer = try await client(stub.url).refresh(MatrixSecret("syr_old"))
        #expect(answer.accessToken.value == "a" && answer.expiresInMs == 5)
        let request = try #require(stub.requests.first)
        #expect(request.header("Authorization") == nil)
        #expect(try MatrixJSON(parsing: request.body) == .object(["refresh_token": .string("syr_old")]))
    }

    @Test func syncQueryCarriesTimeoutSinceAndFilter() async throws {
        let stub = try LocalHTTPStub { _ in LocalHTTPStub.response(200, #"{"next_batch":"s2"}"#) }
        defer { stub.stop() }
        let sync = try await client(stub.url).sync(
            since: "s1+x", timeout: .milliseconds(1500), filter: "7", fullState: true)
        #expect(sync.nextBatch == "s2")
        #expect(
            stub.requests.first?.requestLine
                == "GET /_matrix/client/v3/sync?timeout=1500&since=s1%2Bx&filter=7&full_state=true HTTP/1.1")
    }

    @Test func retryAfterHeaderReachesTheError() async throws {
        let stub = try LocalHTTPStub { _ in
            LocalHTTPStub.response(
                429, #"{"errcode":"M_LIMIT_EXCEEDED","error":"Too Many Requests"}"#, headers: ["Retry-After": "3"])
        }
        defer { stub.stop() }
        let error = try await #require(throws: MatrixError.self) { try await client(stub.url).whoami() }
        #expect(error.isRateLimited && error.retryAfter == .seconds(3))
        #expect(error.description.hasPrefix("GET /_matrix/client/v3/account/whoami: HTTP 429 M_LIMIT_EXCEEDED"))
    }

    @Test func malformedSuccessIsTypedAndRedacted() async throws {
        let stub = try LocalHTTPStub { _ in
            LocalHTTPStub.response(200, #"{"user_id":"@b:hs","access_token":"syt_leak","device_id":7}"#)
        }
        defer { stub.stop() }
        let error = try await #require(throws: MatrixError.self) {
            try await client(stub.url).login(PasswordLoginRequest(user: "b", password: MatrixSecret("pw")))
        }
        guard case .malformedResponse(let failure) = error else {
            Issue.record("expected malformedResponse, got \(error)")
            return
        }
        #expect(failure.endpoint == "POST /_matrix/client/v3/login" && failure.expected == "device_id: expected String")
        #expect(!error.description.contains("syt_leak") && error.isTransient)
    }

    @Test func notFoundEncryptionStateMeansUnencrypted() async throws {
        let stub = try LocalHTTPStub { request in
            request.requestLine.contains("%21plain")
                ? LocalHTTPStub.response(404, #"{"errcode":"M_NOT_FOUND","error":"Event not found."}"#)
                : LocalHTTPStub.response(200, #"{"algorithm":"m.megolm.v1.aes-sha2","rotation_period_ms":604800000}"#)
        }
        defer { stub.stop() }
        #expect(try await client(stub.url).roomEncryption("!plain:hs") == nil)
        #expect(try await client(stub.url).roomEncryption("!secret:hs")?.algorithm == "m.megolm.v1.aes-sha2")
        #expect(stub.requests.last?.requestLine.contains("/state/m.room.encryption/ HTTP/1.1") == true)
    }

    @Test func unencodableBodyIsNotSent() async throws {
        let stub = try LocalHTTPStub { _ in LocalHTTPStub.response(200, #"{"event_id":"$e"}"#) }
        defer { stub.stop() }
        let error = try await #require(throws: MatrixError.self) {
            try await client(stub.url).send(roomId: "!r:hs", eventType: "x", txnId: "t", content: ["n": Double.nan])
        }
        guard case .invalidRequest(let endpoint, let reason) = error else {
            Issue.record("expected invalidRequest, got \(error)")
            return
        }
        #expect(endpoint == "PUT /_matrix/client/v3/rooms/%21r%3Ahs/send/x/t" && error.isPermanent)
        #expect(reason.contains("at n "))
        #expect(stub.requests.isEmpty)
    }

    @Test func refusedConnectionIsTransient() async throws {
        let port = try LocalHTTPStub.closedPort()
        let url = try #require(URL(string: "http://127.0.0.1:\(port)"))
        let error = try await #require(throws: MatrixError.self) { try await client(url).versions() }
        guard case .transport(let failure) = error else {
            Issue.record("expected transport, got \(error)")
            return
        }
        #expect(failure.kind == .connectionRefused && failure.code == 7 && error.isTransient)
        #expect(error.description.contains("(curl error 7); check that the homeserver is up and reachable"))
        #expect(!error.description.contains(token))
    }

    @Test func curlCodesMapToKinds() {
        let kinds: [(Int, TransportFailure.Kind)] = [
            (7, .connectionRefused), (28, .timedOut), (6, .dns), (56, .connectionLost), (55, .connectionLost),
            (52, .connectionLost), (18, .connectionLost), (35, .tls), (60, .tls), (1, .other), (3, .other),
        ]
        for (code, kind) in kinds { #expect(TransportFailure.kind(curlCode: code) == kind, "curl error \(code)") }
    }

    @Test func silentServerTimesOut() async throws {
        let stub = try LocalHTTPStub { _ in nil }
        defer { stub.stop() }
        let error = try await #require(throws: MatrixError.self) {
            try await client(stub.url, timeout: .seconds(1)).whoami()
        }
        guard case .transport(let failure) = error else {
            Issue.record("expected transport, got \(error)")
            return
        }
        #expect(failure.kind == .timedOut && error.isTransient)
    }

    @Test func keptAliveConnectionIsReused() async throws {
        let stub = try LocalHTTPStub(keepAlive: true) { _ in
            LocalHTTPStub.response(200, #"{"user_id":"@b:hs","event_id":"$e"}"#, keepAlive: true)
        }
        defer { stub.stop() }
        let client = client(stub.url)
        for _ in 0..<3 { #expect(try await client.whoami().userId == "@b:hs") }
        _ = try await client.send(roomId: "!r:hs", eventType: "m.room.message", txnId: "t1", content: ["body": "hi"])
        #expect(stub.connections == 1 && stub.requests.count == 4)
        let put = try #require(stub.requests.last)
        #expect(put.requestLine.hasPrefix("PUT ") && put.header("Expect") == nil)
        #expect(put.header("Content-Length") == "\(put.body.count)" && put.header("Accept") == "application/json")
        #expect(stub.requests.allSatisfy { $0.header("User-Agent") == MatrixClientInfo.userAgent })
    }

    @Test func cancellingTheTaskCancelsTheLongPoll() async throws {
        let stub = try LocalHTTPStub { _ in nil }
        defer { stub.stop() }
        let client = client(stub.url)
        let poll = Task { try await client.sync(since: nil, timeout: .seconds(300), filter: nil) }
        for _ in 0..<500 where stub.requests.isEmpty { try await Task.sleep(for: .milliseconds(10)) }
        #expect(stub.requests.count == 1)
        // The stub never answers and the poll may last 300 s: only the cancellation can end it.
        poll.cancel()
        await #expect(throws: CancellationError.self) { try await poll.value }
    }
}
