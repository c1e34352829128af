/// The crash test's killer: kill -9 of every worker incarnation at a random moment of its own life.
import Foundation
import Shared

#if canImport(Glibc)
    import Glibc
#endif

/// Kills each worker of a rig's daemon once, at a random moment of that worker's life: a third of them
/// during start-up (within 0.5 s of appearing), the others within 1 s after the daemon logged it
/// `syncing`, while messages flow both ways.
///
/// A killer on a fixed random clock (every 0.3–1.5 s) does not do this: it kills each new worker within
/// about half a second of the restart, whatever the machine's speed. On a loaded machine, where start-up
/// alone (whoami, rooms, filter, first sync) takes longer than that, almost no worker ever got to send,
/// and the run lost its progress instead of finding a bug. Timing each kill from the worker's own start
/// keeps the kills random and the run bounded on any machine.
struct WorkerKiller: Sendable {
    let rig: EndToEndRig
    let daemon: Process
    let seed: UInt64

    /// What the killer did.
    struct Tally: Sendable {
        var kills = 0
        var duringStartUp = 0
    }

    /// Kills workers until cancelled; returns how many it killed.
    func run() async -> Tally {
        var random = SeededRandom(seed: seed)
        var tally = Tally()
        var previous: pid_t?
        while !Task.isCancelled {
            guard let pid = rig.workerPID(of: daemon), pid != previous else {
                try? await Task.sleep(for: .milliseconds(20))
                continue
            }
            previous = pid
            let appeared = ContinuousClock.now
            let logMark = spawnOffset(of: pid)
            let duringStartUp = Double.random(in: 0..<1, using: &random) < 1.0 / 3
            let killAt: ContinuousClock.Instant
            if duringStartUp {
                killAt = appeared + .milliseconds(Int.random(in: 0...500, using: &random))
            } else {
                let syncing = await syncingLogged(after: logMark, by: appeared + .seconds(30))
                killAt = syncing + .milliseconds(Int.random(in: 0...1000, using: &random))
            }
            while !Task.isCancelled, ContinuousClock.now < killAt { try? await Task.sleep(for: .milliseconds(20)) }
            guard !Task.isCancelled, rig.workerPID(of: daemon) == pid, kill(pid, SIGKILL) == 0 else { continue }
            tally.kills += 1
            if duringStartUp { tally.duringStartUp += 1 }
        }
        return tally
    }

    /// The offset in the daemon's log of the line that says worker `pid` runs (0 if not found): its
    /// `syncing` comes after it.
    private func spawnOffset(of pid: pid_t) -> UInt64 {
        guard let log = FileManager.default.contents(atPath: rig.logPath),
            let line = log.lastRange(of: Data("pid \(pid))".utf8))
        else { return 0 }
        return UInt64(line.lowerBound - log.startIndex)
    }

    /// When the daemon's log, after `offset`, says a worker is `syncing` (or `deadline`, or cancellation).
    private func syncingLogged(after offset: UInt64, by deadline: ContinuousClock.Instant) async
        -> ContinuousClock.Instant
    {
        while !Task.isCancelled, ContinuousClock.now < deadline {
            if let log = FileHandle(forReadingAtPath: rig.logPath) {
                defer { try? log.close() }
                try? log.seek(toOffset: offset)
                if let data = try? log.readToEnd(), String(decoding: data, as: UTF8.self).contains("state: syncing") {
                    return .now
                }
            }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return .now
    }
}
