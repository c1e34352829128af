/// The built `prx-matrix run` and `status` as processes, with the fake worker: socket modes, a second
/// daemon refused, status answering, SIGHUP with a bad config, SIGTERM → exit 0, a bad config → 78.
import Foundation
@testable import Supervisor
import Testing
import TestSupport

@Suite struct RunCommandTests {
    private func config(_ root: String, extra: String = "") -> String {
        """
        [channels_config.matrix]
        homeserver = "https://matrix.example.org"
        access_token = "syt_run_test_token"
        user_id = "@bot:example.org"
        device_id = "RUNDEVICE"
        room_id = "!room:example.org"
        allowed_users = ["*"]
        state_dir = "\(root)/state"
        worker_path = "\(RepoPaths.product("prx-matrix-fake-worker").path)"
        \(extra)
        """
    }

    private func start(_ arguments: [String], stderr: URL? = nil) throws -> Process {
        let process = Process()
        process.executableURL = RepoPaths.product("prx-matrix")
        process.arguments = arguments
        process.environment = ["HOME": "/nonexistent", "PATH": "/usr/bin:/bin"]
        process.standardOutput = Pipe()
        if let stderr {
            _ = FileManager.default.createFile(atPath: stderr.path, contents: nil)
            process.standardError = try FileHandle(forWritingTo: stderr)
        } else {
            process.standardError = Pipe()
        }
        try process.run()
        return process
    }

    private func output(_ arguments: [String]) throws -> (status: Int32, stdout: String) {
        let process = try start(arguments)
        let data = (process.standardOutput as? Pipe)?.fileHandleForReading.readDataToEndOfFile() ?? Data()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    private func mode(_ path: String) -> mode_t {
        var info = stat()
        return stat(path, &info) == 0 ? info.st_mode & 0o777 : 0
    }

    @Test func runServesStatusRefusesASecondDaemonAndStopsOnSIGTERM() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("prx-run-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let file = "\(root)/config.toml"
        try Data(config(root).utf8).write(to: URL(fileURLWithPath: file))
        let log = URL(fileURLWithPath: "\(root)/daemon.log")
        let daemon = try start(["run", "--config", file], stderr: log)
        let socket = "\(root)/state/agent.sock"
        #expect(try await eventually { (try? output(["status", "--config", file]).stdout.contains("state: syncing")) ?? false })
        #expect(mode("\(root)/state") == 0o700 && mode(socket) == 0o600)

        let status = try output(["status", "--config", file, "--json"])
        #expect(status.status == ExitCodes.ok.rawValue)
        #expect(status.stdout.contains(#""state":"syncing""#) && status.stdout.contains(#""device_id":"RUNDEVICE""#))
        let second = try output(["run", "--config", file])
        #expect(second.status == ExitCodes.unavailable.rawValue)

        // An agent's send goes through the fake worker and comes back sent.
        let agent = try RawAgent(path: socket)
        try await agent.handshake()
        await agent.send(#"{"type":"send","id":"e2e","body":"hello"}"#)
        var frames: [ReceivedFrame] = []
        while !frames.contains(where: { $0.type == "sent" }) { frames.append(try await agent.expect()) }
        #expect(frames.contains { $0.text == #"{"type":"accepted","id":"e2e"}"# })

        // A bad config on SIGHUP is reported with its position and the running one kept.
        try Data(config(root, extra: "window = \"many\"").utf8).write(to: URL(fileURLWithPath: file))
        kill(daemon.processIdentifier, SIGHUP)
        #expect(try await eventually { (try? String(contentsOf: log, encoding: .utf8))?.contains("\(file):10:10") ?? false })
        #expect(try output(["status", "--config", "\(root)/config.toml"]).status == ExitCodes.config.rawValue)

        kill(daemon.processIdentifier, SIGTERM)
        daemon.waitUntilExit()
        #expect(daemon.terminationStatus == ExitCodes.ok.rawValue)
        #expect(!FileManager.default.fileExists(atPath: socket))
        try Data(config(root).utf8).write(to: URL(fileURLWithPath: file))
        let none = try output(["status", "--config", file])
        #expect(none.status == ExitCodes.unavailable.rawValue)
        #expect(!((try? String(contentsOf: log, encoding: .utf8)) ?? "").contains("syt_run_test_token"))
    }

    @Test func aBadConfigExitsSeventyEight() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("prx-run-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: root) }
        try Data("[channels_config.matrix]\nhomeserver = \"nope\"\n".utf8).write(to: URL(fileURLWithPath: "\(root)/c.toml"))
        #expect(try output(["run", "--config", "\(root)/c.toml"]).status == ExitCodes.config.rawValue)
    }
}
