/// The daemon's state as `welcome`, `status`, `prx-matrix status` and systemd's STATUS= show it.
import Shared

/// What the daemon reports: a state of PROTOCOL.md and an optional detail saying why.
struct DaemonStatus: Equatable, Sendable, CustomStringConvertible {
    /// The agent-visible state.
    var state: AgentState
    /// Why, and what happens next (never contains the token).
    var detail: String?

    /// What the daemon knows about its worker, from which the status is derived.
    struct Inputs: Sendable {
        /// A graceful stop has begun.
        var stopping = false
        /// Restarting stopped after too many crashes (the port's detail).
        var crashLoop: String?
        /// A worker incarnation is connected.
        var workerConnected = false
        /// How the last worker went away, until the next one connects.
        var workerGone: String?
        /// The connected worker's last `state`.
        var worker: WorkerStatus?
        /// An outbox row is waiting for a rate limit to pass.
        var rateLimited = false
    }

    /// The status for `inputs`, most important condition first.
    init(_ inputs: Inputs) {
        if inputs.stopping {
            self.init(state: .stopping, detail: "the daemon is shutting down; reconnect later")
        } else if case .tokenInvalid(let soft)? = inputs.worker?.phase {
            self.init(
                state: .tokenExpired,
                detail: inputs.worker?.detail
                    ?? "the homeserver rejected the access token\(soft ? " (soft logout)" : ""); set a new "
                    + "access_token in the config and send SIGHUP; requests are still accepted and queued")
        } else if let crashLoop = inputs.crashLoop {
            self.init(state: .starting, detail: "the worker stopped after a crash loop: \(crashLoop)")
        } else if !inputs.workerConnected {
            self.init(
                state: .starting, detail: inputs.workerGone.map { "worker restarting: \($0)" } ?? "starting the worker")
        } else {
            let rooms = Self.roomDetail(inputs.worker?.roomProblems ?? [])
            switch inputs.worker?.phase {
            case .syncing? where inputs.rateLimited:
                self.init(state: .reconnecting, detail: "rate-limited by the homeserver; sending again when it allows")
            case .syncing?:
                self.init(state: .syncing, detail: Self.join(inputs.worker?.detail, rooms))
            case .reconnecting?:
                self.init(state: .reconnecting, detail: Self.join(inputs.worker?.detail, rooms))
            case .starting?, .tokenInvalid?, nil:
                self.init(
                    state: .starting, detail: Self.join(inputs.worker?.detail ?? "waiting for the first sync", rooms))
            }
        }
    }

    /// A status with `state` and `detail`.
    init(state: AgentState, detail: String?) {
        self.state = state
        self.detail = detail
    }

    /// `state` or `state: detail`, for logs and systemd's STATUS=.
    var description: String { detail.map { "\(state.rawValue): \($0)" } ?? state.rawValue }

    private static func roomDetail(_ problems: [RoomProblem]) -> String? {
        guard !problems.isEmpty else { return nil }
        let list = problems.map { problem in
            "\(problem.room) (\(problem.kind.rawValue)\(problem.detail.map { ": \($0)" } ?? ""))"
        }
        return "rooms not served: " + list.joined(separator: ", ")
    }

    private static func join(_ parts: String?...) -> String? {
        let present = parts.compactMap { $0 }
        return present.isEmpty ? nil : present.joined(separator: "; ")
    }
}
