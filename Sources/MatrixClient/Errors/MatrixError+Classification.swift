/// What a caller should do about a `MatrixError`: rotate the token, wait, back off, or give up.

extension MatrixError {
    /// The four things a caller can do about an error; every error is exactly one of them.
    public enum Disposition: Sendable, Equatable {
        /// `M_UNKNOWN_TOKEN`: stop and rotate. `softLogout` true → `/refresh` or log in on the same
        /// device; false → the token (or refresh token) was revoked, a new one is needed.
        case unknownToken(softLogout: Bool)
        /// 429 / `M_LIMIT_EXCEEDED`: keep the request and retry after `retryAfter` (nil: no hint given).
        case rateLimited(retryAfter: Duration?)
        /// 5xx, 408, transport failures and malformed 2xx answers: retry with backoff and jitter.
        case transient
        /// Any other 4xx (`M_FORBIDDEN`, `M_NOT_FOUND`, `M_BAD_JSON`, …) and requests that could not be
        /// built: retrying will not help.
        case permanent
    }

    /// What to do about this error.
    public var disposition: Disposition {
        switch self {
        case .transport, .malformedResponse:
            return .transient
        case .invalidRequest:
            return .permanent
        case .http(_, let status, let errcode, _, let softLogout, let retryAfterMs):
            if errcode == "M_UNKNOWN_TOKEN" { return .unknownToken(softLogout: softLogout) }
            if status == 429 || errcode == "M_LIMIT_EXCEEDED" {
                return .rateLimited(retryAfter: retryAfterMs.map { .milliseconds($0) })
            }
            if status >= 500 || status == 408 { return .transient }
            return .permanent
        }
    }

    /// True for `M_UNKNOWN_TOKEN` (expired, revoked or unknown access or refresh token).
    public var isUnknownToken: Bool {
        if case .unknownToken = disposition { return true }
        return false
    }

    /// True for `M_UNKNOWN_TOKEN` with `soft_logout: true`: the device survives, refresh or log in again.
    public var isSoftLogout: Bool { disposition == .unknownToken(softLogout: true) }

    /// True for a rate limit (429 or `M_LIMIT_EXCEEDED`); `retryAfter` is the server's hint, if any.
    public var isRateLimited: Bool {
        if case .rateLimited = disposition { return true }
        return false
    }

    /// How long the server asked us to wait (`retry_after_ms`, else `Retry-After`), for a rate limit.
    public var retryAfter: Duration? {
        if case .rateLimited(let retryAfter) = disposition { return retryAfter }
        return nil
    }

    /// True when retrying the same request later may succeed: 5xx, 408, transport, malformed answer.
    public var isTransient: Bool { disposition == .transient }

    /// True when retrying cannot help (4xx other than 408, 429 and `M_UNKNOWN_TOKEN`; an unbuildable request).
    public var isPermanent: Bool { disposition == .permanent }
}

extension MatrixError: CustomStringConvertible {
    /// One line: where, what the server said, and what to do.
    public var description: String {
        switch self {
        case .transport(let failure):
            return failure.description
        case .malformedResponse(let failure):
            return failure.description
        case .invalidRequest(let endpoint, let reason):
            return "\(endpoint): request not sent: \(reason)"
        case .http(let endpoint, let status, let errcode, let error, _, _):
            let said = "\(endpoint): HTTP \(status) \(errcode ?? "(no errcode)") \"\(error)\""
            switch disposition {
            case .unknownToken(softLogout: true):
                return "\(said): the access token expired; refresh it or log in again with the same device id"
            case .unknownToken(softLogout: false):
                return "\(said): the token is revoked or unknown; a new access token is needed (prx-matrix login)"
            case .rateLimited(let retryAfter):
                return "\(said): rate limited; retry after \(retryAfter.map { "\($0)" } ?? "a backoff")"
            case .transient:
                return "\(said): homeserver error; retry with backoff"
            case .permanent:
                return "\(said): rejected by the homeserver; retrying will not help"
            }
        }
    }
}
