/// What can go wrong talking to a homeserver, as one typed error that says where and what to do.

/// A failed Client-Server API call. Never contains the access token, a refresh token or a password.
public enum MatrixError: Error, Sendable, Equatable {
    /// The homeserver answered with a non-2xx status and (usually) a standard error body
    /// `{"errcode": …, "error": …, "soft_logout": …, "retry_after_ms": …}`.
    ///
    /// - `endpoint`: method and path, e.g. `PUT /_matrix/client/v3/rooms/!r%3Ahs/send/m.room.message/t1`.
    /// - `errcode`: `M_UNKNOWN_TOKEN`, `M_LIMIT_EXCEEDED`, `M_FORBIDDEN`, … or nil for a non-Matrix body.
    /// - `error`: the server's human-readable reason (or a short excerpt of a non-Matrix body).
    /// - `softLogout`: `soft_logout` of `M_UNKNOWN_TOKEN`: true means "refresh or log in again on the same device".
    /// - `retryAfterMs`: `retry_after_ms` from the body, else the `Retry-After` header in milliseconds.
    case http(endpoint: String, status: Int, errcode: String?, error: String, softLogout: Bool, retryAfterMs: Int?)
    /// The request never got an HTTP answer (connection refused, timeout, DNS, connection lost).
    case transport(TransportFailure)
    /// An HTTP 2xx answer whose body is not what the endpoint promises.
    case malformedResponse(MalformedResponse)
    /// The request could not be built (a body that does not encode as JSON, a homeserver URL that
    /// cannot take the path); nothing was sent. A bug or a bad `homeserver` setting, not a server problem.
    case invalidRequest(endpoint: String, reason: String)

    /// The HTTP status, for `.http`.
    public var status: Int? {
        if case .http(_, let status, _, _, _, _) = self { return status }
        return nil
    }

    /// The Matrix `errcode`, for `.http` with a standard error body.
    public var errcode: String? {
        if case .http(_, _, let errcode, _, _, _) = self { return errcode }
        return nil
    }

    /// The server's reason text, for `.http`.
    public var serverReason: String? {
        if case .http(_, _, _, let error, _, _) = self { return error }
        return nil
    }
}

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
        /// Anything else URLSession reports.
        case other = "network error"
    }

    /// Method and path of the request.
    public let endpoint: String
    /// The homeserver (scheme, host, port) that was tried.
    public let homeserver: String
    /// What kind of failure it was.
    public let kind: Kind
    /// The underlying URLError code, for logs.
    public let code: Int

    /// Creates a transport failure.
    public init(endpoint: String, homeserver: String, kind: Kind, code: Int) {
        self.endpoint = endpoint
        self.homeserver = homeserver
        self.kind = kind
        self.code = code
    }

    /// One line: where, what, and what to check.
    public var description: String {
        "\(endpoint) to \(homeserver): \(kind.rawValue) (URLError \(code)); check that the homeserver is up and reachable"
    }
}

/// A 2xx answer that did not decode as the endpoint's response.
public struct MalformedResponse: Sendable, Equatable, CustomStringConvertible {
    /// Method and path of the request.
    public let endpoint: String
    /// What was expected and where it failed, e.g. `rooms.join.!r:hs.timeline.limited: expected Bool`.
    public let expected: String
    /// The start of the body (at most 200 characters), secrets redacted.
    public let excerpt: String

    /// Creates a malformed-response error.
    public init(endpoint: String, expected: String, excerpt: String) {
        self.endpoint = endpoint
        self.expected = expected
        self.excerpt = excerpt
    }

    /// One line: where, what was expected, and what came.
    public var description: String {
        "\(endpoint): malformed response (\(expected)); body starts with: \(excerpt)"
    }
}
