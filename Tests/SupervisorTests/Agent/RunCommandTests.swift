/// The built `prx-matrix run` and `status` as processes, with the fake worker: socket modes, a second
/// daemon refused, status answering, SIGHUP with a bad config, SIGTERM → exit 0, a bad config → 78.
import Foundation
@testable import Supervisor
import Testing
import TestSupport

@Suite struct RunCommandTests {
    private func mode(_ path: String) -> mode_t {
        var info = stat()
        return stat(path, &info) == 0 ? info.st_mode & 0o777 : 0
    }

    @Test func runServesStatusRefusesASecondDaemonAndStopsOnSIGTERM() async throws {
        let daemon = try SupervisorProcess()
        defer { try? FileManager.default.removeItem(atPath: daemon.root) }
        try await daemon.start()
        let file = daemon.configPath
        #expect(
            try await eventually { (try? await daemon.output("status"))?.stdout.contains("state: syncing") ?? false })
        #expect(mode("\(daemon.root)/state") == 0o700 && mode(daemon.socketPath) == 0o600)

        let status = try await daemon.output("status", "--json")
        #expect(status.status == ExitCodes.ok.rawValue)
        #expect(
            status.stdout.contains(#""state":"syncing""#)
                && status.stdout.contains(#""device_id":"\#(SupervisorProcess.deviceID)""#))
        let second = try await daemon.output("run")
        #expect(second.status == ExitCodes.unavailable.rawValue)

        // An agent's send goes through the fake worker and comes back sent.
        let agent = try RawAgent(path: daemon.socketPath)
        try await agent.handshake()
        await agent.send(#"{"type":"send","id":"e2e","body":"hello"}"#)
        var frames: [ReceivedFrame] = []
        while !frames.contains(where: { $0.type == "sent" }) { frames.append(try await agent.expect()) }
        #expect(frames.contains { $0.text == #"{"type":"accepted","id":"e2e"}"# })

        // A bad config on SIGHUP is reported with its position and the running one kept.
        try daemon.writeConfig(extra: "window = \"many\"")
        daemon.signal(SIGHUP)
        #expect(try await eventually { daemon.log.contains("\(file):10:10") })
        #expect(try await daemon.output("status").status == ExitCodes.config.rawValue)

        daemon.signal(SIGTERM)
        #expect(try await daemon.waitForExit() == ExitCodes.ok.rawValue)
        #expect(!FileManager.default.fileExists(atPath: daemon.socketPath))
        try daemon.writeConfig()
        let none = try await daemon.output("status")
        #expect(none.status == ExitCodes.unavailable.rawValue)
        #expect(!daemon.log.contains(SupervisorProcess.token))
    }

    @Test func aBadConfigExitsSeventyEight() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent(
            "prx-run-\(UUID().uuidString.prefix(8))"
        ).path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: root) }
        try Data("[channels_config.matrix]\nhomeserver = \"nope\"\n".utf8).write(
            to: URL(fileURLWithPath: "\(root)/c.toml"))
        #expect(
            try await SupervisorProcess.output(["run", "--config", "\(root)/c.toml"]).status
                == ExitCodes.config.rawValue)
    }
}
