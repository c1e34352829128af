/// The worker's settings as the supervisor derives them from the config: every tunable key reaches the worker.
import Foundation
import Shared
@testable import Supervisor
import Testing

@Suite struct WorkerSettingsConfigTests {
    /// Settings from a config with `extra` lines in `[channels_config.matrix]`.
    private func settings(_ extra: String) async throws -> WorkerSettings {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent(
            "prx-ws-\(UUID().uuidString.prefix(8))"
        ).path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let toml = """
            [channels_config.matrix]
            homeserver = "https://matrix.example.org"
            access_token = "syt_test_token"
            room_id = "!room:example.org"
            allowed_users = ["@alice:example.org"]
            state_dir = "\(root)/state"
            \(extra)
            """
        try Data(toml.utf8).write(to: URL(fileURLWithPath: "\(root)/config.toml"))
        let config = try ConfigLoader(environment: ["HOME": root]).load(path: "\(root)/config.toml").config
        let store = try QueueStore(stateDirectory: URL(fileURLWithPath: config.stateDirectory))
        let credentials = Credentials(
            accessToken: config.accessToken.value, userID: "@bot:example.org", deviceID: "DEVICE", origin: .config,
            verified: false)
        return try await WorkerSettings.make(config: config, store: store, credentials: credentials)
    }

    @Test func defaultsReachTheWorker() async throws {
        let settings = try await settings("")
        #expect(settings.timelineLimit == 100 && settings.timelineLimit == WorkerSettings.defaultTimelineLimit)
        #expect(settings.syncTimeoutMS == 30_000 && settings.catchUpMaxEvents == 1000)
        #expect(settings.receiptReaction == "👀" && settings.doneReaction == "✅")
    }

    @Test func tunedKeysReachTheWorker() async throws {
        let settings = try await settings(
            """
            sync_timeline_limit = 250
            sync_timeout_secs = 5
            catch_up_max_events = 40
            receipt_reaction = ""
            """)
        #expect(settings.timelineLimit == 250 && settings.syncTimeoutMS == 5000 && settings.catchUpMaxEvents == 40)
        #expect(settings.receiptReaction.isEmpty && settings.rooms == ["!room:example.org"])
        #expect(settings.allowedUsers == ["@alice:example.org"] && settings.storeKey.count == 32)
    }
}
