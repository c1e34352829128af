/// The daemon's token rotation helpers: the credential manager, how to re-read the config, and the wait.
import Foundation
import Shared

/// What the daemon needs to recover from a refused token (docs/TOKENS.md): ``CredentialManager``, a way
/// to re-read the config, and the wait for the operator (SIGHUP, or a change of the config's files).
actor TokenRecovery {
    /// The session owner.
    let credentials: CredentialManager
    /// Re-reads the config from disk (the same files as at start).
    let loadConfig: @Sendable () throws(ConfigError) -> LoadedConfig
    /// How often the config's files are looked at while waiting.
    let pollInterval: Duration
    /// While the homeserver could not be reached: how often recovery is tried again anyway.
    let unreachableRetry: Duration
    private var waiting: Task<Void, Never>?

    /// Recovery with `credentials`, re-reading the config with `loadConfig`.
    init(
        credentials: CredentialManager, loadConfig: @escaping @Sendable () throws(ConfigError) -> LoadedConfig,
        pollInterval: Duration = .seconds(2), unreachableRetry: Duration = .seconds(15)
    ) {
        self.credentials = credentials
        self.loadConfig = loadConfig
        self.pollInterval = pollInterval
        self.unreachableRetry = unreachableRetry
    }

    /// Whether the daemon is waiting for a new token.
    var isWaiting: Bool { waiting != nil }

    /// Waits for the operator: every `pollInterval` the files of `config` are compared with their state
    /// now; on a change (or, when `retry` is set, after ``unreachableRetry``) `attempt` runs. Replaces
    /// an earlier wait.
    func wait(for config: MatrixConfig, retry: Bool, attempt: @escaping @Sendable () async -> Void) {
        waiting?.cancel()
        let paths = ConfigFileSnapshot.paths(of: config)
        let interval = pollInterval
        let retryAfter = retry ? unreachableRetry : nil
        waiting = Task {
            let before = ConfigFileSnapshot(paths: paths)
            let started = ContinuousClock.now
            while !Task.isCancelled {
                do { try await Task.sleep(for: interval) } catch { return }
                let changed = ConfigFileSnapshot(paths: paths) != before
                let due = retryAfter.map { ContinuousClock.now - started >= $0 } ?? false
                if changed || due {
                    // Not a child of this task: the attempt may start the next wait, which cancels this one.
                    Task { await attempt() }
                    return
                }
            }
        }
    }

    /// Ends the wait (a worker with a good token connected, or the daemon stops).
    func endWait() {
        waiting?.cancel()
        waiting = nil
    }
}
