/// One HTTP exchange as a transport performs it (request, answer, outcome), and the transport seam itself.
public import Foundation

/// Performs HTTP exchanges for ``MatrixHTTPClient``: ``CurlTransport`` in this process, or another
/// (the supervisor's daemon runs its few requests in a short-lived helper process, so that it never maps libcurl).
public protocol HTTPTransport: Sendable {
    /// Performs `request`; cancelling the calling task ends it with ``HTTPOutcome/cancelled``.
    func perform(_ request: HTTPRequest) async -> HTTPOutcome
}

/// One HTTP exchange as a transport sends it. Holds the access token (in `headers`): never log it.
public struct HTTPRequest: Sendable, Codable, Equatable {
    /// The method; with a body, or for POST and PUT, the body is sent as POST fields.
    public let method: HTTPMethod
    /// The full URL, query included.
    public let url: String
    /// Header lines (`Name: value`); `Name:` removes a header the transport would add.
    public let headers: [String]
    /// The body, sent as is.
    public let body: Data?
    /// The limit of the whole exchange.
    public let timeoutMilliseconds: Int
    /// The limit of connecting (DNS, TCP, TLS).
    public let connectTimeoutMilliseconds: Int

    /// A request; see the properties.
    public init(
        method: HTTPMethod, url: String, headers: [String], body: Data?, timeoutMilliseconds: Int,
        connectTimeoutMilliseconds: Int
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeoutMilliseconds = timeoutMilliseconds
        self.connectTimeoutMilliseconds = connectTimeoutMilliseconds
    }
}

/// An HTTP answer, whatever its status.
public struct HTTPResponse: Sendable, Codable, Equatable {
    /// The HTTP status code (0 if none was received).
    public let status: Int
    /// The body as received.
    public let body: Data
    /// The value of the last `Retry-After` header, if any.
    public let retryAfter: String?

    /// An answer; see the properties.
    public init(status: Int, body: Data, retryAfter: String?) {
        self.status = status
        self.body = body
        self.retryAfter = retryAfter
    }
}

/// How an exchange ended.
public enum HTTPOutcome: Sendable, Codable, Equatable {
    /// An HTTP answer arrived.
    case response(HTTPResponse)
    /// No answer: the transfer's `CURLcode` (or that of setting up the handle).
    case failure(Int)
    /// The caller cancelled (the transfer was aborted or never started).
    case cancelled
    /// Nothing could be sent at all (libcurl could not be loaded, the helper process failed): why, and what to do.
    case unavailable(String)
}
