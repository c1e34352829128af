/// What the worker reports about itself in `state` frames: its phase and any room it cannot serve.

/// The worker's phase, which the supervisor turns into the agent's `status`.
public enum WorkerPhase: Sendable, Equatable {
    /// Logging in, checking rooms, first sync not yet complete.
    case starting
    /// A sync completed (and device keys are published where rooms are encrypted): ready.
    case syncing
    /// The homeserver is unreachable or rate-limiting; retrying (the detail says why).
    case reconnecting
    /// The homeserver answered `M_UNKNOWN_TOKEN`; the worker exits after this report with its own exit
    /// code. `softLogout` is the response's `soft_logout` (a refresh may work).
    case tokenInvalid(softLogout: Bool)
}

/// A configured room the worker cannot serve, and why.
public struct RoomProblem: Sendable, Equatable {
    /// The kinds of room problem.
    public enum Kind: String, Sendable, Equatable, CaseIterable {
        /// The alias does not resolve.
        case aliasNotFound = "alias_not_found"
        /// The bot is not joined and has no invite from an allowed user.
        case notJoined = "not_joined"
        /// Joining failed (the detail has the server's reason).
        case joinFailed = "join_failed"
        /// The room is encrypted and this worker cannot decrypt yet.
        case encryptionUnsupported = "encryption_unsupported"
    }

    /// The room as configured.
    public var room: String
    /// What is wrong.
    public var kind: Kind
    /// Details for the log and `status`, e.g. the server's error.
    public var detail: String?

    /// A room problem.
    public init(room: String, kind: Kind, detail: String? = nil) {
        self.room = room
        self.kind = kind
        self.detail = detail
    }
}

/// The payload of the worker's `state` frame.
public struct WorkerStatus: Sendable, Equatable {
    /// The phase.
    public var phase: WorkerPhase
    /// Why, for `reconnecting` and `token_invalid` (never contains the token).
    public var detail: String?
    /// Rooms that cannot be served; empty when all are fine.
    public var roomProblems: [RoomProblem]

    /// A state report.
    public init(phase: WorkerPhase, detail: String? = nil, roomProblems: [RoomProblem] = []) {
        self.phase = phase
        self.detail = detail
        self.roomProblems = roomProblems
    }
}
