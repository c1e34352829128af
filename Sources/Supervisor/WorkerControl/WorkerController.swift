/// The real `WorkerPort`: spawns `prx-matrix-worker`, speaks the link, heartbeats, restarts and stops it.
import Logging
import Shared
#if canImport(Glibc)
    import Glibc
#endif

/// Runs one worker at a time and keeps one running (docs/WORKER-LIFECYCLE.md).
///
/// Each incarnation is spawned with ``WorkerProcess`` and sent `start` (the only way the token leaves
/// the supervisor). Its frames become ``WorkerPortEvent``s in order; a malformed or invalid frame means
/// the worker is broken: it is killed and replaced. `heartbeat` goes out every `heartbeatInterval`; a
/// worker that leaves `missedHeartbeatLimit` of them unanswered is hung and killed. After an
/// unexpected exit ``RestartPolicy`` decides: at once, after a backoff, or stop (crash loop, until
/// ``retry()``). Exit code ``WorkerExitCode/tokenInvalid`` is not a crash: nothing restarts until
/// ``restart(with:)`` brings new settings.
actor WorkerController: WorkerPort {
    /// The actor's executor (``DispatchQueueExecutor``; `run` shares the daemon's).
    private nonisolated let executor: DispatchQueueExecutor
    nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }
    /// Events for the daemon, in order; finishes after ``stop()``.
    nonisolated let events: AsyncStream<WorkerPortEvent>
    let sink: AsyncStream<WorkerPortEvent>.Continuation
    let options: WorkerControllerOptions
    let logger: Logger
    let encoder = FrameEncoder(maxFrameBytes: WorkerLink.maxFrameBytes)
    /// The settings the next worker gets (replaced by ``restart(with:)``).
    var settings: WorkerSettings
    var policy: RestartPolicy
    /// The lifecycle state; every change is logged.
    var state: WorkerLifecycleState = .idle {
        didSet { logger.info("worker lifecycle: \(oldValue) → \(state)") }
    }
    /// The worker process of the current incarnation, if one is alive.
    var current: WorkerIncarnation?
    /// How many workers were spawned so far (the current one's number).
    var incarnations = 0
    /// How the most recent worker ended.
    var lastExit: WorkerExit?
    /// When the last unexpected exit was handled, to log how long the restart took.
    var lastCrash: ContinuousClock.Instant?
    var backoffTimer: Task<Void, Never>?
    var stopRequested = false
    let clockOrigin = ContinuousClock.now

    /// A controller that will run workers with `settings`, on `executor` (by default a serial queue of
    /// its own); nothing starts before ``start()``.
    init(
        settings: WorkerSettings, options: WorkerControllerOptions,
        executor: DispatchQueueExecutor = DispatchQueueExecutor(label: "prx-matrix.worker-control"), logger: Logger
    ) {
        self.executor = executor
        self.settings = settings
        self.options = options
        self.policy = options.restartPolicy
        self.logger = logger
        (events, sink) = AsyncStream.makeStream(of: WorkerPortEvent.self, bufferingPolicy: .unbounded)
    }

    /// The pid of the running worker, if any (for status output and tests).
    var workerPID: pid_t? { current?.process.pid }

    func start() async {
        guard state == .idle else {
            logger.debug("worker start ignored in state \(state)")
            return
        }
        spawn()
    }

    /// Sends `batchAck`, `send`, `react`, `receipt` or `typing` to the running worker. `start`,
    /// `heartbeat` and `shutdown` belong to the controller and are refused (false).
    @discardableResult
    func send(_ command: SupervisorCommand) async -> Bool {
        switch command {
        case .start, .heartbeat, .shutdown:
            logger.error("refusing to forward start, heartbeat or shutdown: the controller sends those itself")
            return false
        case .batchAck, .send, .react, .receipt, .typing:
            break
        }
        guard case .running = state, let worker = current, worker.ending == nil else { return false }
        do {
            return await worker.connection.send(try encoder.encode(command))
        } catch {
            logger.error("cannot send a command to the worker: \(error)")
            return false
        }
    }

    func restart(with newSettings: WorkerSettings) async {
        guard !stopRequested else { return }
        settings = newSettings
        policy.reset()
        backoffTimer?.cancel()
        if let worker = current {
            state = .stopping
            let exit = await terminate(worker)
            logger.info("worker \(worker.number) replaced (\(exit.summary))")
            guard !stopRequested else { return }
        }
        if current == nil { spawn() }
    }

    /// Starts a worker again after a crash loop, during a backoff or while waiting for a new token
    /// (SIGHUP); does nothing while one runs or after ``stop()``.
    func retry() async {
        switch state {
        case .crashLooped, .backingOff, .waitingForToken:
            logger.notice("retrying the worker (state \(state))")
            policy.reset()
            spawn()
        case .idle, .spawning, .running, .stopping, .stopped:
            logger.info("retry ignored in state \(state)")
        }
    }

    func stop() async {
        stopRequested = true
        backoffTimer?.cancel()
        if state == .stopped { return }
        if let worker = current {
            state = .stopping
            let exit = await terminate(worker)
            logger.info("worker \(worker.number) stopped (\(exit.summary))")
        }
        if state != .stopped {
            state = .stopped
            sink.finish()
        }
    }

    /// Graceful end of `worker`: `shutdown`, then SIGTERM after `stopGrace`, then SIGKILL after
    /// `killGrace` more; returns how it ended. Safe to call again while a stop is under way.
    func terminate(_ worker: WorkerIncarnation) async -> WorkerExit {
        if worker.ending == nil {
            worker.ending = .requested
            worker.heartbeatTask?.cancel()
            if let bytes = try? encoder.encode(SupervisorCommand.shutdown) { worker.connection.sendDetached(bytes) }
            let number = worker.number
            let grace = options.stopGrace
            let kill = options.stopGrace + options.killGrace
            worker.timers.append(after(grace) { await $0.escalate(number, SIGTERM, after: grace) })
            worker.timers.append(after(kill) { await $0.escalate(number, SIGKILL, after: kill) })
        }
        return await withCheckedContinuation { worker.exitWaiters.append($0) }
    }

    /// Sends `signal` to the group of worker `number` if it is still the current one.
    func escalate(_ number: Int, _ signal: Int32, after elapsed: Duration) {
        guard let worker = current, worker.number == number else { return }
        logger.warning(
            "worker \(number) (pid \(worker.process.pid)) still running \(elapsed.secondsValue) s after shutdown: sending \(signal == SIGKILL ? "SIGKILL" : "SIGTERM")"
        )
        worker.signalGroup(signal)
    }

    /// A task that calls `body` on this actor after `delay` unless cancelled first.
    func after(_ delay: Duration, _ body: @escaping @Sendable (WorkerController) async -> Void) -> Task<Void, Never> {
        Task { [self] in
            do { try await Task.sleep(for: delay) } catch { return }
            await body(self)
        }
    }

    /// Seconds on the monotonic clock since this controller was made (the restart policy's time base).
    var monotonicSeconds: Double { (ContinuousClock.now - clockOrigin).secondsValue }
}
