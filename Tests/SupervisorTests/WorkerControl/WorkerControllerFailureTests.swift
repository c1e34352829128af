/// WorkerController with a misbehaving fake worker: crash loop, hang, garbage, token invalid.
import Foundation
import Shared
@testable import Supervisor
import Testing

@Suite struct WorkerControllerFailureTests {
    @Test func aWorkerThatDiesAtStartIsACrashLoopUntilRetry() async throws {
        let harness = try FakeWorkerHarness(options: FakeWorkerHarness.options(maxRestarts: 3))
        _ = FileManager.default.createFile(atPath: harness.file("fake-worker.exit-at-start").path, contents: nil)
        await harness.controller.start()
        let loop = try await harness.log.waitFor("crashLoop") { if case .crashLoop = $0 { true } else { false } }
        guard case .crashLoop(let detail) = loop.event else { return }
        #expect(detail.contains("check the log above; fix and send SIGHUP"))
        #expect(detail.contains("exit code 70"))
        guard case .crashLooped = await harness.controller.state else {
            Issue.record("expected crashLooped, got \(await harness.controller.state)")
            return
        }
        // The first run and 3 restarts; then nothing more is spawned.
        #expect(harness.journal("start").count == 4)
        try await Task.sleep(for: .milliseconds(500))
        #expect(harness.journal("start").count == 4)
        #expect(await harness.controller.incarnations == 4)

        try FileManager.default.removeItem(at: harness.file("fake-worker.exit-at-start"))
        await harness.controller.retry()
        _ = try await harness.log.waitUntilSyncing(incarnation: 5, from: loop.index)
        await harness.tearDown()
    }

    @Test func aHungWorkerIsKilledAfterThreeMissedHeartbeatsAndReplaced() async throws {
        let harness = try FakeWorkerHarness(options: FakeWorkerHarness.options(heartbeat: .milliseconds(150)))
        await harness.controller.start()
        let synced = try await harness.log.waitUntilSyncing(incarnation: 1)
        let hungPID = try await harness.pid()
        try harness.command(#"{"hang": true}"#)
        let gone = try await harness.log.waitFor("disconnected", from: synced.index) {
            if case .disconnected = $0 { true } else { false }
        }
        guard case .disconnected(let detail) = gone.event else { return }
        #expect(detail.contains("hung (3 heartbeats unanswered)"))
        #expect(detail.contains("signal 9"))
        _ = try await harness.log.waitUntilSyncing(incarnation: 2, from: gone.index)
        #expect(!FakeWorkerHarness.processExists(hungPID))
        await harness.tearDown()
    }

    @Test func aMalformedFrameReplacesTheWorkerAndTheSupervisorCarriesOn() async throws {
        let harness = try FakeWorkerHarness()
        await harness.controller.start()
        let synced = try await harness.log.waitUntilSyncing(incarnation: 1)
        try harness.command(#"{"garbage": true}"#)
        let gone = try await harness.log.waitFor("disconnected", from: synced.index) {
            if case .disconnected = $0 { true } else { false }
        }
        guard case .disconnected(let detail) = gone.event else { return }
        #expect(detail.contains("malformed frame"))
        let again = try await harness.log.waitUntilSyncing(incarnation: 2, from: gone.index)
        let room = "!room:example.org"
        #expect(await harness.controller.send(.send(WorkerSend(row: 1, txnID: "t1", roomID: room, body: "still here"))))
        _ = try await harness.log.waitFor("an outcome", from: again.index) {
            $0 == .outcome(row: 1, .sent(eventIDs: ["$fake-t1"]))
        }
        await harness.tearDown()
    }

    @Test func tokenInvalidIsNotACrashAndWaitsForNewSettings() async throws {
        let harness = try FakeWorkerHarness()
        await harness.controller.start()
        let synced = try await harness.log.waitUntilSyncing(incarnation: 1)
        try harness.command(#"{"token_invalid": {"soft_logout": true}}"#)
        let report = try await harness.log.waitFor("token_invalid", from: synced.index) {
            if case .status(let status) = $0, status.phase == .tokenInvalid(softLogout: true) { true } else { false }
        }
        let gone = try await harness.log.waitFor("disconnected", from: report.index) {
            if case .disconnected = $0 { true } else { false }
        }
        guard case .disconnected(let detail) = gone.event else { return }
        #expect(detail.contains("exit code 77"))
        #expect(detail.contains("waiting for a new token"))
        #expect(await harness.controller.state == .waitingForToken)
        #expect(await harness.controller.policy.recentRestarts.isEmpty)  // not counted toward a crash loop
        try await Task.sleep(for: .milliseconds(300))
        #expect(harness.journal("start").count == 1)  // not restarted

        var renewed = harness.settings
        renewed.accessToken = "syt_renewed_\(UUID().uuidString)"
        await harness.controller.restart(with: renewed)
        _ = try await harness.log.waitUntilSyncing(incarnation: 2, from: gone.index)
        #expect(harness.journal("start").count == 2)
        await harness.tearDown()
    }

    @Test func aMissingExecutableEndsInACrashLoopThatSaysWhy() async throws {
        var options = FakeWorkerHarness.options(maxRestarts: 2)
        options.executable = "/nonexistent/prx-matrix-worker"
        let harness = try FakeWorkerHarness(options: options)
        await harness.controller.start()
        let loop = try await harness.log.waitFor("crashLoop") { if case .crashLoop = $0 { true } else { false } }
        guard case .crashLoop(let detail) = loop.event else { return }
        #expect(detail.contains("could not be started"))
        #expect(detail.contains("/nonexistent/prx-matrix-worker"))
        #expect(!harness.log.events.contains { if case .connected = $0 { true } else { false } })
        await harness.tearDown()
    }

    @Test func aWorkerThatClosesItsLinkButStaysIsKilledAndReplaced() async throws {
        let harness = try FakeWorkerHarness()
        await harness.controller.start()
        let synced = try await harness.log.waitUntilSyncing(incarnation: 1)
        let silentPID = try await harness.pid()
        try harness.command(#"{"close_link": true}"#)
        let gone = try await harness.log.waitFor("disconnected", from: synced.index) {
            if case .disconnected = $0 { true } else { false }
        }
        guard case .disconnected(let detail) = gone.event else { return }
        #expect(detail.contains("closing its link without exiting"))
        _ = try await harness.log.waitUntilSyncing(incarnation: 2, from: gone.index)
        #expect(!FakeWorkerHarness.processExists(silentPID))
        await harness.tearDown()
    }
}
