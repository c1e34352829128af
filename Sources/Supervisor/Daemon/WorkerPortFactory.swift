/// The one place where `prx-matrix run` chooses its worker side: the integration point of `WorkerController`.
import Logging
import Shared

/// The worker port `run` drives, for `executable` with `settings`.
///
/// Until `WorkerController` (branch `wctl`) is merged this is ``UnstartedWorkerPort``: the daemon serves
/// agents and queues everything, and the status stays `starting`. The integrator replaces the body with
/// `WorkerController(…)`.
func makeWorkerPort(config: MatrixConfig, settings: WorkerSettings, executable: String, logger: Logger) -> any WorkerPort {
    UnstartedWorkerPort(logger: logger)
}

/// A worker side that never starts a worker: requests stay queued. Stands in until `WorkerController` is merged.
final class UnstartedWorkerPort: WorkerPort {
    let events: AsyncStream<WorkerPortEvent>
    private let continuation: AsyncStream<WorkerPortEvent>.Continuation
    private let logger: Logger

    init(logger: Logger) {
        (events, continuation) = AsyncStream.makeStream(of: WorkerPortEvent.self)
        self.logger = logger
    }

    func start() async {
        logger.warning("this build has no worker controller: no worker is started, requests stay queued")
    }

    func send(_ command: SupervisorCommand) async -> Bool { false }
    func restart(with settings: WorkerSettings) async {}
    func retry() async {}
    func stop() async { continuation.finish() }
}
