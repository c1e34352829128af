/// HTTP exchanges on libcurl easy handles, each performed on a long-lived thread of its own, off the cooperative pool.
import CCurl
import Foundation

/// Runs ``HTTPRequest``s on dedicated threads, each of which keeps one ``CurlEasy`` and so its open connections.
///
/// An exchange blocks its thread for its whole length (the sync long poll: minutes), so it must not run on the
/// cooperative pool. A request is one handoff to a waiting curl thread (a new one if none is idle) and one
/// resume of the caller. Threads beyond `maxIdleThreads` that have nothing to do end; the others wait for
/// the next request until the transport is released.
public final class CurlTransport: HTTPTransport {
    private let threads: CurlThreads

    /// A transport whose idle threads (with their handles and connections) stay up to `maxIdleThreads`.
    public init(userAgent: String = MatrixClientInfo.userAgent, maxIdleThreads: Int = 4) {
        threads = CurlThreads(userAgent: userAgent, maxIdle: maxIdleThreads)
    }

    deinit { threads.close() }

    /// Performs `request`; cancelling the calling task aborts it at once (``HTTPOutcome/cancelled``).
    public func perform(_ request: HTTPRequest) async -> HTTPOutcome {
        let cancel = CancelFlag()
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                threads.submit(CurlThreads.Job(request: request, cancel: cancel, continuation: continuation))
            }
        } onCancel: {
            cancel.raise()
        }
    }
}

/// The queue between callers and curl threads.
///
/// `@unchecked Sendable`: `queue`, `idle` and `closed` are only read and written with `condition` locked.
private final class CurlThreads: @unchecked Sendable {
    /// A request waiting for a thread.
    struct Job {
        let request: HTTPRequest
        let cancel: CancelFlag
        let continuation: CheckedContinuation<HTTPOutcome, Never>
    }

    private let userAgent: String
    private let maxIdle: Int
    private let condition = NSCondition()
    private var queue: [Job] = []
    /// Threads waiting for a job or about to (a new thread counts from its start, a finished one before
    /// it resumes its caller): as many queued jobs as this need no new thread.
    private var idle = 0
    private var closed = false

    init(userAgent: String, maxIdle: Int) {
        self.userAgent = userAgent
        self.maxIdle = maxIdle
    }

    /// Hands `job` to an idle thread, or to a new one.
    func submit(_ job: Job) {
        condition.lock()
        queue.append(job)
        let spawn = queue.count > idle
        if spawn {
            idle += 1
        } else {
            condition.signal()
        }
        condition.unlock()
        guard spawn else { return }
        let thread = Thread { [self] in run() }
        thread.name = "matrix-http"
        thread.start()
    }

    /// Lets the idle threads end (with their handles); jobs already queued still run.
    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }

    /// One curl thread: takes jobs until closed or one too many threads are idle.
    private func run() {
        var easy: CurlEasy?
        condition.lock()
        while true {
            while queue.isEmpty && !closed { condition.wait() }
            guard !queue.isEmpty else {
                idle -= 1
                condition.unlock()
                return
            }
            let job = queue.removeFirst()
            idle -= 1
            condition.unlock()

            if easy == nil { easy = CurlEasy(userAgent: userAgent) }
            let outcome = easy?.perform(job.request, cancel: job.cancel) ?? .unavailable(CurlEasy.unavailableReason)
            // A handle whose exchange failed is cleaned up; the next job gets a fresh one.
            if case .failure = outcome { easy = nil }

            condition.lock()
            let stays = !closed && idle < maxIdle
            if stays { idle += 1 }
            condition.unlock()
            job.continuation.resume(returning: outcome)
            guard stays else { return }
            condition.lock()
        }
    }
}
