/// A real Synapse, a config and the built `prx-matrix` with the fake worker: the bench for token tests.
import Foundation
@testable import Supervisor
import TestSupport

/// One test's homeserver, temporary directory and config, with helpers to run `prx-matrix` commands,
/// steer the fake worker and read its journal.
struct TokenRig {
    let synapse: SynapseServer
    let root: String
    var configPath: String { "\(root)/config.toml" }
    var stateDirectory: String { "\(root)/state" }
    var socketPath: String { "\(stateDirectory)/agent.sock" }
    var logPath: String { "\(root)/daemon.log" }

    /// Starts Synapse (with `overlay`) and makes a fresh directory.
    static func make(overlay: String? = nil) async throws -> TokenRig {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent(
            "prx-token-\(UUID().uuidString.prefix(8))"
        ).path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        return TokenRig(synapse: try await SynapseServer.start(overlay: overlay), root: root)
    }

    /// Stops Synapse and removes the directory.
    func remove() async {
        try? await synapse.stop()
        try? FileManager.default.removeItem(atPath: root)
    }

    /// Writes the config: `token`, optional `device_id`, the rooms, the fake worker.
    func writeConfig(
        token: String, deviceID: String?, room: String = "!room:localhost", homeserver: String? = nil
    ) throws {
        let toml = """
            [channels_config.matrix]
            homeserver = "\(homeserver ?? synapse.baseURL.absoluteString)"
            access_token = "\(token)"
            user_id = "@bot:localhost"
            \(deviceID.map { "device_id = \"\($0)\"" } ?? "")
            room_id = "\(room)"
            allowed_users = ["*"]
            state_dir = "\(stateDirectory)"
            worker_path = "\(RepoPaths.product("prx-matrix-fake-worker").path)"
            """
        try Data(toml.utf8).write(to: URL(fileURLWithPath: configPath))
    }

    /// Runs `prx-matrix arguments` to its end with `stdin` piped in and `environment` added; returns status,
    /// stdout and stderr.
    func run(_ arguments: [String], stdin: String? = nil, environment: [String: String] = [:]) async throws -> (
        status: Int32, stdout: String, stderr: String
    ) {
        let process = Process()
        process.executableURL = RepoPaths.product("prx-matrix")
        process.arguments = arguments
        process.environment = ["HOME": root, "PATH": "/usr/bin:/bin"].merging(environment) { $1 }
        let input = Pipe()
        let output = Pipe()
        let errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        input.fileHandleForWriting.write(Data((stdin ?? "").utf8))
        try input.fileHandleForWriting.close()
        let (status, out, err) = await process.outputsAndExit(of: output, errors)
        return (status, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
    }

    /// Starts `prx-matrix run` with its stderr in ``logPath``.
    func startDaemon() throws -> Process {
        let process = Process()
        process.executableURL = RepoPaths.product("prx-matrix")
        process.arguments = ["run", "--config", configPath]
        process.environment = ["HOME": root, "PATH": "/usr/bin:/bin"]
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// SIGTERM and wait (off the cooperative pool) for the daemon's exit.
    func stop(_ daemon: Process) async {
        if daemon.isRunning { kill(daemon.processIdentifier, SIGTERM) }
        await daemon.exitStatus()
    }

    /// Starts the daemon (``startDaemon()``), runs `body` with it and stops it (awaited) whether `body`
    /// returned or threw.
    func withDaemon<T>(_ body: (Process) async throws -> T) async throws -> T {
        let daemon = try startDaemon()
        return try await withCleanup({ try await body(daemon) }, cleanup: { await stop(daemon) })
    }

    /// The daemon's log so far.
    var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    /// Appends one control line for the fake worker.
    func command(_ json: String) throws {
        let path = "\(stateDirectory)/fake-worker.commands"
        if !FileManager.default.fileExists(atPath: path) {
            _ = FileManager.default.createFile(atPath: path, contents: nil)
        }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data((json + "\n").utf8))
        try handle.close()
    }

    /// The fake worker's journal: one object per request it received.
    func journal() -> [[String: Any]] {
        let text = (try? String(contentsOfFile: "\(stateDirectory)/fake-worker.journal", encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
    }

    /// The session the state store holds (read through a second handle on the queue, as `doctor` does).
    func storedSession() async throws -> StoredSession? {
        let store = try QueueStore(stateDirectory: URL(fileURLWithPath: stateDirectory))
        return try await store.decodedSecret(StoredSession.secretName, as: StoredSession.self)
    }

    /// whoami with `token`: the status and the device id.
    func whoami(_ token: String) async throws -> (status: Int, deviceID: String?, softLogout: Bool?) {
        let answer = try await synapse.request(path: "/_matrix/client/v3/account/whoami", token: token)
        return (answer.status, answer.json["device_id"] as? String, answer.json["soft_logout"] as? Bool)
    }
}

/// The agent's frames until `predicate` holds for the collected ones (bounded by the agent's own timeout).
func collect(_ agent: RawAgent, until predicate: ([ReceivedFrame]) -> Bool) async throws -> [ReceivedFrame] {
    var frames: [ReceivedFrame] = []
    while !predicate(frames) { frames.append(try await agent.expect()) }
    return frames
}
