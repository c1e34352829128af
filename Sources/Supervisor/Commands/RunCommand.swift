/// `prx-matrix run`: the daemon in the foreground (systemd `Type=notify`), until SIGTERM or SIGINT.
import ArgumentParser
import Foundation
import Logging
import Shared
#if canImport(Glibc)
    import Glibc
#endif

/// Loads the config, opens the queue, listens on the agent socket, starts the worker and serves.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the daemon: the agent socket, the durable queue and the worker.",
        discussion: """
            Signals: SIGTERM or SIGINT stop gracefully (exit 0); SIGHUP reloads the config (a bad one is \
            reported and the running one kept; changed Matrix settings restart the worker; after a crash \
            loop the worker is started again).
            Exit status: 0 after a graceful stop, 69 if another daemon listens on the socket, 73 if the \
            state directory, queue or socket cannot be created, 75 if the worker cannot be started, 78 for \
            a bad config.
            """)

    @OptionGroup var configOption: ConfigOption

    func run() async throws {
        // Before anything else: a SIGTERM during start-up is then a graceful stop, not a kill.
        let signals = SignalEvents([SIGTERM, SIGINT, SIGHUP])
        let config: MatrixConfig
        do {
            let loaded = try configOption.load()
            for warning in loaded.warnings { printError(warning.description) }
            config = loaded.config
        } catch {
            printError(error.description)
            throw ExitCodes.config.exitCode
        }
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = config.logLevel
            return handler
        }
        let logger = Logger(label: "prx-matrix")

        let store: QueueStore
        let listener: UnixListener
        do {
            store = try QueueStore(
                stateDirectory: URL(fileURLWithPath: config.stateDirectory),
                outcomeRetentionHours: config.outcomeRetentionHours)
            listener = try UnixListener(path: config.socketPath)
        } catch let error as ListenerError {
            logger.critical("\(error)")
            throw (error == .alreadyRunning(config.socketPath) ? ExitCodes.unavailable : .cannotCreate).exitCode
        } catch {
            logger.critical("\(error)")
            throw ExitCodes.cannotCreate.exitCode
        }
        let executable = WorkerControllerOptions(config: config).executable
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            listener.close()
            logger.critical(
                "the worker \(executable) is missing or not executable; build it (`swift build`) or set worker_path")
            throw ExitCodes.workerUnavailable.exitCode
        }
        // The token, user and device (Credentials/): whoami, the device binding, stored login/refresh tokens.
        // Its requests run in `prx-matrix http-exchange` children: the daemon itself never maps libcurl.
        let credentials = CredentialManager(
            store: store, stateDirectory: config.stateDirectory,
            transport: HTTPHelperTransport(executable: HTTPHelperTransport.runningExecutable), logger: logger)
        let settings: WorkerSettings
        do {
            let first = try await credentials.startupCredentials(config: config)
            logger.notice("the worker runs as \(first)")
            settings = try await WorkerSettings.make(config: config, store: store, credentials: first)
        } catch let error as CredentialError {
            listener.close()
            logger.critical("\(error)")
            switch error {
            case .unreachable: throw ExitCodes.workerUnavailable.exitCode
            case .store: throw ExitCodes.cannotCreate.exitCode
            default: throw ExitCodes.config.exitCode
            }
        } catch {
            listener.close()
            logger.critical("cannot prepare the worker's settings: \(error)")
            throw ExitCodes.cannotCreate.exitCode
        }

        let notifier = SystemdNotifier()
        // One serial executor for the daemon and the worker port: their calls to each other need no thread switch.
        let executor = DispatchQueueExecutor(label: "prx-matrix.daemon")
        let worker = makeWorkerPort(config: config, settings: settings, executor: executor, logger: logger)
        let daemon = Daemon(
            config: config, store: store, worker: worker, settings: settings,
            makeSettings: { config in
                try await WorkerSettings.make(
                    config: config, store: store, credentials: credentials.verify(config: config))
            }, notifier: notifier,
            tokens: TokenRecovery(
                credentials: credentials,
                loadConfig: { [configOption] () throws(ConfigError) in try configOption.load() }),
            executor: executor, logger: logger)
        let server = AgentServer(listener: listener, daemon: daemon, logger: logger)
        logger.notice("listening on \(config.socketPath); starting the worker \(executable)")
        let running = Task { await daemon.run() }
        let watchdog = notifier.watchdogInterval.map { interval in
            Task {
                while !Task.isCancelled {
                    // Only a daemon whose actor answers is alive: a hung loop lets systemd restart us.
                    if await daemon.alive() { notifier.watchdog() }
                    try? await Task.sleep(for: interval)
                }
            }
        }

        for await signal in signals.signals {
            if signal == SIGHUP {
                await reload(daemon, logger: logger)
                continue
            }
            logger.notice("signal \(signal): stopping gracefully")
            break
        }
        await daemon.stop()
        server.stop()
        watchdog?.cancel()
        // The worker's last outcomes may still be queued behind the stop: the daemon's loop records them
        // all before it ends (the port's stream is finished), so an answered send is never sent again.
        await running.value
        signals.cancel()
        logger.notice("stopped; exit 0")
    }

    /// SIGHUP: a config that loads is applied; a bad one is logged line by line and the running one kept.
    private func reload(_ daemon: Daemon, logger: Logger) async {
        do {
            let loaded = try configOption.load()
            for warning in loaded.warnings { logger.warning("\(warning)") }
            logger.notice("SIGHUP: reloading the config")
            await daemon.reload(loaded.config)
        } catch {
            for diagnostic in error.diagnostics { logger.error("\(diagnostic)") }
            logger.error("SIGHUP: the new config is invalid; keeping the running one")
        }
    }

    private func printError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
