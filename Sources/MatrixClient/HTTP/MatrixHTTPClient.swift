/// The typed Client-Server API client: libcurl on threads of its own, the access token in memory, JSON in and out.
import CCurl
public import Foundation
public import Logging
import Synchronization

/// A Client-Server API client for one homeserver and (at most) one access token.
///
/// - The token lives only in memory, is sent as `Authorization: Bearer`, and never appears in
///   `description`, an error or a log line. ``setAccessToken(_:)`` swaps it (after `/refresh` or login).
/// - Every request has its own timeout: ``requestTimeout`` by default, the sync long poll its
///   `timeout` plus ``longPollMargin``.
/// - Cancelling the calling task cancels the HTTP transfer and throws `CancellationError`.
/// - Failures are ``MatrixError``s; see ``MatrixError/disposition`` for what to do about them.
/// - The client never retries on its own: the caller decides (rate limits, backoff, token rotation).
public final class MatrixHTTPClient: Sendable, CustomStringConvertible {
    /// The homeserver base URL, without a trailing `/`.
    public let homeserver: URL
    /// The timeout of an ordinary request.
    public let requestTimeout: Duration
    /// What the sync long poll may take beyond the `timeout` it asks the server for.
    public let longPollMargin: Duration

    private let transport: any HTTPTransport
    private let token: Mutex<String?>
    private let logger: Logger

    /// A client for `homeserver` (e.g. `https://matrix.example.org`), optionally already holding a token;
    /// its exchanges go through `transport` (libcurl in this process unless another is given).
    public init(
        homeserver: URL, accessToken: String? = nil, requestTimeout: Duration = .seconds(30),
        longPollMargin: Duration = .seconds(15), transport: (any HTTPTransport)? = nil, logger: Logger
    ) {
        var base = homeserver.absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        self.homeserver = URL(string: base) ?? homeserver
        self.requestTimeout = requestTimeout
        self.longPollMargin = longPollMargin
        self.token = Mutex(accessToken)
        self.logger = logger
        self.transport = transport ?? CurlTransport()
    }

    /// Replaces the access token (nil: send no `Authorization` header).
    public func setAccessToken(_ accessToken: String?) {
        token.withLock { $0 = accessToken }
    }

    /// Whether a token is set (the token itself is never exposed by the client).
    public var hasAccessToken: Bool { token.withLock { $0 != nil } }

    /// The homeserver and whether a token is set; never the token.
    public var description: String {
        "MatrixHTTPClient(\(homeserver.absoluteString), token: \(hasAccessToken ? "<redacted>" : "none"))"
    }

    /// Calls any endpoint with a JSON body and decodes the JSON answer.
    ///
    /// The endpoint methods (``whoami()``, ``sync(since:timeout:filter:fullState:)``, …) are built on this;
    /// use it directly for endpoints they do not cover.
    public func request<Response: Decodable>(
        _ method: HTTPMethod, _ path: MatrixPath, query: [(String, String)] = [], body: some Encodable,
        timeout: Duration? = nil, authenticated: Bool = true, as type: Response.Type = Response.self
    ) async throws -> Response {
        let endpoint = "\(method.rawValue) \(path.escaped)"
        let data: Data
        do {
            data = try JSONEncoder().encode(body)
        } catch {
            throw MatrixError.invalidRequest(endpoint: endpoint, reason: Redaction.describe(encoding: error))
        }
        return try await request(
            method, path, query: query, bodyData: data, timeout: timeout, authenticated: authenticated)
    }

    /// Calls any endpoint without a body and decodes the JSON answer.
    public func request<Response: Decodable>(
        _ method: HTTPMethod, _ path: MatrixPath, query: [(String, String)] = [], timeout: Duration? = nil,
        authenticated: Bool = true, as type: Response.Type = Response.self
    ) async throws -> Response {
        try await request(method, path, query: query, bodyData: nil, timeout: timeout, authenticated: authenticated)
    }

    private func request<Response: Decodable>(
        _ method: HTTPMethod, _ path: MatrixPath, query: [(String, String)], bodyData: Data?, timeout: Duration?,
        authenticated: Bool
    ) async throws -> Response {
        let endpoint = "\(method.rawValue) \(path.escaped)"
        let data = try await transfer(
            method, path, query: query, body: bodyData, timeout: timeout ?? requestTimeout,
            authenticated: authenticated, endpoint: endpoint)
        do {
            // The hot responses (sync, `/messages`) decode by hand from `JSONParser`'s values: no Codable.
            if let own = Response.self as? any JSONValueDecodable.Type,
                let response = try own.init(jsonBody: data) as? Response
            {
                return response
            }
            return try JSONDecoder().decode(Response.self, from: data)
        } catch {
            throw MatrixError.malformed(endpoint: endpoint, body: data, decoding: Response.self, error: error)
        }
    }

    /// Sends one request and returns the body of a 2xx answer; throws `MatrixError` or `CancellationError`.
    private func transfer(
        _ method: HTTPMethod, _ path: MatrixPath, query: [(String, String)], body: Data?, timeout: Duration,
        authenticated: Bool, endpoint: String
    ) async throws -> Data {
        var url = homeserver.absoluteString + path.escaped
        if !query.isEmpty { url += "?" + MatrixPath.query(query) }
        // No `Expect: 100-continue`: it costs a round trip before every body.
        var headers = ["Accept: application/json", "Expect:"]
        if body != nil { headers.append("Content-Type: application/json") }
        if authenticated, let bearer = token.withLock({ $0 }) { headers.append("Authorization: Bearer \(bearer)") }
        let milliseconds = max(1000, Int(clamping: timeout.milliseconds))
        let request = HTTPRequest(
            method: method, url: url, headers: headers, body: body, timeoutMilliseconds: milliseconds,
            connectTimeoutMilliseconds: min(10_000, milliseconds))
        try Task.checkCancellation()
        let started = ContinuousClock.now
        let response: HTTPResponse
        switch await transport.perform(request) {
        case .response(let answer):
            response = answer
        case .cancelled:
            throw CancellationError()
        case .unavailable(let reason):
            throw MatrixError.transport(
                TransportFailure(
                    endpoint: endpoint, homeserver: homeserver.absoluteString, kind: .unavailable, code: 0,
                    detail: reason))
        case .failure(let code):
            if Task.isCancelled { throw CancellationError() }
            if code == Int(CURLE_URL_MALFORMAT.rawValue) {
                throw MatrixError.invalidRequest(
                    endpoint: endpoint,
                    reason: "\(homeserver.absoluteString) does not form a URL with this path; check `homeserver`")
            }
            let failure = TransportFailure(curlCode: code, endpoint: endpoint, homeserver: homeserver.absoluteString)
            logger.debug(
                "matrix request failed", metadata: ["endpoint": "\(endpoint)", "reason": "\(failure.kind.rawValue)"])
            throw MatrixError.transport(failure)
        }
        guard response.status > 0 else {
            throw MatrixError.malformedResponse(
                MalformedResponse(
                    endpoint: endpoint, expected: "an HTTP response", excerpt: Redaction.excerpt(of: response.body)))
        }
        logger.debug(
            "matrix request",
            metadata: [
                "endpoint": "\(endpoint)", "status": "\(response.status)",
                "elapsed": "\(ContinuousClock.now - started)",
            ])
        guard (200..<300).contains(response.status) else {
            throw MatrixError.fromHTTP(
                endpoint: endpoint, status: response.status, body: response.body,
                retryAfterHeader: response.retryAfter)
        }
        return response.body
    }
}
