/// A daemon on a real Unix socket in a temporary state directory, with the in-memory worker, for socket-level tests.
import Foundation
import Logging
import Shared
import TestSupport
@testable import Supervisor

/// One daemon under test: config from TOML, queue, ``TestWorkerPort``, listener and accept loop.
final class DaemonHarness: Sendable {
    /// The temporary directory holding config and state.
    let root: String
    let config: MatrixConfig
    let store: QueueStore
    let worker: TestWorkerPort
    let daemon: Daemon
    private let server: AgentServer
    private let running: Task<Void, Never>

    /// A daemon whose `[channels_config.matrix]` gets `extra` TOML lines; `root` reuses a state directory.
    init(extra: String = "", root existing: String? = nil) async throws {
        root =
            existing
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("prx-d-\(UUID().uuidString.prefix(8))")
            .path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        let toml = """
            [channels_config.matrix]
            homeserver = "https://matrix.example.org"
            access_token = "syt_test_token"
            user_id = "@bot:example.org"
            device_id = "TESTDEVICE"
            allowed_users = ["*"]
            state_dir = "\(root)/state"
            \(extra.isEmpty ? "room_id = \"!room:example.org\"" : extra)
            """
        try Data(toml.utf8).write(to: URL(fileURLWithPath: "\(root)/config.toml"))
        config = try ConfigLoader(environment: ["HOME": root]).load(path: "\(root)/config.toml").config
        store = try QueueStore(stateDirectory: URL(fileURLWithPath: config.stateDirectory))
        worker = TestWorkerPort()
        // The config's own token and ids, as the credential manager gives them without a homeserver.
        let hints = Credentials(
            accessToken: config.accessToken.value, userID: "@bot:example.org", deviceID: "TESTDEVICE", origin: .config,
            verified: false)
        let settings = try await WorkerSettings.make(config: config, store: store, credentials: hints)
        let store = store
        var logger = Logger(label: "test-daemon")
        logger.logLevel = .critical
        daemon = Daemon(
            config: config, store: store, worker: worker, settings: settings,
            makeSettings: { try await WorkerSettings.make(config: $0, store: store, credentials: hints) },
            logger: logger)
        server = AgentServer(listener: try UnixListener(path: config.socketPath), daemon: daemon, logger: logger)
        running = Task { [daemon] in await daemon.run() }
    }

    /// Connects a syncing worker and waits until the daemon reports `syncing` (so no status change is
    /// still on its way to an agent that connects next).
    func connectWorker(incarnation: Int = 1) async throws {
        worker.connectSyncing(incarnation: incarnation)
        guard try await eventually({ await daemon.status.state == .syncing }) else {
            throw RawAgentError(description: "the daemon did not reach syncing")
        }
    }

    /// A new raw agent connection.
    func connect() throws -> RawAgent { try RawAgent(path: config.socketPath) }

    /// A connected agent that has said hello (welcome and status read).
    func agent() async throws -> RawAgent {
        let agent = try connect()
        try await agent.handshake()
        return agent
    }

    /// Stops the daemon and its listener (the state directory stays, for a restart).
    func shutdown() async {
        await daemon.stop()
        server.stop()
        running.cancel()
    }

    /// Deletes the temporary directory.
    func remove() { try? FileManager.default.removeItem(atPath: root) }
}

/// Runs `body` with a fresh harness, then stops it and removes its files.
func withDaemon(extra: String = "", _ body: (DaemonHarness) async throws -> Void) async throws {
    let harness = try await DaemonHarness(extra: extra)
    defer { harness.remove() }
    do {
        try await body(harness)
    } catch {
        await harness.shutdown()
        throw error
    }
    await harness.shutdown()
}

/// Waits until `condition` holds, polling; false after `seconds` (a bound, not a timing assertion).
func eventually(seconds: Double = 120, _ condition: () async throws -> Bool) async throws -> Bool {
    let deadline = ContinuousClock.now + .seconds(seconds)
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try? await Task.sleep(for: .milliseconds(5))
    }
    return try await condition()
}

/// An inbound event `$name` in `room` from Alice.
func inbound(_ name: String, room: String = "!room:example.org", body: String? = nil) -> InboundEvent {
    InboundEvent(
        eventID: "$\(name)", roomID: room, sender: "@alice:example.org", body: body ?? "hello \(name)",
        ts: 1_764_000_000_000, encrypted: false)
}
