/// WorkerControllerOptions read from a real config file: worker path, heartbeat, grace, backoff, crash loop.
import Foundation
import Shared
@testable import Supervisor
import Testing

@Suite struct WorkerControllerOptionsTests {
    private func load(_ toml: String) throws -> MatrixConfig {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("prx-wopts-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("config.toml").path
        try Data(toml.utf8).write(to: URL(fileURLWithPath: path))
        return try ConfigLoader(environment: ["HOME": directory.path]).load(path: path).config
    }

    private static let base = """
        [reliability]
        channel_initial_backoff_secs = 3
        channel_max_backoff_secs = 90

        [channels_config.matrix]
        homeserver = "https://matrix.example.org"
        access_token = "syt_xxxxxxxxxxxxxxxxxxxxxxxx"
        room_id = "!abc:example.org"
        allowed_users = ["@alice:example.org"]
        heartbeat_secs = 7
        stop_grace_secs = 9
        crash_loop_max_restarts = 4
        crash_loop_window_secs = 60
        """

    @Test func optionsComeFromTheConfig() throws {
        let options = WorkerControllerOptions(config: try load(Self.base + "\nworker_path = \"/opt/prx/worker\"\n"))
        #expect(options.executable == "/opt/prx/worker")
        #expect(options.arguments.isEmpty)
        #expect(options.heartbeatInterval == .seconds(7))
        #expect(options.missedHeartbeatLimit == 3)
        #expect(options.stopGrace == .seconds(9))
        #expect(options.restartPolicy.initialBackoff == 3)
        #expect(options.restartPolicy.maxBackoff == 90)
        #expect(options.restartPolicy.maxRestarts == 4)
        #expect(options.restartPolicy.windowSeconds == 60)
    }

    @Test func theWorkerDefaultsToTheOneBesideThisExecutable() throws {
        let options = WorkerControllerOptions(config: try load(Self.base))
        // The test bundle sits in the build directory, beside the built worker.
        #expect(options.executable.hasSuffix("/prx-matrix-worker"))
        #expect(FileManager.default.isExecutableFile(atPath: options.executable))
    }
}
