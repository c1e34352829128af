/// One running worker process as `WorkerController` tracks it: process, link, decoder, heartbeats, waiters.
import Shared
#if canImport(Glibc)
    import Glibc
#endif

/// The state of one worker incarnation; owned and mutated only by ``WorkerController`` (actor-confined).
final class WorkerIncarnation {
    /// Why the supervisor ended (or is ending) this worker; nil while it runs unbothered.
    enum Ending: Equatable {
        /// `stop()` or `restart(with:)`: a graceful stop.
        case requested
        /// The worker sent something that is not a valid frame of the link.
        case broken(String)
        /// The worker missed `missedHeartbeatLimit` heartbeats.
        case hung(missed: Int)
        /// The worker closed its link but did not exit.
        case linkClosed
    }

    /// 1 for the first worker, counting up across restarts.
    let number: Int
    let process: WorkerProcess
    let connection: SocketConnection
    let since: ContinuousClock.Instant
    var decoder = FrameDecoder(maxFrameBytes: WorkerLink.maxFrameBytes)
    var ending: Ending?
    /// The id of the last `heartbeat` sent and of the last one answered.
    var lastHeartbeatSent: Int64 = 0
    var lastHeartbeatAcked: Int64 = 0
    /// Whether the worker reported `token_invalid` (its exit code is what counts; this is for the log).
    var reportedTokenInvalid = false
    /// Tasks to cancel when the worker is gone: heartbeats, the stop and link-closed timers.
    var heartbeatTask: Task<Void, Never>?
    var timers: [Task<Void, Never>] = []
    /// `stop()`/`restart(with:)` callers waiting for the exit.
    var exitWaiters: [CheckedContinuation<WorkerExit, Never>] = []

    init(number: Int, process: WorkerProcess, connection: SocketConnection, since: ContinuousClock.Instant) {
        self.number = number
        self.process = process
        self.connection = connection
        self.since = since
    }

    /// Sends `signal` to the worker's whole process group (it is the leader of its own group), so a
    /// helper process it started cannot outlive it.
    func signalGroup(_ signal: Int32) {
        kill(-process.pid, signal)
    }

    /// Cancels the heartbeat and every timer.
    func cancelTasks() {
        heartbeatTask?.cancel()
        timers.forEach { $0.cancel() }
        timers = []
    }
}
