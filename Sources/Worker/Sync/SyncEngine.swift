/// The long-poll loop: sync, normalize, hand batches to the supervisor, commit the position after every ack.
import Foundation
import Logging
import MatrixClient
import Shared

/// Runs start-up and then `/sync` until cancelled (shutdown) or a ``SyncStop``.
///
/// The position rule (docs/WORKER-SYNC.md): a sync response's messages go out as one or more `batch`
/// frames; the position (`next_batch` and the room cursors) is committed only after the supervisor
/// acknowledged every one of them. A crash anywhere before the commit replays the response from the
/// old position, and the supervisor's inbox drops the repeats.
///
/// A response that delivers nothing (a timeout, or only the bot's own events) is not committed at once:
/// replaying it costs nothing but a repeated request, so its position is written with the next
/// delivery or after ``idleCommitInterval``, whichever comes first. That halves the commits of a
/// conversation, where every answer of the bot comes back in a sync of its own.
struct SyncEngine {
    /// How long a position that delivered nothing may stay uncommitted.
    static let idleCommitInterval: Duration = .seconds(60)
    /// The event types the timeline filter and the gap fill ask for.
    static let timelineTypes = ["m.room.message", "m.room.encrypted", "m.room.encryption", "m.room.member"]

    let settings: WorkerSettings
    let client: MatrixHTTPClient
    let link: SupervisorLink
    let status: StatusBoard
    let logger: Logger
    /// Called once whoami has answered, with the bot's user id (the outbound side needs it).
    let onIdentity: @Sendable (UserID) -> Void
    var acks: AsyncStream<Int64>.Iterator
    var backoff = Backoff()
    var nextBatchID: Int64 = 1
    /// Filled in by start-up.
    var rooms = RoomBook()
    var normalizer: EventNormalizer?
    var store: WorkerStore?
    /// Room id → user id → display name, from member events seen in syncs and gap fills.
    var memberNames: [String: [String: String]] = [:]

    /// An engine; `acks` yields the ids of `batch_ack` frames.
    init(
        settings: WorkerSettings, client: MatrixHTTPClient, link: SupervisorLink, status: StatusBoard,
        acks: AsyncStream<Int64>, logger: Logger, onIdentity: @escaping @Sendable (UserID) -> Void
    ) {
        self.settings = settings
        self.client = client
        self.link = link
        self.status = status
        self.acks = acks.makeAsyncIterator()
        self.logger = logger
        self.onIdentity = onIdentity
    }

    /// Start-up, then the loop. Returns when cancelled; throws only what cannot be retried.
    mutating func run() async throws(SyncStop) {
        guard let filter = try await startUp() else { return }
        guard let store else { return }
        var position: SyncPosition
        do { position = try store.position() } catch { throw .store(error) }
        var firstSync = true
        var committedAt = ContinuousClock.now
        var uncommitted = false
        defer {
            // Shutdown: keep what was fully handled (nothing of a response still being delivered).
            if uncommitted { try? store.commit(position) }
        }
        while !Task.isCancelled {
            let since = position.since
            do {
                let response = try await client.sync(
                    since: since, timeout: firstSync ? .zero : .milliseconds(settings.syncTimeoutMS), filter: filter)
                backoff.reset()
                firstSync = false
                await status.set(.syncing)
                // The cursors move on a copy: a response that fails half-way (a gap fill in the second
                // room, say) is retried from the old cursors, or the first room's messages would be skipped.
                var next = position
                let events = try await handle(response, position: &next, fresh: since == nil)
                guard try await deliver(events) else { return }
                next.since = response.nextBatch
                position = next
                uncommitted = true
                guard !events.isEmpty || since == nil || ContinuousClock.now - committedAt >= Self.idleCommitInterval
                else { continue }
                do { try store.commit(position) } catch { throw SyncStop.store(error) }
                uncommitted = false
                committedAt = ContinuousClock.now
                logger.trace("sync position committed", metadata: ["messages": "\(events.count)"])
            } catch let stop as SyncStop {
                throw stop
            } catch is CancellationError {
                return
            } catch let error as MatrixError {
                if let token = TokenInvalidError(error) { throw .tokenInvalid(token) }
                if since != nil, error.isPermanent {
                    logger.warning(
                        "the homeserver rejected the sync position (\(error.errcode ?? "HTTP \(error.status ?? 0)")); starting a fresh sync",
                        metadata: ["error": "\(error)"])
                    position.since = nil
                    continue
                }
                guard await pause(after: error) else { return }
            } catch {
                guard await pause(detail: "sync failed: \(error)", retryAfter: nil) else { return }
            }
        }
    }

    /// Sends `events` as batches and waits for every ack; false when cancelled (or the link closed) first.
    mutating func deliver(_ events: [InboundEvent]) async throws(SyncStop) -> Bool {
        var pending: Set<Int64> = []
        for batch in BatchSplitter.split(events) {
            let id = nextBatchID
            nextBatchID += 1
            do {
                try link.send(.batch(id: id, events: batch))
            } catch .tooLarge(let error) {
                logger.error(
                    "a message too large for the link was skipped: \(error)", metadata: ["event": "\(batch[0].eventID)"]
                )
                continue
            } catch {
                return false  // the supervisor is gone; the runtime sees the closed link and exits
            }
            pending.insert(id)
        }
        while !pending.isEmpty {
            guard let id = await acks.next() else { return false }
            pending.remove(id)
        }
        return true  // every batch is acknowledged: commit, even when shutting down
    }

    /// After a failed call that is not a token error: waits (state `reconnecting` with the reason) for
    /// the server's `retry_after_ms` or the next backoff step. False when cancelled.
    mutating func pause(after error: MatrixError) async -> Bool {
        if case .rateLimited(let retryAfter) = error.disposition {
            return await pause(detail: "rate limited by the homeserver", retryAfter: retryAfter)
        }
        if case .transport(let failure) = error, failure.kind == .unavailable {
            // Only this process's own libcurl can be missing here (the worker makes its requests itself).
            return await pause(detail: "\(error) (fix: \(TransportFailure.libcurlFix))", retryAfter: nil)
        }
        return await pause(detail: "\(error)", retryAfter: nil)
    }

    /// Waits `retryAfter` or the next backoff step, reporting `reconnecting` with `detail`. False when cancelled.
    mutating func pause(detail: String, retryAfter: Duration?) async -> Bool {
        let delay = retryAfter ?? backoff.next()
        let text = "\(detail); retrying in \(Int((delay / .milliseconds(1)).rounded())) ms"
        await status.set(.reconnecting, detail: text)
        logger.warning("\(text)")
        do { try await Task.sleep(for: delay) } catch { return false }
        return true
    }

    /// Calls the homeserver until it answers: `M_UNKNOWN_TOKEN` stops, rate limits and transient errors
    /// are waited out, a permanent error is returned to the caller.
    mutating func call<T>(_ operation: () async throws -> T) async throws(SyncStop) -> Result<T, MatrixError>? {
        while true {
            do {
                let value = try await operation()
                return .success(value)
            } catch is CancellationError {
                return nil
            } catch let error as MatrixError {
                if let token = TokenInvalidError(error) { throw .tokenInvalid(token) }
                if error.isPermanent { return .failure(error) }
                guard await pause(after: error) else { return nil }
            } catch {
                return .failure(.invalidRequest(endpoint: "", reason: "\(error)"))
            }
        }
    }
}
