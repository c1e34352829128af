/// Blocking waits of the tests (a child's exit, a pipe read to its end) on threads of their own.
public import Foundation

/// A value handed to another thread that the compiler cannot prove Sendable (a `Process`, a `Pipe`):
/// the caller promises that only that thread uses it until the hand-over ends.
public struct UncheckedSendable<Value>: @unchecked Sendable {
    /// The value.
    public let value: Value
    /// Wraps `value`.
    public init(_ value: Value) { self.value = value }
}

/// Runs `work` on a thread of its own and returns its result.
///
/// Swift's cooperative pool has one thread per core (two here): a test that blocks one of them in
/// `waitUntilExit()` or `readDataToEndOfFile()` for the length of a demo run stalled every other test
/// of the process, which then missed its own deadlines. Blocking calls go through this instead.
public func offCooperativePool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread { continuation.resume(with: Result { try work() }) }
        thread.start()
    }
}

extension Process {
    /// Reads `pipe` to its end, then waits for the exit, without holding a cooperative thread.
    public func outputAndExit(of pipe: Pipe) async -> (status: Int32, output: Data) {
        let parts = UncheckedSendable((self, pipe))
        return
            (try? await offCooperativePool {
                let data = parts.value.1.fileHandleForReading.readDataToEndOfFile()
                parts.value.0.waitUntilExit()
                return (parts.value.0.terminationStatus, data)
            }) ?? (-1, Data())
    }
}

extension Process {
    /// Reads `output` and `errors` to their ends side by side (a child filling one pipe while the other
    /// is read cannot stall), then waits for the exit, without holding a cooperative thread.
    public func outputsAndExit(of output: Pipe, _ errors: Pipe) async -> (status: Int32, output: Data, errors: Data) {
        let errorPipe = UncheckedSendable(errors)
        async let errorData = try? offCooperativePool { errorPipe.value.fileHandleForReading.readDataToEndOfFile() }
        let (status, data) = await outputAndExit(of: output)
        return (status, data, await errorData ?? Data())
    }

    /// Waits for the exit without holding a cooperative thread; returns the termination status.
    @discardableResult
    public func exitStatus() async -> Int32 {
        let process = UncheckedSendable(self)
        return
            (try? await offCooperativePool {
                process.value.waitUntilExit()
                return process.value.terminationStatus
            }) ?? -1
    }
}

/// Runs `body`, then awaits `cleanup` whether `body` returned or threw: the `defer` of a test whose
/// clean-up is async (stopping a child off the pool), which a `defer` block cannot await.
public func withCleanup<T>(
    _ body: () async throws -> T, cleanup: () async -> Void
) async throws -> T {
    let result: T
    do {
        result = try await body()
    } catch {
        await cleanup()
        throw error
    }
    await cleanup()
    return result
}
