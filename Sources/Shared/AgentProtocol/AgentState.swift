/// The daemon's states as the agent sees them in `welcome` and `status` (PROTOCOL.md "Status and liveness").

/// The `state` of `welcome` and `status`.
public enum AgentState: String, Sendable, Equatable, CaseIterable {
    /// The worker is starting or has not completed its first sync.
    case starting
    /// Ready: a sync completed and, where rooms are encrypted, the device keys are published.
    case syncing
    /// The homeserver is unreachable or rate-limiting; retrying.
    case reconnecting
    /// Waiting for a new access token; requests are still accepted and queued.
    case tokenExpired = "token_expired"
    /// The daemon is shutting down.
    case stopping
}
