/// Runs `scripts/synapse` for the ``SynapseServer`` fixture, without ever blocking on a pipe.
import Foundation

extension SynapseServer {
    /// Runs `scripts/synapse ARGUMENTS` with the tests' venv and returns its stdout.
    @discardableResult
    public static func runScript(_ arguments: [String]) async throws -> String {
        let outputs = FileManager.default.temporaryDirectory.appendingPathComponent("prx-synapse-run-\(UUID())")
        try FileManager.default.createDirectory(at: outputs, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: outputs) }
        // Files rather than pipes: nothing can block on a full pipe, and the server's own output goes to its log.
        let stdoutURL = outputs.appendingPathComponent("stdout")
        let stderrURL = outputs.appendingPathComponent("stderr")
        try Data().write(to: stdoutURL)
        try Data().write(to: stderrURL)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [RepoPaths.script("synapse").path] + arguments
        var environment = ProcessInfo.processInfo.environment
        environment["PRX_MATRIX_VENV"] = RepoPaths.venv.path
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: stdoutURL)
        process.standardError = try FileHandle(forWritingTo: stderrURL)
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            process.terminationHandler = { _ in continuation.resume() }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
        let stdout = (try? String(contentsOf: stdoutURL, encoding: .utf8)) ?? ""
        guard process.terminationStatus == 0 else {
            let stderr = (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? ""
            throw SynapseError.scriptFailed(arguments: arguments, status: process.terminationStatus, stderr: stderr)
        }
        return stdout
    }
}
