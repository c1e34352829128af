/// Why the sync engine stopped for good (anything else it retries).

/// A reason the sync engine cannot go on; the runtime turns each into an exit code.
enum SyncStop: Error, Sendable, CustomStringConvertible {
    /// `M_UNKNOWN_TOKEN`: report `token_invalid` and exit 77.
    case tokenInvalid(TokenInvalidError)
    /// The store cannot be opened, read or written: exit 70 (the supervisor's crash-loop detection reports it).
    case store(WorkerStoreError)
    /// Start-up cannot succeed (e.g. whoami refused with a permanent error): exit 70, the log says why.
    case startupFailed(String)

    /// One line for the log.
    var description: String {
        switch self {
        case .tokenInvalid(let error): error.description
        case .store(let error): error.description
        case .startupFailed(let reason): "start-up failed: \(reason)"
        }
    }
}
