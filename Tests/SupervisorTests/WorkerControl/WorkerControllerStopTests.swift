/// WorkerController's stop sequence: shutdown honoured, then SIGTERM, then SIGKILL; nothing left behind.
import Foundation
import Shared
@testable import Supervisor
import Testing

@Suite struct WorkerControllerStopTests {
    /// Starts a worker, applies `commands`, stops it and returns how it ended and its pid.
    private func stop(after commands: [String]) async throws -> (
        exit: WorkerExit?, pid: pid_t, harness: FakeWorkerHarness
    ) {
        let harness = try FakeWorkerHarness(options: FakeWorkerHarness.options(stopGrace: .milliseconds(300)))
        await harness.controller.start()
        _ = try await harness.log.waitUntilSyncing(incarnation: 1)
        let pid = try await harness.pid()
        for command in commands { try harness.command(command) }
        if !commands.isEmpty { try await Task.sleep(for: .milliseconds(150)) }  // polled every 10 ms
        await harness.controller.stop()
        return (await harness.controller.lastExit, pid, harness)
    }

    @Test func gracefulStopSendsShutdownAndTheWorkerExitsZero() async throws {
        let (exit, pid, harness) = try await stop(after: [])
        #expect(exit == .exited(0))
        #expect(harness.journal("shutdown").count == 1)
        #expect(await harness.controller.state == .stopped)
        #expect(!FakeWorkerHarness.processExists(pid))
        let deadline = ContinuousClock.now + .seconds(60)
        while !harness.log.hasFinished && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(5)) }
        #expect(harness.log.hasFinished)
        await harness.tearDown()
    }

    @Test func aWorkerIgnoringShutdownGetsSIGTERM() async throws {
        let (exit, pid, harness) = try await stop(after: [#"{"ignore_shutdown": true}"#])
        #expect(exit == .signalled(SIGTERM))
        #expect(harness.journal("shutdown").count == 1)
        #expect(!FakeWorkerHarness.processExists(pid))
        await harness.tearDown()
    }

    @Test func aWorkerIgnoringShutdownAndSIGTERMGetsSIGKILL() async throws {
        let (exit, pid, harness) = try await stop(after: [#"{"ignore_shutdown": true}"#, #"{"ignore_sigterm": true}"#])
        #expect(exit == .signalled(SIGKILL))
        #expect(!FakeWorkerHarness.processExists(pid))
        await harness.tearDown()
    }

    @Test func stopDuringABackoffStartsNothingMore() async throws {
        let harness = try FakeWorkerHarness()
        _ = FileManager.default.createFile(atPath: harness.file("fake-worker.exit-at-start").path, contents: nil)
        await harness.controller.start()
        // The first restart is immediate, the second waits 50 ms or so: stop in between.
        _ = try await harness.log.waitFor("a backoff") {
            if case .disconnected(let detail) = $0 { detail.contains("restarting in") } else { false }
        }
        await harness.controller.stop()
        let starts = harness.journal("start").count
        try await Task.sleep(for: .milliseconds(400))
        #expect(harness.journal("start").count == starts)
        #expect(await harness.controller.state == .stopped)
        await harness.tearDown()
    }

    @Test func restartWithNewSettingsReplacesTheWorkerGracefully() async throws {
        let harness = try FakeWorkerHarness()
        await harness.controller.start()
        let synced = try await harness.log.waitUntilSyncing(incarnation: 1)
        let oldPID = try await harness.pid()
        var renewed = harness.settings
        renewed.rooms = ["!other:example.org"]
        await harness.controller.restart(with: renewed)
        _ = try await harness.log.waitUntilSyncing(incarnation: 2, from: synced.index)
        #expect(await harness.controller.lastExit == .exited(0))
        #expect(harness.journal("shutdown").count == 1)
        #expect(harness.journal("start").last?["rooms"] == .array(["!other:example.org"]))
        #expect(!FakeWorkerHarness.processExists(oldPID))
        await harness.tearDown()
    }
}
