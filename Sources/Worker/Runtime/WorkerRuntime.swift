/// The worker's life: wait for `start`, run the sync engine and the outbound queue, answer the link, exit.
import Foundation
import Logging
import MatrixClient
import Shared
import Synchronization

/// Everything the runtime's main loop reacts to, in arrival order.
enum RuntimeSignal: Sendable {
    /// From the link's reader thread.
    case link(LinkInput)
    /// The sync engine stopped for good.
    case syncStopped(SyncStop)
    /// An outbound command met `M_UNKNOWN_TOKEN`.
    case outboundTokenInvalid(TokenInvalidError)
    /// The outbound queue finished after `shutdown`.
    case outboundDrained
}

/// Makes the outbound handler once the bot's user id is known (whoami).
typealias OutboundFactory = @Sendable (MatrixHTTPClient, UserID, WorkerSettings, Logger) -> any OutboundHandling

/// Wires the link, the sync engine and the outbound handler, and decides the exit code
/// (``WorkerExitCode``): 0 after `shutdown` or when the supervisor is gone, 77 after reporting
/// `token_invalid`, 76 when the link breaks its protocol, 70 when the store or start-up fails.
enum WorkerRuntime {
    /// Runs the worker on `link` until it must exit; returns the exit code.
    static func run(link: SupervisorLink, makeOutbound: @escaping OutboundFactory) async -> WorkerExitCode {
        let (signals, signalSink) = AsyncStream<RuntimeSignal>.makeStream()
        link.startReading { signalSink.yield(.link($0)) }
        var iterator = signals.makeAsyncIterator()
        let settings: WorkerSettings
        switch await iterator.next() {
        case .link(.command(.start(let received)))?: settings = received
        case .link(.closed)?, nil: return .ok
        case let other?:
            FileHandle.standardError.write(
                Data("prx-matrix-worker: the first frame must be start, got \(other)\n".utf8))
            return .linkProtocol
        }
        let logger = Logger(label: "prx-matrix-worker") { _ in LinkLogHandler(link: link, logLevel: settings.logLevel) }
        let status = StatusBoard(link: link)
        await status.set(.starting)
        logger.info("worker started", metadata: ["settings": "\(settings)", "pid": "\(getpid())"])
        guard let homeserver = URL(string: settings.homeserver), homeserver.scheme != nil else {
            logger.critical("homeserver \"\(settings.homeserver)\" is not a URL; check `homeserver` in the config")
            return .software
        }
        let client = MatrixHTTPClient(homeserver: homeserver, accessToken: settings.accessToken, logger: logger)
        let (acks, ackSink) = AsyncStream<Int64>.makeStream()
        let (commands, commandSink) = AsyncStream<SupervisorCommand>.makeStream()
        let (identities, identitySink) = AsyncStream<UserID>.makeStream()

        let syncTask = Task {
            var engine = SyncEngine(
                settings: settings, client: client, link: link, status: status, acks: acks, logger: logger,
                onIdentity: { identitySink.yield($0) })
            do throws(SyncStop) {
                try await engine.run()
            } catch {
                signalSink.yield(.syncStopped(error))
            }
        }
        let stopping = Atomic(false)
        let outboundTask = Task {
            var first = identities.makeAsyncIterator()
            if let userID = await first.next() {
                let handler = makeOutbound(client, userID, settings, logger)
                for await command in commands {
                    if stopping.load(ordering: .relaxed) { break }
                    do throws(TokenInvalidError) {
                        if let event = try await handler.handle(command) { try? link.send(event) }
                    } catch {
                        signalSink.yield(.outboundTokenInvalid(error))
                        return
                    }
                }
            }
            signalSink.yield(.outboundDrained)
        }
        defer {
            syncTask.cancel()
            outboundTask.cancel()
        }

        while let signal = await iterator.next() {
            switch signal {
            case .link(.command(let command)):
                switch command {
                case .heartbeat(let id): try? link.send(.heartbeatAck(id: id))
                case .batchAck(let batch): ackSink.yield(batch)
                case .send, .react, .receipt, .typing: commandSink.yield(command)
                case .start:
                    logger.error("a second start frame on the link; exiting")
                    return .linkProtocol
                case .shutdown:
                    // Finish the request in flight (its outcome still goes out), commit nothing new, exit 0.
                    logger.info("shutdown requested")
                    stopping.store(true, ordering: .relaxed)
                    syncTask.cancel()
                    commandSink.finish()
                    identitySink.finish()
                }
            case .link(.closed):
                return .ok
            case .link(.broken(let reason)):
                logger.error("the supervisor sent a malformed frame: \(reason); exiting")
                return .linkProtocol
            case .syncStopped(.tokenInvalid(let error)), .outboundTokenInvalid(let error):
                return await tokenInvalid(error, status: status, logger: logger)
            case .syncStopped(let stop):
                logger.critical("\(stop)")
                return .software
            case .outboundDrained:
                guard stopping.load(ordering: .relaxed) else { continue }
                await syncTask.value  // cancelled: it commits what was acknowledged, then ends
                return .ok
            }
        }
        return .ok
    }

    /// Reports `token_invalid` (the supervisor rotates the token) and returns exit code 77.
    private static func tokenInvalid(_ error: TokenInvalidError, status: StatusBoard, logger: Logger) async
        -> WorkerExitCode
    {
        logger.error("\(error)")
        await status.set(.tokenInvalid(softLogout: error.softLogout), detail: error.detail)
        return .tokenInvalid
    }
}
