/// The daemon: one actor owning the config, the durable queue, the worker port and the agent sessions.
import Foundation
import Logging
import Shared

/// The heart of `prx-matrix run`.
///
/// It routes worker batches into the inbox (acknowledged to the worker only after the commit) and on to
/// the agent, agent requests into the outbox (answered `accepted` only after the commit) and on to the
/// worker, and outcomes back. Everything durable goes through ``QueueStore`` first, so a crash of the
/// worker, of the agent or of the daemon loses nothing and repeats nothing (see docs/QUEUE.md).
/// The worker is reached only through ``WorkerPort``; agents through ``SocketConnection``s
/// handed to ``accept(_:)``.
actor Daemon {
    /// The most side-effect jobs handed to the worker at once.
    static let maxJobsInFlight = 64

    /// The actor's executor: a serial queue of its own (or shared with the worker port's actor), because
    /// it calls the queue store synchronously.
    private nonisolated let executor: DispatchQueueExecutor
    nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }

    let store: QueueStore
    let worker: any WorkerPort
    let logger: Logger
    let notifier: SystemdNotifier
    /// Token rotation (refresh, re-read the config, wait for the operator); nil: a refused token just waits.
    let tokens: TokenRecovery?
    /// Builds the worker's settings from a config (to compare on reload).
    private let makeSettings: @Sendable (MatrixConfig) async throws -> WorkerSettings

    /// The running config (replaced by ``reload(_:)``).
    var config: MatrixConfig
    var rooms: RoomDirectory
    /// The settings the current worker runs with.
    var workerSettings: WorkerSettings
    /// The bot's identity from the worker's whoami, once known.
    var identity: (userID: String, deviceID: String)?

    // Status.
    var inputs = DaemonStatus.Inputs()
    var rateLimitedUntil: Date?
    private(set) var status: DaemonStatus
    var announcedReady = false

    // Agent side.
    var connections: [Int: AgentConnection] = [:]
    var nextConnectionID = 0
    /// The active agent session and what it has been sent.
    var session: DeliverySession?
    var sessionGeneration = 0
    /// The highest seq ever sent to an agent by this daemon.
    var highestDelivered: Int64 = 0
    /// The highest seq in the inbox, once known (a read that reached its end, or a batch this daemon
    /// stored); nil: unknown. Spares the delivery pass a read when everything stored was sent.
    var highestStoredSeq: Int64?

    // Worker side: what was handed to the current worker and has no outcome yet.
    /// Outbox row → its room (one row in flight per room keeps the accepted order).
    var outboxInFlight: [Int64: String] = [:]
    /// Rows whose outcome was recorded since the current outbox pass read the due rows (see ``sendDueRows()``).
    var outboxFinishedDuringRead: Set<Int64> = []
    /// Job id → the parts still owed.
    var jobsInFlight: [Int64: Set<LinkRow.JobPart>] = [:]

    /// Whether ``run()`` is handling the port's events, and the stops waiting for them to end.
    var consumingEvents = false
    var eventsEndedWaiters: [CheckedContinuation<Void, Never>] = []

    /// The passes running, and those asked for again while they ran (see ``pump(_:)``).
    var pumpsRunning: Set<PumpKind> = []
    var pumpsAgain: Set<PumpKind> = []

    /// A daemon over `store` and `worker`; `settings` are those the port was made with, `makeSettings`
    /// builds them from a reloaded config; `tokens` handles a token the homeserver refused. The actor
    /// runs on `executor` (by default a serial queue of its own).
    init(
        config: MatrixConfig, store: QueueStore, worker: any WorkerPort, settings: WorkerSettings,
        makeSettings: @escaping @Sendable (MatrixConfig) async throws -> WorkerSettings,
        notifier: SystemdNotifier = SystemdNotifier(environment: [:]), tokens: TokenRecovery? = nil,
        executor: DispatchQueueExecutor = DispatchQueueExecutor(label: "prx-matrix.daemon"), logger: Logger
    ) {
        self.executor = executor
        self.config = config
        self.store = store
        self.worker = worker
        self.workerSettings = settings
        self.makeSettings = makeSettings
        self.notifier = notifier
        self.tokens = tokens
        self.logger = logger
        rooms = RoomDirectory(config: config)
        status = DaemonStatus(inputs)
    }

    /// Starts the worker and handles its events until the port's stream ends (after ``stop()``).
    func run() async {
        notifier.status(status.description)
        consumingEvents = true
        await worker.start()
        for await event in worker.events {
            await handle(event)
        }
        consumingEvents = false
        for waiter in eventsEndedWaiters { waiter.resume() }
        eventsEndedWaiters = []
    }

    /// Proves the actor is responsive (the watchdog pings it before `WATCHDOG=1`).
    func alive() -> Bool { true }

    /// Graceful stop: `stopping` to every agent, then the worker finishes in-flight sends within its
    /// grace period (``WorkerPort/stop()``), then every connection is closed. Nothing accepted is lost:
    /// pending rows stay in the queue for the next start.
    func stop() async {
        guard !inputs.stopping else { return }
        inputs.stopping = true
        notifier.stopping()
        updateStatus()
        await tokens?.endWait()
        logger.info("stopping: letting the worker finish in-flight requests")
        await worker.stop()
        // The outcomes the stopped worker sent last may still wait in the event stream: record them
        // (and tell the agent) before closing, or their rows would be handed over again at the next start.
        if consumingEvents { await withCheckedContinuation { eventsEndedWaiters.append($0) } }
        for id in connections.keys { close(id) }
        logger.info("stopped")
    }

    /// Applies a new config (SIGHUP). Changed worker settings restart the worker gracefully; otherwise,
    /// after a crash loop, the worker is started again.
    func reload(_ new: MatrixConfig) async {
        for (name, old, now) in [
            ("socket_path", config.socketPath, new.socketPath),
            ("state_dir", config.stateDirectory, new.stateDirectory),
        ] where old != now {
            logger.warning("\(name) changed from \(old) to \(now); it takes effect only after a restart of the daemon")
        }
        config = new
        rooms = RoomDirectory(config: new)
        let settings: WorkerSettings
        do {
            settings = try await makeSettings(new)
        } catch {
            logger.error("reload: cannot build the worker's settings: \(error); the worker keeps running as it is")
            return
        }
        if settings != workerSettings {
            workerSettings = settings
            logger.notice("reload: the Matrix settings changed; restarting the worker with \(settings)")
            await worker.restart(with: settings)
        } else if inputs.crashLoop != nil {
            logger.notice("reload: starting the worker again after the crash loop")
            await worker.retry()
        } else {
            logger.info("reload: config applied; the worker's settings are unchanged")
        }
    }

    /// The daemon's repeated "send what is due" passes.
    enum PumpKind: Hashable {
        /// Messages to the agent, within the window.
        case delivery
        /// Pending outbox rows to the worker.
        case outbox
        /// Pending side-effect jobs to the worker.
        case jobs
    }

    /// Runs the pass `kind` now, or once more after the running one: the passes await the store, and two
    /// interleaved passes (actor re-entrancy) could otherwise read the same rows and send them twice.
    func pump(_ kind: PumpKind) async {
        guard pumpsRunning.insert(kind).inserted else {
            pumpsAgain.insert(kind)
            return
        }
        defer { pumpsRunning.remove(kind) }
        repeat {
            pumpsAgain.remove(kind)
            switch kind {
            case .delivery: await deliverDue()
            case .outbox: await sendDueRows()
            case .jobs: await sendDueJobs()
            }
        } while pumpsAgain.contains(kind)
    }

    /// Recomputes the status; on a change tells every agent session, systemd and the log.
    func updateStatus() {
        inputs.rateLimited = rateLimitedUntil.map { $0 > Date() } ?? false
        let new = DaemonStatus(inputs)
        guard new != status else { return }
        status = new
        logger.notice("status: \(new)")
        notifier.status(new.description)
        if new.state == .syncing && !announcedReady {
            announcedReady = true
            notifier.ready(status: new.description)
        }
        for (id, connection) in connections where connection.phase != .awaitingHello {
            write(.status(new.state, detail: new.detail), to: id)
        }
    }
}
