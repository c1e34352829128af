/// A Python program from the venv driven over stdin/stdout, one JSON object per line (real E2EE peers).
import Foundation

/// A failure talking to a Python peer: what it said on stderr is included so the test log explains it.
public struct PythonPeerError: Error, CustomStringConvertible {
    public let description: String
}

/// Runs `python SCRIPT` from the venv and exchanges JSON lines with it.
///
/// Each ``call(_:)`` writes one JSON object and reads one line back. A reply with an `"error"` key
/// becomes a thrown ``PythonPeerError``. The process is terminated on ``close()`` (awaited;
/// ``with(script:arguments:_:)`` always does it) or, without waiting, on deinit.
public final class PythonPeer: @unchecked Sendable {
    // @unchecked: the pipes are used by one test at a time; `lock` serialises calls anyway.
    private let process = Process()
    private let stdin = Pipe()
    private let stdout = Pipe()
    private let stderr = Pipe()
    private let lock = NSLock()
    private var buffer = Data()

    /// Starts `scripts/<relativeScript>` (e.g. `peers/olm_peer.py`) with the venv's Python.
    public init(script relativeScript: String, arguments: [String] = []) throws {
        let python = RepoPaths.python
        guard FileManager.default.isExecutableFile(atPath: python.path) else {
            throw PythonPeerError(
                description: "no Python venv at \(RepoPaths.venv.path): run scripts/setup (or set PRX_MATRIX_VENV)")
        }
        process.executableURL = python
        process.arguments = ["-u", RepoPaths.script(relativeScript).path] + arguments
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
    }

    /// Sends `request` and returns the peer's one-line JSON reply.
    ///
    /// The write and the wait for the reply happen on a thread of their own (``offCooperativePool(_:)``):
    /// a peer that takes seconds (nio syncing with Synapse) must not hold one of the pool's threads.
    public func call(_ request: [String: Any]) async throws -> [String: Any] {
        var line = try JSONSerialization.data(withJSONObject: request, options: [.sortedKeys])
        line.append(0x0A)
        let request = line
        let reply = try await offCooperativePool { try self.exchange(request) }
        guard let object = try JSONSerialization.jsonObject(with: reply) as? [String: Any] else {
            throw PythonPeerError(
                description: "peer replied with non-object: \(String(decoding: reply, as: UTF8.self))")
        }
        if let error = object["error"] { throw PythonPeerError(description: "peer error: \(error)") }
        return object
    }

    /// Blocking: writes `line`, reads up to the next newline and returns the reply without it.
    private func exchange(_ line: Data) throws -> Data {
        lock.lock()
        defer { lock.unlock() }
        try stdin.fileHandleForWriting.write(contentsOf: line)
        while true {
            if let newline = buffer.firstIndex(of: 0x0A) {
                let reply = Data(buffer[buffer.startIndex..<newline])
                buffer.removeSubrange(buffer.startIndex...newline)
                return reply
            }
            let chunk = stdout.fileHandleForReading.availableData
            if chunk.isEmpty {
                let err = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                throw PythonPeerError(description: "peer exited; stderr:\n\(err)")
            }
            buffer.append(chunk)
        }
    }

    /// Stops the peer and waits for its exit (off the pool).
    public func close() async {
        stop()
        await process.exitStatus()
    }

    /// Closes its stdin and terminates it, without waiting.
    private func stop() {
        try? stdin.fileHandleForWriting.close()
        if process.isRunning { process.terminate() }
    }

    /// Starts `script` like ``init(script:arguments:)``, runs `body` with it and closes it (awaited) whether
    /// `body` returned or threw.
    public static func with<T>(
        script: String, arguments: [String] = [], _ body: (PythonPeer) async throws -> T
    ) async throws -> T {
        let peer = try PythonPeer(script: script, arguments: arguments)
        return try await withCleanup({ try await body(peer) }, cleanup: { await peer.close() })
    }

    // No wait here: a deinit cannot await, and blocking in it would hold whatever thread released the peer.
    deinit { stop() }
}
