/// A limit on how many test homeservers run at once, so a parallel suite on 2 cores does not thrash.
import Foundation
import Synchronization

/// Counts running Synapse instances of this test process; `acquire` waits for a free slot.
///
/// The limit is `PRX_MATRIX_MAX_SYNAPSES` (default 3). Each Synapse takes most of a core while it starts
/// and ~120 MB; a dozen starting together starve every other test of CPU and turn bounded waits into
/// spurious time-outs. A slot is released by `SynapseServer.stop()` or its deinit. A server that is never
/// released (a shared instance kept for a whole suite) must not stall the run: a waiter gives up waiting
/// after `maxWait` and starts anyway, so the gate only ever delays, never deadlocks.
final class SynapseGate: Sendable {
    static let shared = SynapseGate(
        limit: ProcessInfo.processInfo.environment["PRX_MATRIX_MAX_SYNAPSES"].flatMap(Int.init).map { max(1, $0) } ?? 3,
        maxWait: .seconds(90))

    private struct State {
        var running = 0
        var nextTicket = 0
        var waiting: [(ticket: Int, continuation: CheckedContinuation<Void, Never>)] = []
    }

    private let limit: Int
    private let maxWait: Duration
    private let state = Mutex(State())

    init(limit: Int, maxWait: Duration) {
        self.limit = limit
        self.maxWait = maxWait
    }

    /// Waits until fewer than `limit` servers run (or `maxWait` has passed), then counts one more.
    func acquire() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let ticket = state.withLock { s -> Int? in
                if s.running < limit {
                    s.running += 1
                    return nil
                }
                s.nextTicket += 1
                s.waiting.append((s.nextTicket, continuation))
                return s.nextTicket
            }
            guard let ticket else { return continuation.resume() }
            let maxWait = maxWait
            Task { [self] in
                try? await Task.sleep(for: maxWait)
                let overdue = state.withLock { s -> CheckedContinuation<Void, Never>? in
                    guard let index = s.waiting.firstIndex(where: { $0.ticket == ticket }) else { return nil }
                    s.running += 1
                    return s.waiting.remove(at: index).continuation
                }
                overdue?.resume()
            }
        }
    }

    /// Hands the slot to the next waiter, or frees it.
    func release() {
        let next = state.withLock { s -> CheckedContinuation<Void, Never>? in
            if s.waiting.isEmpty {
                s.running = max(0, s.running - 1)
                return nil
            }
            return s.waiting.removeFirst().continuation
        }
        next?.resume()
    }
}
