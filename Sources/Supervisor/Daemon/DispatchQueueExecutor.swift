/// A serial executor on a dispatch queue: the daemon's actor runs there, off Swift's cooperative pool.
import Dispatch

/// Runs an actor's jobs one at a time on its own serial `DispatchQueue`.
///
/// The daemon's actor makes blocking calls (``QueueStore`` commits wait for their fsync). On the
/// cooperative pool, which has one thread per core, such calls hold a thread that every other task
/// needs; under disk contention a few daemons stalled everything else in the process. Dispatch adds
/// threads while one of its queues blocks, so the blocking stays the daemon's own business.
///
/// `prx-matrix run` gives the daemon and its ``WorkerController`` the same executor: a call from one to
/// the other then runs on the calling thread instead of waking another one, once per worker frame and
/// per command to the worker (too little to show in the benchmark's noise: docs/BENCHMARKS-E2E.md,
/// "Thread hops").
final class DispatchQueueExecutor: SerialExecutor {
    private let queue: DispatchQueue

    /// An executor on a new serial queue named `label`.
    init(label: String) {
        queue = DispatchQueue(label: label)
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedSerialExecutor()
        queue.async { job.runSynchronously(on: executor) }
    }

    func asUnownedSerialExecutor() -> UnownedSerialExecutor {
        UnownedSerialExecutor(ordinary: self)
    }
}
