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
