/// The worker lifecycle through `prx-matrix run` as a process, seen by a raw agent: a crash loop and
/// SIGHUP, a hung worker replaced, a graceful stop that finishes in-flight sends.
import Foundation
import Shared
import Testing
import TestSupport

@Suite struct LifecycleEndToEndTests {
    /// Runs `body` with a supervisor of this config, then stops it and deletes its files.
    private func withSupervisor(
        extra: String, reliability: String = "", before: (SupervisorProcess) throws -> Void = { _ in },
        _ body: (SupervisorProcess) async throws -> Void
    ) async throws {
        let supervisor = try SupervisorProcess(extra: extra, reliability: reliability)
        do {
            try before(supervisor)
            try await supervisor.start()
            try await body(supervisor)
        } catch {
            await supervisor.tearDown()
            throw error
        }
        await supervisor.tearDown()
    }

    private static func isStatus(_ state: String) -> (ReceivedFrame) -> Bool {
        { $0.type == "status" && $0.string("state") == state }
    }

    @Test func aWorkerThatExitsAtStartIsACrashLoopUntilFixedAndSIGHUP() async throws {
        try await withSupervisor(
            extra: "crash_loop_max_restarts = 2\ncrash_loop_window_secs = 60",
            reliability: "channel_initial_backoff_secs = 1\nchannel_max_backoff_secs = 1",
            before: { supervisor in
                try FileManager.default.createDirectory(
                    at: supervisor.directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
                _ = FileManager.default.createFile(
                    atPath: supervisor.file("fake-worker.exit-at-start").path, contents: nil)
            }
        ) { supervisor in
            let agent = try RawAgent(path: supervisor.socketPath)
            let isCrashLoop: (ReceivedFrame) -> Bool = {
                $0.type == "status" && ($0.string("detail") ?? "").contains("fix and send SIGHUP")
            }
            // On a slow machine the loop may be over before the agent connects: then the status that
            // answers hello already says so.
            let (_, first) = try await agent.handshake()
            let loop = isCrashLoop(first) ? first : try await agent.frames(until: isCrashLoop).last
            #expect(loop?.string("state") == "starting")
            #expect(
                loop?.string("detail")?.contains(
                    "the worker stopped after a crash loop: the worker was restarted 2 times") == true,
                "\(loop?.text ?? "")")
            // Three workers started (the first and two restarts), none since.
            #expect(supervisor.journal("start").count == 3)
            #expect(
                supervisor.log.contains("crash loop")
                    && supervisor.log.contains("not restarting: check the log above; fix and send SIGHUP"))

            try FileManager.default.removeItem(at: supervisor.file("fake-worker.exit-at-start"))
            supervisor.signal(SIGHUP)
            _ = try await agent.frames(until: Self.isStatus("syncing"))
            #expect(supervisor.journal("start").count == 4)
            #expect(supervisor.log.contains("starting the worker again after the crash loop"))
            agent.close()
        }
    }

    @Test func aHungWorkerIsKilledAndReplaced() async throws {
        try await withSupervisor(extra: "heartbeat_secs = 1") { supervisor in
            let agent = try RawAgent(path: supervisor.socketPath)
            let (_, status) = try await agent.handshake()
            if status.string("state") != "syncing" { _ = try await agent.frames(until: Self.isStatus("syncing")) }
            let hung = try #require(supervisor.workerPID())
            try supervisor.command(#"{"hang": true}"#)
            let gone = try await agent.frames { $0.type == "status" && $0.string("state") != "syncing" }.last
            #expect(gone?.string("state") == "starting")
            #expect(gone?.string("detail")?.contains("hung") == true, "\(gone?.text ?? "")")
            _ = try await agent.frames(until: Self.isStatus("syncing"))
            #expect(!SupervisorProcess.isAlive(hung))
            #expect(supervisor.workerPID() != hung)
            #expect(supervisor.log.contains("is hung (3 heartbeats unanswered): killing it"))
            // The new worker serves: a send comes back sent.
            await agent.send(#"{"type":"send","id":"after-hang","body":"still here"}"#)
            _ = try await agent.frames { $0.type == "sent" && $0.string("id") == "after-hang" }
            agent.close()
        }
    }

    @Test func sigtermFinishesInFlightSendsThenExitsZero() async throws {
        let ids = (1...40).map { "stop-\($0)" }
        try await withSupervisor(extra: "") { supervisor in
            var agent = try RawAgent(path: supervisor.socketPath)
            let (_, status) = try await agent.handshake()
            if status.string("state") != "syncing" { _ = try await agent.frames(until: Self.isStatus("syncing")) }
            for id in ids { await agent.send(#"{"type":"send","id":"\#(id)","body":"\#(id)"}"#) }
            // Stop while the sends are being handed over: some reached the worker, others not yet.
            #expect(try await eventually { supervisor.journal("send").count >= 3 })
            supervisor.signal(SIGTERM)
            var answered = Set<String>()
            while let frame = try await agent.next() {
                if frame.type == "sent", let id = frame.string("id") { answered.insert(id) }
            }
            #expect(try await supervisor.waitForExit() == 0)
            let stopped = supervisor.journal()
            let handedOver = stopped.filter { $0["type"] == .string("send") }.compactMap(\.["txn_id"])
            // The worker got `shutdown` after the sends it was handed, and answered each before exiting.
            #expect(stopped.last?["type"] == .string("shutdown"))
            #expect(supervisor.log.contains("stopping: letting the worker finish in-flight requests"))

            // The next daemon: the agent repeats what it has no `sent` for and gets the recorded
            // outcomes; what the stopped worker was handed is never sent again.
            try await supervisor.start()
            agent = try RawAgent(path: supervisor.socketPath)
            try await agent.handshake()
            for id in ids where !answered.contains(id) {
                await agent.send(#"{"type":"send","id":"\#(id)","body":"again"}"#)
            }
            while answered.count < ids.count {
                let frame = try await agent.expect()
                if frame.type == "sent", let id = frame.string("id") { answered.insert(id) }
            }
            let sends = supervisor.journal("send").compactMap(\.["txn_id"])
            let twice = Dictionary(grouping: sends.map { "\($0)" }, by: { $0 }).filter { $0.value.count > 1 }.keys
            // On failure: the whole journal, one entry per line part (type, transaction id, worker pid).
            let journal = supervisor.journal().map { entry in
                ["type", "txn_id", "pid"].compactMap { entry[$0].map { "\($0)" } }.joined(separator: " ")
            }
            #expect(
                sends.count == ids.count,
                """
                each request handed over once: \(sends.count) sends for \(ids.count) ids; more than once: \(Array(twice)); \
                handed to the stopped worker: \(handedOver.count); journal: \(journal)
                """)
            #expect(sends.prefix(handedOver.count).elementsEqual(handedOver))
            agent.close()
        }
    }
}
