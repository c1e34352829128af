/// A request that got no HTTP answer: the kinds of transport failure a caller tells apart.

/// A request that got no HTTP answer: which kind of failure, where, and a short reason.
public struct TransportFailure: Sendable, Equatable, CustomStringConvertible {
    /// The kinds of transport failure a caller may want to tell apart.
    public enum Kind: String, Sendable, Equatable {
        /// Nothing listens on the homeserver's address (server down or wrong port).
        case connectionRefused = "connection refused"
        /// No answer within the request's timeout.
        case timedOut = "timed out"
        /// The host name did not resolve.
        case dns = "host name not found"
        /// The connection broke before the answer was complete.
        case connectionLost = "connection lost"
        /// TLS failed (certificate, handshake).
        case tls = "TLS failure"
        /// No request could be made at all (libcurl missing, the HTTP helper process failed): see ``detail``.
        case unavailable = "HTTP client unavailable"
        /// Anything else libcurl reports.
        case other = "network error"
    }

    /// Method and path of the request.
    public let endpoint: String
    /// The homeserver (scheme, host, port) that was tried.
    public let homeserver: String
    /// What kind of failure it was.
    public let kind: Kind
    /// The underlying `CURLcode` (the result of the transfer), for logs.
    public let code: Int

    /// Creates a transport failure.
    public init(endpoint: String, homeserver: String, kind: Kind, code: Int, detail: String? = nil) {
        self.endpoint = endpoint
        self.homeserver = homeserver
        self.kind = kind
        self.code = code
        self.detail = detail
    }

    /// Why, and what to do, for ``Kind/unavailable``.
    public let detail: String?

    /// What to do when libcurl cannot be loaded (every request of the worker, `doctor` and `login` needs it).
    public static let libcurlFix =
        "install libcurl 7.68 or newer (Debian: apt-get install libcurl4), the library every request uses"

    /// One line: where, what, and what to check.
    public var description: String {
        if kind == .unavailable { return "\(endpoint) to \(homeserver): \(detail ?? kind.rawValue)" }
        return "\(endpoint) to \(homeserver): \(kind.rawValue) (curl error \(code)); "
            + "check that the homeserver is up and reachable"
    }
}
