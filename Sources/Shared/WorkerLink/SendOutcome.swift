/// The result of one outbox row, reported by the worker in an `outcome` frame.

/// What became of an outbox row the worker was given.
public enum SendOutcome: Sendable, Equatable {
    /// The homeserver took it; one event id, or several in order when the body was split. Never empty.
    case sent(eventIDs: [String])
    /// It can never be sent; `code` is the homeserver's errcode (e.g. `M_FORBIDDEN`) or the worker's own.
    case failed(code: String, message: String)
    /// Not now (rate limit, outage, token expiry): the supervisor keeps the row and hands it over again
    /// after `retryAfterMS` milliseconds or when the worker is back.
    case retryLater(retryAfterMS: Int64)
}
