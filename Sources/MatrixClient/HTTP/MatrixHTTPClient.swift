/// The typed Client-Server API client: one URLSession, the access token in memory, JSON in and out.
public import Foundation
#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif
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

    private let session: URLSession
    private let token: Mutex<String?>
    private let logger: Logger

    /// A client for `homeserver` (e.g. `https://matrix.example.org`), optionally already holding a token.
    public init(
        homeserver: URL, accessToken: String? = nil, requestTimeout: Duration = .seconds(30),
        longPollMargin: Duration = .seconds(15), logger: Logger
    ) {
        var base = homeserver.absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        self.homeserver = URL(string: base) ?? homeserver
        self.requestTimeout = requestTimeout
        self.longPollMargin = longPollMargin
        self.token = Mutex(accessToken)
        self.logger = logger
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForResource = 7 * 24 * 3600
        configuration.httpAdditionalHeaders = ["User-Agent": MatrixClientInfo.userAgent]
        configuration.urlCache = nil
        configuration.httpCookieStorage = nil
        session = URLSession(configuration: configuration)
    }

    deinit { session.finishTasksAndInvalidate() }

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
        var text = homeserver.absoluteString + path.escaped
        if !query.isEmpty { text += "?" + MatrixPath.query(query) }
        guard let url = URL(string: text) else {
            throw MatrixError.invalidRequest(
                endpoint: endpoint,
                reason: "\(homeserver.absoluteString) does not form a URL with this path; check `homeserver`")
        }
        var request = URLRequest(url: url)
        request.httpMethod = method.rawValue
        // libcurl's timer works in whole seconds: round up, never below one second.
        request.timeoutInterval = max(1, timeout.timeInterval.rounded(.up))
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        if let body {
            request.httpBody = body
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        if authenticated, let bearer = token.withLock({ $0 }) {
            request.setValue("Bearer \(bearer)", forHTTPHeaderField: "Authorization")
        }
        try Task.checkCancellation()
        let started = ContinuousClock.now
        let data: Data
        let response: URLResponse
        do {
            (data, response) = try await session.data(for: request)
        } catch {
            if Task.isCancelled { throw CancellationError() }
            let failure = TransportFailure(error, endpoint: endpoint, homeserver: homeserver.absoluteString)
            logger.debug(
                "matrix request failed", metadata: ["endpoint": "\(endpoint)", "reason": "\(failure.kind.rawValue)"])
            throw MatrixError.transport(failure)
        }
        guard let http = response as? HTTPURLResponse else {
            throw MatrixError.malformedResponse(
                MalformedResponse(
                    endpoint: endpoint, expected: "an HTTP response", excerpt: Redaction.excerpt(of: data)))
        }
        logger.debug(
            "matrix request",
            metadata: [
                "endpoint": "\(endpoint)", "status": "\(http.statusCode)",
                "elapsed": "\(ContinuousClock.now - started)",
            ])
        guard (200..<300).contains(http.statusCode) else {
            throw MatrixError.fromHTTP(
                endpoint: endpoint, status: http.statusCode, body: data,
                retryAfterHeader: http.value(forHTTPHeaderField: "Retry-After"))
        }
        return data
    }
}
