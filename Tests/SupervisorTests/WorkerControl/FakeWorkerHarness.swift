/// A WorkerController running the real `prx-matrix-fake-worker` in a private directory, for lifecycle tests.
import Foundation
import Logging
import Shared
@testable import Supervisor
import TestSupport

/// One controller + fake worker setup: settings, options, the control file and the journal.
struct FakeWorkerHarness: FakeWorkerDirectory {
    let directory: URL
    let settings: WorkerSettings
    let controller: WorkerController
    let log: WorkerEventLog
    /// The secret the tests look for where it must never be.
    let token: String

    /// The built test double.
    static var executable: String { RepoPaths.product("prx-matrix-fake-worker").path }

    /// Settings for a worker whose store lives in `directory` (the fake worker's files go beside it).
    static func settings(in directory: URL, token: String) -> WorkerSettings {
        WorkerSettings(
            homeserver: "https://matrix.example.org", userID: "@bot:example.org", deviceID: "PRXTEST",
            accessToken: token, rooms: ["!room:example.org"], allowedUsers: ["*"], mentionOnly: false,
            storePath: directory.appendingPathComponent("worker.store").path, storeKey: Array(repeating: 7, count: 32),
            syncTimeoutMS: 30_000, catchUpMaxEvents: 50, receiptReaction: "👀", doneReaction: "✅", logLevel: .info)
    }

    /// Options with sub-second timings: heartbeat `heartbeat`, short graces, fast backoff, crash loop after `maxRestarts`.
    static func options(
        heartbeat: Duration = .seconds(1), stopGrace: Duration = .milliseconds(500), maxRestarts: Int = 3,
        stableUptime: Double = 30
    ) -> WorkerControllerOptions {
        WorkerControllerOptions(
            executable: executable, heartbeatInterval: heartbeat, stopGrace: stopGrace, killGrace: .milliseconds(500),
            restartPolicy: RestartPolicy(
                initialBackoff: 0.05, maxBackoff: 0.2, maxRestarts: maxRestarts, windowSeconds: 30,
                stableUptime: stableUptime))
    }

    init(options: WorkerControllerOptions = Self.options()) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("prx-wctl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        token = "syt_secret_\(UUID().uuidString)"
        settings = Self.settings(in: directory, token: token)
        let logger = Logger(label: "test.worker-controller") { _ in SwiftLogNoOpLogHandler() }
        controller = WorkerController(settings: settings, options: options, logger: logger)
        log = WorkerEventLog(controller.events)
    }

    /// The running worker's pid (fails the test when none runs).
    func pid() async throws -> pid_t {
        guard let pid = await controller.workerPID else { throw HarnessError(problem: "no worker is running") }
        return pid
    }

    /// Whether `pid` still exists in any form (a zombie included).
    static func processExists(_ pid: pid_t) -> Bool {
        FileManager.default.fileExists(atPath: "/proc/\(pid)")
    }

    /// Stops the controller and deletes the directory.
    func tearDown() async {
        await controller.stop()
        try? FileManager.default.removeItem(at: directory)
    }
}

/// A harness precondition that did not hold.
struct HarnessError: Error, CustomStringConvertible {
    let problem: String
    var description: String { problem }
}
