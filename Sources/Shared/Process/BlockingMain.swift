/// Runs a program's async body from a synchronous `main`, keeping the main thread (see ``runBlocking(_:)``).
import Dispatch
import Synchronization

/// Runs `body` as a task and blocks the calling (main) thread until it returns its result.
///
/// Both executables start this way rather than with an `async` main: on Linux an async main hands the main
/// thread to `dispatch_main`, which ends it with `pthread_exit`, and that forced unwind reads the binary's
/// unwind tables (`.eh_frame_hdr`, `.eh_frame`), keeping about 0.6 MB of them resident for the life of the
/// process. Nothing here runs on the main actor, so the main queue need not be served.
package func runBlocking<Result: Sendable>(_ body: @escaping @Sendable () async -> Result) -> Result {
    let outcome = Mutex<Result?>(nil)
    let done = DispatchSemaphore(value: 0)
    Task {
        let result = await body()
        outcome.withLock { $0 = result }
        done.signal()
    }
    done.wait()
    return outcome.withLock { $0! }
}
