/// A limit on how many test homeservers run at once, so a parallel suite on 2 cores does not thrash.
import Foundation
import Synchronization

/// Counts running Synapse instances of this test process; `acquire` waits for a free slot.
///
/// The limit is `PRX_MATRIX_MAX_SYNAPSES` (default 3). Each Synapse takes most of a core while it starts
/// and ~120 MB; a dozen starting together starve every other test of CPU and turn bounded waits into
/// spurious time-outs. A slot is released by `SynapseServer.stop()` or, if a test forgets, its deinit.
final class SynapseGate: Sendable {
    static let shared = SynapseGate(
        limit: ProcessInfo.processInfo.environment["PRX_MATRIX_MAX_SYNAPSES"].flatMap(Int.init).map { max(1, $0) } ?? 3)

    private struct State {
        var running = 0
        var waiting: [CheckedContinuation<Void, Never>] = []
    }

    private let limit: Int
    private let state = Mutex(State())

    init(limit: Int) { self.limit = limit }

    /// Waits until fewer than `limit` servers run, then counts one more.
    func acquire() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let admitted = state.withLock { s -> Bool in
                if s.running < limit {
                    s.running += 1
                    return true
                }
                s.waiting.append(continuation)
                return false
            }
            if admitted { continuation.resume() }
        }
    }

    /// Hands the slot to the next waiter, or frees it.
    func release() {
        let next = state.withLock { s -> CheckedContinuation<Void, Never>? in
            if s.waiting.isEmpty {
                s.running -= 1
                return nil
            }
            return s.waiting.removeFirst()
        }
        next?.resume()
    }
}
