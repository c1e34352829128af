/// The explicit states of the worker lifecycle, as `WorkerController` moves through them.
#if canImport(Glibc)
    import Glibc
#endif

/// Where the worker lifecycle is; every transition is logged (docs/WORKER-LIFECYCLE.md).
enum WorkerLifecycleState: Equatable, Sendable, CustomStringConvertible {
    /// Made, not started.
    case idle
    /// Starting incarnation `incarnation` (spawn + `start` frame).
    case spawning(incarnation: Int)
    /// Incarnation `incarnation` runs as `pid` since `since` and has been sent its settings.
    case running(incarnation: Int, pid: pid_t, since: ContinuousClock.Instant)
    /// The worker crashed; the next one starts at `until`.
    case backingOff(until: ContinuousClock.Instant)
    /// Too many crashes in the window; nothing starts until `retry()` (SIGHUP) or `restart(with:)`.
    case crashLooped(reason: String)
    /// The worker exited because the homeserver refused the token; the daemon brings new settings.
    case waitingForToken
    /// A graceful stop (or a replacement) is under way.
    case stopping
    /// Stopped for good; the event stream has ended.
    case stopped

    /// A short form for logs, e.g. `running(incarnation 2, pid 4711)`.
    var description: String {
        switch self {
        case .idle: return "idle"
        case .spawning(let incarnation): return "spawning(incarnation \(incarnation))"
        case .running(let incarnation, let pid, _): return "running(incarnation \(incarnation), pid \(pid))"
        case .backingOff(let until):
            let milliseconds = Int(((until - ContinuousClock.now).secondsValue * 1000).rounded())
            return "backingOff(\(max(0, milliseconds)) ms)"
        case .crashLooped: return "crashLooped"
        case .waitingForToken: return "waitingForToken"
        case .stopping: return "stopping"
        case .stopped: return "stopped"
        }
    }
}

extension Duration {
    /// The duration in seconds, as a `Double`.
    var secondsValue: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
