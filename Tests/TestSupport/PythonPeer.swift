/// A Python program from the venv driven over stdin/stdout, one JSON object per line (real E2EE peers).
import Foundation

/// A failure talking to a Python peer: what it said on stderr is included so the test log explains it.
public struct PythonPeerError: Error, CustomStringConvertible {
    public let description: String
}

/// Runs `python SCRIPT` from the venv and exchanges JSON lines with it.
///
/// Each ``call(_:)`` writes one JSON object and reads one line back. A reply with an `"error"` key
/// becomes a thrown ``PythonPeerError``. The process is terminated on ``close()`` or deinit.
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
            throw PythonPeerError(description: "no Python venv at \(RepoPaths.venv.path): run scripts/setup (or set PRX_MATRIX_VENV)")
        }
        process.executableURL = python
        process.arguments = ["-u", RepoPaths.script(relativeScript).path] + arguments
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
    }

    /// Sends `request` and returns the peer's one-line JSON reply.
    public func call(_ request: [String: Any]) throws -> [String: Any] {
        lock.lock()
        defer { lock.unlock() }
        var line = try JSONSerialization.data(withJSONObject: request, options: [.sortedKeys])
        line.append(0x0A)
        try stdin.fileHandleForWriting.write(contentsOf: line)
        while true {
            if let newline = buffer.firstIndex(of: 0x0A) {
                let reply = buffer[buffer.startIndex..<newline]
                buffer.removeSubrange(buffer.startIndex...newline)
                guard let object = try JSONSerialization.jsonObject(with: reply) as? [String: Any] else {
                    throw PythonPeerError(description: "peer replied with non-object: \(String(decoding: reply, as: UTF8.self))")
                }
                if let error = object["error"] { throw PythonPeerError(description: "peer error: \(error)") }
                return object
            }
            let chunk = stdout.fileHandleForReading.availableData
            if chunk.isEmpty {
                let err = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                throw PythonPeerError(description: "peer exited; stderr:\n\(err)")
            }
            buffer.append(chunk)
        }
    }

    /// Stops the peer.
    public func close() {
        try? stdin.fileHandleForWriting.close()
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }

    deinit { close() }
}
