/// The one place where `prx-matrix run` chooses its worker side.
import Logging
import Shared

/// The worker port `run` drives: a ``WorkerController`` running `prx-matrix-worker` (or `worker_path`)
/// with `settings` and the lifecycle options of `config`, on `executor` (the daemon's).
func makeWorkerPort(
    config: MatrixConfig, settings: WorkerSettings, executor: DispatchQueueExecutor, logger: Logger
) -> any WorkerPort {
    WorkerController(
        settings: settings, options: WorkerControllerOptions(config: config), executor: executor, logger: logger)
}
