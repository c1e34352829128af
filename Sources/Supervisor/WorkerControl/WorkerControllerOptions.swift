/// How `WorkerController` runs the worker: which executable, heartbeat, stop grace, restart policy.
import Foundation
import Shared

/// The knobs of ``WorkerController``; ``init(config:)`` reads them from the validated config.
struct WorkerControllerOptions: Sendable {
    /// The worker executable (absolute path).
    var executable: String
    /// Extra arguments for the worker (never a secret: the token travels only in `start`).
    var arguments: [String]
    /// How often a `heartbeat` is sent (`heartbeat_secs`).
    var heartbeatInterval: Duration
    /// Unanswered heartbeats after which the worker is hung and killed.
    var missedHeartbeatLimit: Int
    /// How long `shutdown` may take before SIGTERM (`stop_grace_secs`).
    var stopGrace: Duration
    /// How long SIGTERM may take before SIGKILL; also how long a worker that closed its link may take to exit.
    var killGrace: Duration
    /// Restart backoff and crash-loop detection.
    var restartPolicy: RestartPolicy

    /// Options given explicitly (tests use sub-second values).
    init(
        executable: String, arguments: [String] = [], heartbeatInterval: Duration, missedHeartbeatLimit: Int = 3,
        stopGrace: Duration, killGrace: Duration = .seconds(2), restartPolicy: RestartPolicy
    ) {
        self.executable = executable
        self.arguments = arguments
        self.heartbeatInterval = heartbeatInterval
        self.missedHeartbeatLimit = max(1, missedHeartbeatLimit)
        self.stopGrace = stopGrace
        self.killGrace = killGrace
        self.restartPolicy = restartPolicy
    }

    /// The options of `config`: `worker_path` (else `prx-matrix-worker` beside this executable),
    /// `heartbeat_secs`, `stop_grace_secs`, the backoff of `[reliability]` and the crash-loop limits.
    init(config: MatrixConfig) {
        self.init(
            executable: config.workerPath ?? Self.workerBesideExecutable(),
            heartbeatInterval: .seconds(config.heartbeatSecs),
            stopGrace: .seconds(config.stopGraceSecs),
            restartPolicy: RestartPolicy(
                initialBackoff: Double(config.channelInitialBackoffSecs),
                maxBackoff: Double(config.channelMaxBackoffSecs),
                maxRestarts: config.crashLoopMaxRestarts,
                windowSeconds: Double(config.crashLoopWindowSecs)))
    }

    /// `prx-matrix-worker` in the directory of the running `prx-matrix` (`/proc/self/exe`, symlinks resolved).
    static func workerBesideExecutable() -> String {
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        return executable.deletingLastPathComponent().appendingPathComponent("prx-matrix-worker").path
    }
}
