/// The exit codes of `prx-matrix-worker` that mean something to the supervisor (docs/WORKER-LIFECYCLE.md).

/// How a worker says why it ended; both the worker and the supervisor use these values.
///
/// Only ``tokenInvalid`` changes what the supervisor does: it is not a crash (no restart, not counted
/// toward the crash loop); the daemon rotates the token and starts a new worker. Every other non-zero
/// exit is a crash and goes through the restart policy.
public enum WorkerExitCode: Int32, Sendable, CaseIterable {
    /// `shutdown` was honoured, or the link closed (the supervisor is gone): a clean exit.
    case ok = 0
    /// An internal error the worker could not recover from (sysexits EX_SOFTWARE).
    case software = 70
    /// The link broke its protocol: a malformed frame or an unexpected first frame (sysexits EX_PROTOCOL).
    case linkProtocol = 76
    /// The homeserver answered `M_UNKNOWN_TOKEN`; a `state` frame with `token_invalid` came first
    /// (sysexits EX_NOPERM).
    case tokenInvalid = 77
}
