/// `prx-matrix run` as a separate process on a private state directory, with the fake worker: start,
/// kill -9, signals, its worker's pid from /proc, its log.
import Foundation
import Testing
import TestSupport

/// One supervisor under test. `directory` is its state directory, where the fake worker keeps its files.
final class SupervisorProcess: FakeWorkerDirectory {
    /// The temporary directory holding the config, the log and the state directory.
    let root: String
    /// The config file.
    let configPath: String
    /// The daemon's stderr, appended to across restarts.
    let logURL: URL
    private var process: Process?

    /// Writes a config (``writeConfig(extra:reliability:)``) in a new temporary directory. Nothing is
    /// started yet.
    init(extra: String = "", reliability: String = "") throws {
        root =
            FileManager.default.temporaryDirectory.appendingPathComponent("prx-e2e-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        configPath = "\(root)/config.toml"
        logURL = URL(fileURLWithPath: "\(root)/daemon.log")
        try writeConfig(extra: extra, reliability: reliability)
        _ = FileManager.default.createFile(atPath: logURL.path, contents: nil)
    }

    /// (Re)writes the config with the fake worker as `worker_path`; `extra` adds `[channels_config.matrix]`
    /// lines (from line 10 on), `reliability` the `[reliability]` table's lines.
    func writeConfig(extra: String = "", reliability: String = "") throws {
        let toml = """
            [channels_config.matrix]
            homeserver = "https://matrix.example.org"
            access_token = "\(Self.token)"
            user_id = "@bot:example.org"
            device_id = "\(Self.deviceID)"
            room_id = "!room:example.org"
            allowed_users = ["*"]
            state_dir = "\(root)/state"
            worker_path = "\(RepoPaths.product("prx-matrix-fake-worker").path)"
            \(extra)
            [reliability]
            \(reliability)
            """
        try Data(toml.utf8).write(to: URL(fileURLWithPath: configPath))
    }

    /// The access token of the config (tests look for it where it must never be).
    static let token = "syt_e2e_test_token"
    /// The device id of the config.
    static let deviceID = "E2EDEVICE"

    var directory: URL { URL(fileURLWithPath: "\(root)/state") }
    /// The agent socket.
    var socketPath: String { "\(root)/state/agent.sock" }
    /// The running supervisor's pid (0 when none was started).
    var pid: pid_t { process?.processIdentifier ?? 0 }
    /// Everything the daemon logged so far.
    var log: String { (try? String(contentsOf: logURL, encoding: .utf8)) ?? "" }

    /// Starts `prx-matrix run` (with `environment` added to its minimal one) and waits until its agent
    /// socket accepts connections.
    func start(environment: [String: String] = [:]) async throws {
        let process = Process()
        process.executableURL = RepoPaths.product("prx-matrix")
        process.arguments = ["run", "--config", configPath]
        process.environment = ["HOME": "/nonexistent", "PATH": "/usr/bin:/bin"].merging(environment) { $1 }
        process.standardOutput = FileHandle.nullDevice
        let handle = try FileHandle(forWritingTo: logURL)
        try handle.seekToEnd()
        process.standardError = handle
        try process.run()
        try handle.close()
        self.process = process
        let listening = try await eventually(seconds: 120) {
            let fd = connectUnixSocket(self.socketPath)
            if fd >= 0 { close(fd) }
            return fd >= 0
        }
        guard listening else { throw HarnessError(problem: "prx-matrix run did not listen; its log:\n\(log)") }
    }

    /// Runs `prx-matrix` with `arguments` to completion (e.g. `status`, a second `run`): its exit status
    /// and standard output.
    static func output(_ arguments: [String]) async throws -> (status: Int32, stdout: String) {
        let process = Process()
        process.executableURL = RepoPaths.product("prx-matrix")
        process.arguments = arguments
        process.environment = ["HOME": "/nonexistent", "PATH": "/usr/bin:/bin"]
        let stdout = Pipe()
        process.standardOutput = stdout
        process.standardError = FileHandle.nullDevice
        try process.run()
        let (status, data) = await process.outputAndExit(of: stdout)
        return (status, String(decoding: data, as: UTF8.self))
    }

    /// `prx-matrix <command> --config <this config> [arguments]` to completion.
    func output(_ command: String, _ arguments: String...) async throws -> (status: Int32, stdout: String) {
        try await Self.output([command, "--config", configPath] + arguments)
    }

    /// Sends `signal` to the supervisor.
    func signal(_ signal: Int32) { if pid > 0 { kill(pid, signal) } }

    /// Waits (bounded) for the supervisor to exit and returns its exit status.
    func waitForExit(seconds: Double = 30) async throws -> Int32 {
        guard let process, try await eventually(seconds: seconds, { !process.isRunning }) else {
            throw HarnessError(problem: "prx-matrix run did not exit within \(seconds) s")
        }
        return process.terminationStatus
    }

    /// SIGKILL to the supervisor; returns once it and its worker are gone (the worker exits when its
    /// link closes).
    func killNine() async throws {
        let worker = workerPID()
        signal(SIGKILL)
        _ = try await waitForExit()
        if let worker {
            guard try await eventually(seconds: 60, { !Self.isAlive(worker) }) else {
                throw HarnessError(problem: "the worker \(worker) outlived its killed supervisor by 60 s")
            }
        }
    }

    /// The live (not zombie) worker process the supervisor spawned, read from /proc.
    func workerPID() -> pid_t? {
        guard pid > 0, let tasks = try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task") else {
            return nil
        }
        for task in tasks {
            let children = (try? String(contentsOfFile: "/proc/\(pid)/task/\(task)/children", encoding: .utf8)) ?? ""
            for child in children.split(separator: " ").compactMap({ pid_t($0) }) where Self.isAlive(child) {
                return child
            }
        }
        return nil
    }

    /// Whether `pid` runs (exists and is not a zombie).
    static func isAlive(_ pid: pid_t) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return false }
        return stat[close...].dropFirst(2).first != "Z"
    }

    /// Stops a running supervisor (SIGTERM, bounded wait, then SIGKILL) and deletes the directory.
    func tearDown() async {
        if let process, process.isRunning {
            signal(SIGTERM)
            if (try? await waitForExit(seconds: 20)) == nil { signal(SIGKILL) }
        }
        try? FileManager.default.removeItem(atPath: root)
    }
}
