/// WorkerController with the real fake worker: start, the token's path, batches across a kill -9, sends.
import Foundation
import Shared
@testable import Supervisor
import Testing

@Suite struct WorkerControllerTests {
    static let event =
        #"{"event_id":"$e1","room_id":"!room:example.org","sender":"@alice:example.org","body":"hi","msgtype":"m.text","ts":1,"encrypted":false}"#

    @Test func startConnectsAndReportsSyncing() async throws {
        let harness = try FakeWorkerHarness()
        await harness.controller.start()
        _ = try await harness.log.waitUntilSyncing(incarnation: 1)
        #expect(harness.log.events.first == .connected(incarnation: 1))
        guard case .running(let incarnation, let pid, _) = await harness.controller.state else {
            Issue.record("expected running, got \(await harness.controller.state)")
            return
        }
        #expect(incarnation == 1)
        #expect(pid == (try await harness.pid()))
        let starts = harness.journal("start")
        #expect(starts.count == 1)
        #expect(starts.first?["user_id"] == .string("@bot:example.org"))
        await harness.tearDown()
    }

    @Test func theTokenIsNeverInArgvEnvironmentOrJournal() async throws {
        let harness = try FakeWorkerHarness()
        await harness.controller.start()
        _ = try await harness.log.waitUntilSyncing(incarnation: 1)
        let pid = try await harness.pid()
        let cmdline = try #require(FileManager.default.contents(atPath: "/proc/\(pid)/cmdline"))
        let environ = try #require(FileManager.default.contents(atPath: "/proc/\(pid)/environ"))
        let token = Data(harness.token.utf8)
        #expect(cmdline.range(of: token) == nil)
        #expect(environ.range(of: token) == nil)
        #expect(String(decoding: environ, as: UTF8.self).contains("PRX_MATRIX_LINK_FD=3"))
        // The worker did get the token: over the link, the only way (it reached `syncing` with these settings).
        let journal = try #require(FileManager.default.contents(atPath: harness.file("fake-worker.journal").path))
        #expect(journal.range(of: token) == nil)
        await harness.tearDown()
    }

    @Test func anUnackedBatchIsSentAgainAfterAKillUntilAcknowledged() async throws {
        let harness = try FakeWorkerHarness()
        await harness.controller.start()
        _ = try await harness.log.waitUntilSyncing(incarnation: 1)
        try harness.command(#"{"inject": [\#(Self.event)]}"#)
        let first = try await harness.log.waitFor("the batch") { if case .batch = $0 { true } else { false } }
        guard case .batch(_, let events) = first.event else { return }
        #expect(events.map(\.eventID) == ["$e1"])

        kill(try await harness.pid(), SIGKILL)
        let synced = try await harness.log.waitUntilSyncing(incarnation: 2, from: first.index)
        let again = try await harness.log.waitFor("the batch again", from: synced.index) {
            if case .batch = $0 { true } else { false }
        }
        guard case .batch(let id, let replayed) = again.event else { return }
        #expect(replayed == events)

        #expect(await harness.controller.send(.batchAck(batch: id)))
        let pending = harness.file("fake-worker.pending").path
        let deadline = ContinuousClock.now + .seconds(60)
        while FileManager.default.contents(atPath: pending) != Data("[]".utf8) && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(5))
        }
        #expect(FileManager.default.contents(atPath: pending) == Data("[]".utf8))
        #expect(harness.journal("batch_ack").count == 1)
        await harness.tearDown()
    }

    @Test func killNineRestartsAtOnceAsIncarnationTwo() async throws {
        let harness = try FakeWorkerHarness()
        await harness.controller.start()
        let synced = try await harness.log.waitUntilSyncing(incarnation: 1)
        let oldPID = try await harness.pid()
        let killedAt = ContinuousClock.now
        kill(oldPID, SIGKILL)
        let again = try await harness.log.waitUntilSyncing(incarnation: 2, from: synced.index)
        print("worker kill -9 → syncing again: \(Int(((again.at - killedAt).secondsValue * 1000).rounded())) ms")
        let gone = try await harness.log.waitFor("disconnected", from: synced.index) {
            if case .disconnected = $0 { true } else { false }
        }
        guard case .disconnected(let detail) = gone.event else { return }
        #expect(detail.contains("signal 9"))
        #expect(detail.contains("restarting now"))
        #expect(await harness.controller.lastExit == .signalled(SIGKILL))
        #expect(try await harness.pid() != oldPID)
        #expect(!FakeWorkerHarness.processExists(oldPID))  // reaped: no zombie
        await harness.tearDown()
    }

    @Test func sendsAreAnsweredWithDeterministicIDsAndAResentRowShowsAsADuplicate() async throws {
        let harness = try FakeWorkerHarness()
        await harness.controller.start()
        let synced = try await harness.log.waitUntilSyncing(incarnation: 1)
        let room = "!room:example.org"
        #expect(await harness.controller.send(.send(WorkerSend(row: 7, txnID: "prx-7", roomID: room, body: "hello"))))
        _ = try await harness.log.waitFor("outcome of row 7") {
            $0 == .outcome(row: 7, .sent(eventIDs: ["$fake-prx-7"]))
        }
        #expect(
            await harness.controller.send(
                .react(WorkerReaction(row: 8, txnID: "prx-8", roomID: room, eventID: "$e1", key: "👍"))))
        _ = try await harness.log.waitFor("outcome of row 8") {
            $0 == .outcome(row: 8, .sent(eventIDs: ["$fake-prx-8"]))
        }

        try harness.command(#"{"rate_limit_ms": 500}"#)
        try await Task.sleep(for: .milliseconds(100))  // the fake worker polls its control file every 10 ms
        #expect(await harness.controller.send(.send(WorkerSend(row: 9, txnID: "prx-9", roomID: room, body: "x"))))
        _ = try await harness.log.waitFor("retry_later for row 9") {
            $0 == .outcome(row: 9, .retryLater(retryAfterMS: 500))
        }

        // Crash after handing the row to the "homeserver" but before answering: the row is sent again.
        try harness.command(#"{"crash_after_sends": 1}"#)
        try await Task.sleep(for: .milliseconds(100))
        #expect(await harness.controller.send(.send(WorkerSend(row: 10, txnID: "prx-10", roomID: room, body: "y"))))
        let restarted = try await harness.log.waitUntilSyncing(incarnation: 2, from: synced.index)
        #expect(await harness.controller.send(.send(WorkerSend(row: 10, txnID: "prx-10", roomID: room, body: "y"))))
        _ = try await harness.log.waitFor("outcome of row 10", from: restarted.index) {
            $0 == .outcome(row: 10, .sent(eventIDs: ["$fake-prx-10"]))
        }
        let sends = harness.journal("send").compactMap { entry -> String? in
            if case .string(let txn)? = entry["txn_id"] { txn } else { nil }
        }
        #expect(sends == ["prx-7", "prx-9", "prx-10", "prx-10"])
        #expect(await harness.controller.send(.shutdown) == false)  // the controller's own command
        await harness.tearDown()
    }
}
