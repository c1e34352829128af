/// The restart policy: immediate first restart, capped exponential backoff with jitter, crash loops.
@testable import Supervisor
import Testing

@Suite struct RestartPolicyTests {
    @Test func firstCrashAfterStableRunRestartsAtOnce() {
        var policy = RestartPolicy(initialBackoff: 2, maxBackoff: 60, maxRestarts: 5, windowSeconds: 10)
        #expect(policy.workerExited(now: 100, uptime: 3600, random: 0.5) == .restart(afterSeconds: 0))
    }

    @Test func backoffDoublesUpToTheCapWithJitterInBounds() {
        var policy = RestartPolicy(initialBackoff: 2, maxBackoff: 60, maxRestarts: 100, windowSeconds: 1)
        var now = 0.0
        var delays: [Double] = []
        for _ in 0..<9 {
            now += 100  // outside the crash-loop window each time
            if case .restart(let delay) = policy.workerExited(now: now, uptime: 1, random: 0.5) { delays.append(delay) }
        }
        #expect(delays == [0, 2, 4, 8, 16, 32, 60, 60, 60])
        var low = RestartPolicy(initialBackoff: 2, maxBackoff: 60, maxRestarts: 100, windowSeconds: 1)
        var high = low
        _ = low.workerExited(now: 0, uptime: 1, random: 0)
        _ = high.workerExited(now: 0, uptime: 1, random: 0)
        #expect(low.workerExited(now: 5, uptime: 1, random: 0) == .restart(afterSeconds: 1.6))
        guard case .restart(let highest) = high.workerExited(now: 5, uptime: 1, random: 0.999_999) else {
            Issue.record("expected a restart")
            return
        }
        #expect(highest > 2.39 && highest < 2.4)
    }

    @Test func stableUptimeResetsTheStreak() {
        var policy = RestartPolicy(initialBackoff: 2, maxBackoff: 60, maxRestarts: 100, windowSeconds: 1)
        _ = policy.workerExited(now: 0, uptime: 1, random: 0.5)
        #expect(policy.workerExited(now: 10, uptime: 1, random: 0.5) == .restart(afterSeconds: 2))
        #expect(policy.workerExited(now: 100, uptime: 45, random: 0.5) == .restart(afterSeconds: 0))
    }

    @Test func tooManyRestartsInTheWindowIsACrashLoopUntilReset() {
        var policy = RestartPolicy(initialBackoff: 0.01, maxBackoff: 0.05, maxRestarts: 5, windowSeconds: 10)
        for i in 0..<5 {
            guard case .restart = policy.workerExited(now: Double(i), uptime: 0.1, random: 0.5) else {
                Issue.record("restart \(i) should be allowed")
                return
            }
        }
        #expect(policy.workerExited(now: 5, uptime: 0.1, random: 0.5) == .crashLoop(restarts: 5, windowSeconds: 10))
        policy.reset()
        #expect(policy.workerExited(now: 6, uptime: 0.1, random: 0.5) == .restart(afterSeconds: 0))
    }

    @Test func restartsOutsideTheWindowDoNotCount() {
        var policy = RestartPolicy(initialBackoff: 0, maxBackoff: 0, maxRestarts: 2, windowSeconds: 10)
        for i in 0..<20 {
            #expect(policy.workerExited(now: Double(i) * 6, uptime: 1, random: 0.5) == .restart(afterSeconds: 0))
        }
    }
}
