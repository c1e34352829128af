/// The daemon's view of "the worker": the seam between the agent side and the worker's process lifecycle.
///
/// `WorkerController` implements it with real `prx-matrix-worker` processes (spawn, link, heartbeat,
/// restarts); tests of the agent contract implement it in memory. The daemon never sees a pid.
import Shared

/// What the worker side reports to the daemon, in order.
enum WorkerPortEvent: Sendable, Equatable {
    /// A new worker incarnation is connected and has been sent its settings. Work sent to an earlier
    /// incarnation without an outcome must be sent again (transaction ids make that safe).
    case connected(incarnation: Int)
    /// The worker's own state (starting, syncing, reconnecting, token invalid) and room problems.
    case status(WorkerStatus)
    /// Who the bot is according to the homeserver (whoami); `welcome` shows it instead of the config's hints.
    case identity(userID: String, deviceID: String)
    /// New inbound messages; the daemon answers `batchAck` only after the queue committed them.
    case batch(id: Int64, events: [InboundEvent])
    /// The result of a `send`, `react` or `receipt` for an outbox row or job.
    case outcome(row: Int64, SendOutcome)
    /// The worker is gone; `detail` says how (exit code, signal, hung) and what happens next.
    case disconnected(detail: String)
    /// Restarting stopped: too many crashes in the window. `detail` says why and what to do (SIGHUP retries).
    case crashLoop(detail: String)
}

/// The worker side as the daemon drives it.
protocol WorkerPort: Sendable {
    /// Events from the worker side; one consumer (the daemon).
    var events: AsyncStream<WorkerPortEvent> { get }
    /// Starts the first worker (with the settings the port was made with).
    func start() async
    /// Sends a command to the current worker; false when none is connected (it will be re-sent after `connected`).
    @discardableResult func send(_ command: SupervisorCommand) async -> Bool
    /// Replaces the worker gracefully with one using `settings` (config reload, new token).
    func restart(with settings: WorkerSettings) async
    /// Leaves the crash-loop stop and starts a worker again (SIGHUP).
    func retry() async
    /// Graceful stop: `shutdown`, wait up to the grace period, SIGTERM, then SIGKILL. Never `/logout`.
    /// `events` ends after the last event of the stopped worker (its last outcomes, `disconnected`).
    func stop() async
}
