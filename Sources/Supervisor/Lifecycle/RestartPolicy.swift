/// When to restart the worker: capped exponential backoff with jitter, reset after a stable uptime,
/// and crash-loop detection (more than N restarts within T seconds stops restarting).

/// The supervisor's decision after the worker exited unexpectedly.
enum RestartDecision: Equatable, Sendable {
    /// Start a new worker after this many seconds.
    case restart(afterSeconds: Double)
    /// Too many restarts in the window: stop restarting until the operator acts (SIGHUP retries).
    case crashLoop(restarts: Int, windowSeconds: Double)
}

/// Restart bookkeeping; a value type so the lifecycle actor owns it and tests drive it with explicit times.
struct RestartPolicy: Sendable {
    /// First backoff after a crash that followed a stable run (PRX: `channel_initial_backoff_secs`).
    var initialBackoff: Double
    /// The cap (PRX: `channel_max_backoff_secs`).
    var maxBackoff: Double
    /// More than this many restarts within `windowSeconds` is a crash loop.
    var maxRestarts: Int
    var windowSeconds: Double
    /// An uptime at least this long resets the backoff: the worker was healthy.
    var stableUptime: Double

    /// Restarts so far in the current streak (reset by a stable run).
    private(set) var streak = 0
    /// Times (seconds on a monotonic clock) of recent restarts, for crash-loop detection.
    private(set) var recentRestarts: [Double] = []

    init(initialBackoff: Double, maxBackoff: Double, maxRestarts: Int, windowSeconds: Double, stableUptime: Double = 30)
    {
        self.initialBackoff = max(0, initialBackoff)
        self.maxBackoff = max(self.initialBackoff, maxBackoff)
        self.maxRestarts = max(1, maxRestarts)
        self.windowSeconds = max(1, windowSeconds)
        self.stableUptime = stableUptime
    }

    /// Records an unexpected exit at `now` after `uptime` seconds of running and decides what to do.
    ///
    /// The first crash after a stable run restarts at once (a single crash should cost the agent
    /// nothing); each further crash in the streak doubles the delay from `initialBackoff` up to
    /// `maxBackoff`, with ±20 % jitter from `random` (a value in 0..<1) so restarts of several daemons
    /// do not synchronise.
    mutating func workerExited(now: Double, uptime: Double, random: Double) -> RestartDecision {
        if uptime >= stableUptime { streak = 0 }
        recentRestarts = recentRestarts.filter { now - $0 < windowSeconds }
        if recentRestarts.count >= maxRestarts {
            return .crashLoop(restarts: recentRestarts.count, windowSeconds: windowSeconds)
        }
        recentRestarts.append(now)
        defer { streak += 1 }
        guard streak > 0 else { return .restart(afterSeconds: 0) }
        let exponent = Double(min(streak - 1, 30))
        let base = min(maxBackoff, initialBackoff * pow2(exponent))
        let jitter = 1 + (random * 0.4 - 0.2)
        return .restart(afterSeconds: min(maxBackoff, base * jitter))
    }

    /// Forgets the crash history: the operator asked to try again (SIGHUP) or the config changed.
    mutating func reset() {
        streak = 0
        recentRestarts = []
    }

    private func pow2(_ exponent: Double) -> Double {
        var result = 1.0
        for _ in 0..<Int(exponent) { result *= 2 }
        return result
    }
}
