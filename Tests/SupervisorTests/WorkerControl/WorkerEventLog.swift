/// Collects a WorkerController's events with their arrival times so tests can wait for one, bounded.
import Foundation
import Shared
@testable import Supervisor
import Synchronization

/// A wait that ran out: what was awaited and every event seen so far.
struct EventWaitTimedOut: Error, CustomStringConvertible {
    let awaited: String
    let seen: [WorkerPortEvent]
    var description: String { "timed out waiting for \(awaited); events so far: \(seen)" }
}

/// Drains `events` in a task; ``waitFor(_:from:timeout:_:)`` polls what arrived (every 2 ms, bounded).
final class WorkerEventLog: Sendable {
    private let entries = Mutex<[(at: ContinuousClock.Instant, event: WorkerPortEvent)]>([])
    private let finished = Mutex(false)

    init(_ events: AsyncStream<WorkerPortEvent>) {
        Task { [self] in
            for await event in events { entries.withLock { $0.append((.now, event)) } }
            finished.withLock { $0 = true }
        }
    }

    /// Every event so far.
    var events: [WorkerPortEvent] { entries.withLock { $0.map(\.event) } }
    /// Whether the stream has ended (after `stop()`).
    var hasFinished: Bool { finished.withLock { $0 } }

    /// The first event at index ≥ `from` matching `predicate`: its index, arrival time and value.
    func waitFor(
        _ awaited: String, from: Int = 0, timeout: Duration = .seconds(120),
        _ predicate: (WorkerPortEvent) -> Bool
    ) async throws -> (index: Int, at: ContinuousClock.Instant, event: WorkerPortEvent) {
        let deadline = ContinuousClock.now + timeout
        // The check runs once more after the deadline: on a starved machine the event may have arrived
        // while this task waited for a thread, and that is lateness, not absence.
        var lastLook = false
        while !lastLook {
            lastLook = ContinuousClock.now >= deadline
            let found = entries.withLock { list -> (Int, ContinuousClock.Instant, WorkerPortEvent)? in
                guard from < list.count else { return nil }
                return list[from...].enumerated().first { predicate($0.element.event) }.map {
                    (from + $0.offset, $0.element.at, $0.element.event)
                }
            }
            if let found { return (found.0, found.1, found.2) }
            if !lastLook { try await Task.sleep(for: .milliseconds(2)) }
        }
        throw EventWaitTimedOut(awaited: awaited, seen: events)
    }

    /// Waits for `connected(incarnation)` then `status(syncing)` after it; returns the index and time of syncing.
    func waitUntilSyncing(incarnation: Int, from: Int = 0) async throws -> (index: Int, at: ContinuousClock.Instant) {
        let connected = try await waitFor("connected(\(incarnation))", from: from) {
            $0 == .connected(incarnation: incarnation)
        }
        let syncing = try await waitFor("syncing of worker \(incarnation)", from: connected.index) {
            $0 == .status(WorkerStatus(phase: .syncing))
        }
        return (syncing.index, syncing.at)
    }
}
