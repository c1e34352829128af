/// The end-to-end bench: a real Synapse, the built `prx-matrix` with the real `prx-matrix-worker`, a peer user.
import Foundation
import Testing
import TestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// One test's homeserver, bot and peer (alice), a room both are in, a config and the daemon process.
/// The test itself plays the agent with ``RawAgent`` (raw PROTOCOL.md frames).
final class EndToEndRig: Sendable {
    let synapse: SynapseServer
    let bot: SynapseAccount
    let alice: SynapseAccount
    let roomID: String
    let root: String
    static let botPassword = "pw-bot-e2e"
    var configPath: String { "\(root)/config.toml" }
    var stateDirectory: String { "\(root)/state" }
    var socketPath: String { "\(stateDirectory)/agent.sock" }
    var logPath: String { "\(root)/daemon.log" }

    private init(synapse: SynapseServer, bot: SynapseAccount, alice: SynapseAccount, roomID: String, root: String) {
        self.synapse = synapse
        self.bot = bot
        self.alice = alice
        self.roomID = roomID
        self.root = root
    }

    /// Starts Synapse (with `overlay`), registers the bot and alice, makes alice's room with the bot in
    /// it, and writes the config with `extra` lines.
    static func make(overlay: String? = nil, extra: String = "") async throws -> EndToEndRig {
        let synapse = try await SynapseServer.start(overlay: overlay)
        let bot = try await synapse.register(user: "bot", password: botPassword)
        let alice = try await synapse.register(user: "alice", password: "pw-alice-e2e")
        let created = try await synapse.request(
            method: "POST", path: "/_matrix/client/v3/createRoom", token: alice.accessToken,
            json: ["preset": "private_chat", "invite": [bot.userID]])
        let roomID = try #require(created.json["room_id"] as? String, "createRoom: \(created.json)")
        let joined = try await synapse.request(
            method: "POST", path: "/_matrix/client/v3/join/\(roomID.pathEscaped)", token: bot.accessToken, json: [:])
        #expect(joined.status == 200)
        let root = FileManager.default.temporaryDirectory.appendingPathComponent(
            "prx-e2e-\(UUID().uuidString.prefix(8))"
        ).path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        let rig = EndToEndRig(synapse: synapse, bot: bot, alice: alice, roomID: roomID, root: root)
        try rig.writeConfig(token: bot.accessToken, extra: extra)
        return rig
    }

    /// Writes the config: the seed's keys for `token`, the real worker, a short long-poll, `extra` lines.
    func writeConfig(token: String, extra: String = "") throws {
        let toml = """
            [channels_config.matrix]
            homeserver = "\(synapse.baseURL.absoluteString)"
            access_token = "\(token)"
            user_id = "\(bot.userID)"
            device_id = "\(bot.deviceID)"
            room_id = "\(roomID)"
            allowed_users = ["\(alice.userID)"]
            state_dir = "\(stateDirectory)"
            worker_path = "\(RepoPaths.product("prx-matrix-worker").path)"
            sync_timeout_secs = 5
            log_level = "debug"
            \(extra)

            [reliability]
            channel_initial_backoff_secs = 1
            channel_max_backoff_secs = 2
            """
        try Data(toml.utf8).write(to: URL(fileURLWithPath: configPath))
    }

