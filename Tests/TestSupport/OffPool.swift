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
