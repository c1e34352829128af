/// Restart latency (worker kill -9 → syncing again), printed against a direct-spawn anchor; scripts/bench-supervisor runs it with 50 kills.
import Foundation
import Shared
@testable import Supervisor
import Testing

@Suite(.serialized) struct WorkerRestartBenchmarkTests {
    /// Kills per run: `PRX_MATRIX_BENCH_KILLS` (the bench script sets 50), else a quick 5.
    static var kills: Int {
        ProcessInfo.processInfo.environment["PRX_MATRIX_BENCH_KILLS"].flatMap(Int.init).map { max(1, $0) } ?? 5
    }

    /// The anchor: spawn the fake worker directly, send `start`, read until `state syncing` (no controller).
    private func directSpawnToSyncing(_ settings: WorkerSettings) async throws -> Duration {
        let began = ContinuousClock.now
        let process = try WorkerProcess.spawn(executable: FakeWorkerHarness.executable, arguments: [])
        let connection = SocketConnection(fd: process.linkFD, label: "bench-anchor")
        let encoder = FrameEncoder(maxFrameBytes: WorkerLink.maxFrameBytes)
        await connection.send(try encoder.encode(SupervisorCommand.start(settings)))
        var decoder = FrameDecoder(maxFrameBytes: WorkerLink.maxFrameBytes)
        var elapsed: Duration?
        reading: for await chunk in connection.incoming {
            decoder.feed(chunk)
            while let frame = try decoder.next() {
                if case .state(let status) = try WorkerEvent(frame: frame), status.phase == .syncing {
                    elapsed = .now - began
                    break reading
                }
            }
        }
        await connection.send(try encoder.encode(SupervisorCommand.shutdown))
        #expect(await process.waitForExit() == .exited(0))
        connection.close()
        return try #require(elapsed)
    }

    private func percentile(_ sorted: [Double], _ p: Double) -> Double {
        sorted[Int((Double(sorted.count - 1) * p).rounded())]
    }

    @Test func killNineToSyncingAgainAgainstADirectSpawn() async throws {
        let kills = Self.kills
        // A short stable uptime so every kill is "the first crash after a stable run" (immediate restart).
        let harness = try FakeWorkerHarness(
            options: FakeWorkerHarness.options(maxRestarts: kills + 1, stableUptime: 0.02))
        await harness.controller.start()
        var last = try await harness.log.waitUntilSyncing(incarnation: 1)
        // Anchor and restart alternate so both see the same machine load.
        var anchors: [Double] = []
        var restarts: [Double] = []
        for incarnation in 2...(kills + 1) {
            anchors.append(try await directSpawnToSyncing(harness.settings).secondsValue * 1000)
            try await Task.sleep(for: .milliseconds(30))  // past the stable uptime: an immediate restart
            let pid = try await harness.pid()
            let killedAt = ContinuousClock.now
            kill(pid, SIGKILL)
            let synced = try await harness.log.waitUntilSyncing(incarnation: incarnation, from: last.index)
            restarts.append((synced.at - killedAt).secondsValue * 1000)
            last = synced
        }
        #expect(restarts.count == kills)
        #expect(harness.journal("start").count == 2 * kills + 1)  // anchors included
        await harness.tearDown()

        let a = anchors.sorted()
        let r = restarts.sorted()
        let line = String(
            format:
                "bench worker-restart kills=%d kill9→syncing p50=%.1f ms p95=%.1f ms | anchor spawn→syncing p50=%.1f ms p95=%.1f ms | ratio p50=%.2f",
            kills, percentile(r, 0.5), percentile(r, 0.95), percentile(a, 0.5), percentile(a, 0.95),
            percentile(r, 0.5) / percentile(a, 0.5))
        print(line)
    }
}