    /// Starts `prx-matrix run`, its stderr appended to ``logPath``, and waits for its socket.
    func startDaemon() async throws -> Process {
        let process = Process()
        process.executableURL = RepoPaths.product("prx-matrix")
        process.arguments = ["run", "--config", configPath]
        process.environment = ["HOME": root, "PATH": "/usr/bin:/bin"]
        if !FileManager.default.fileExists(atPath: logPath) {
            _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        }
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        try log.seekToEnd()
        process.standardError = log
        process.standardOutput = FileHandle.nullDevice
        try? FileManager.default.removeItem(atPath: socketPath)
        try process.run()
        let deadline = ContinuousClock.now + .seconds(120)
        while !FileManager.default.fileExists(atPath: socketPath) {
            guard process.isRunning, ContinuousClock.now < deadline else {
                throw RawAgentError(description: "prx-matrix did not open its socket; log:\n\(logTail)")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        return process
    }

    /// SIGTERM and wait (off the cooperative pool) for the daemon's exit; returns its exit status.
    @discardableResult
    func stop(_ daemon: Process) async -> Int32 {
        if daemon.isRunning { kill(daemon.processIdentifier, SIGTERM) }
        return await daemon.exitStatus()
    }

    /// Starts the daemon (``startDaemon()``), runs `body` with it and stops it (awaited) whether `body`
    /// returned or threw.
    func withDaemon<T>(_ body: (Process) async throws -> T) async throws -> T {
        let daemon = try await startDaemon()
        return try await withCleanup({ try await body(daemon) }, cleanup: { await stop(daemon) })
    }

    /// A connected agent after `hello`, with the frames it got so far.
    func agent(name: String = "e2e/1") async throws -> AgentSession {
        let session = AgentSession(
            try RawAgent(path: socketPath), log: { [self] in logTail + "\nprocesses:\n" + processReport })
        await session.raw.send(#"{"type":"hello","protocol":1,"agent":"\#(name)"}"#)
        return session
    }

    /// The pid of the daemon's worker (a child of `daemon` running `prx-matrix-worker`), if one runs.
    func workerPID(of daemon: Process) -> pid_t? {
        for pid in Self.processIDs() {
            guard let stat = Self.stat(of: pid), stat.state != "Z", stat.parent == daemon.processIdentifier,
                stat.name.hasPrefix("prx-matrix-work")
            else { continue }
            return pid
        }
        return nil
    }

    /// Every process id in /proc.
    private static func processIDs() -> [pid_t] {
        ((try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []).compactMap { pid_t($0) }
    }

    /// A process's name (`comm`), state letter and parent, from `/proc/<pid>/stat`.
    private static func stat(of pid: pid_t) -> (name: Substring, state: Substring, parent: pid_t)? {
        stat(atPath: "/proc/\(pid)/stat")
    }

    /// Name, state letter and parent from a `stat` file of /proc (a process's or a thread's).
    private static func stat(atPath path: String) -> (name: Substring, state: Substring, parent: pid_t)? {
        guard let stat = try? String(contentsOfFile: path, encoding: .utf8),
            let open = stat.firstIndex(of: "("), let close = stat.range(of: ") ", options: .backwards)
        else { return nil }
        let fields = stat[close.upperBound...].split(separator: " ")
        guard fields.count > 1, let parent = pid_t(fields[1]) else { return nil }
        return (stat[stat.index(after: open)..<close.lowerBound], fields[0], parent)
    }

    /// The daemon's log (its worker's lines included).
    var fullLog: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    /// The last 40 lines of the daemon's log.
    var logTail: String { fullLog.split(separator: "\n").suffix(40).joined(separator: "\n") }

    /// What a failed wait shows besides the log: the daemon of this rig (found by its config path) and
    /// its children, each with every thread's name, state and kernel wait channel, so that a hung daemon
    /// (threads asleep in `futex_wait`) tells itself apart from a busy or a dead one.
    var processReport: String {
        func read(_ path: String) -> String {
            (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "?"
        }
        func describe(_ pid: pid_t) -> [String] {
            let stat = read("/proc/\(pid)/stat")
            var lines = ["pid \(pid): \(stat.prefix(80))"]
            let threads = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []
            for thread in threads.sorted() {
                let task = "/proc/\(pid)/task/\(thread)"
                let state = Self.stat(atPath: "\(task)/stat")?.state ?? "?"
                lines.append("  thread \(thread) \(read("\(task)/comm")) state \(state) wchan \(read("\(task)/wchan"))")
            }
            return lines
        }
        let pids = Self.processIDs()
        let daemons = pids.filter { read("/proc/\($0)/cmdline").contains(configPath) }
        guard !daemons.isEmpty else { return "no daemon process of this rig is running" }
        var lines: [String] = []
        for daemon in daemons {
            lines += describe(daemon)
            for child in pids where Self.stat(of: child)?.parent == daemon { lines += describe(child) }
        }
        return lines.joined(separator: "\n")
    }

    /// Stops Synapse and removes the directory.
    func remove() async {
        try? await synapse.stop()
        try? FileManager.default.removeItem(atPath: root)
    }
}

/// Polls `condition` until it holds; false after `seconds` (a bound, not a timing assertion).
func eventually(seconds: Double = 120, _ condition: () async throws -> Bool) async throws -> Bool {
    let deadline = ContinuousClock.now + .seconds(seconds)
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try await Task.sleep(for: .milliseconds(200))
    }
    return try await condition()
}
