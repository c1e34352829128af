/// The worker's events: connection, status, identity, inbound batches, outcomes, departures.
import Foundation
import Logging
import Shared

extension Daemon {
    /// Handles one event of the worker port.
    func handle(_ event: WorkerPortEvent) async {
        switch event {
        case .connected(let incarnation):
            logger.info("worker \(incarnation) connected; handing it every pending request")
            // Whatever the previous worker held without an outcome is sent again (same transaction ids).
            // Cleared in the same step as `workerConnected` is set, before any await: an agent request
            // handled during the await below starts an outbox pass, and clearing after it would forget
            // the row that pass handed over, which the next pass would then hand over a second time.
            outboxInFlight = [:]
            jobsInFlight = [:]
            inputs.workerConnected = true
            inputs.workerGone = nil
            inputs.crashLoop = nil
            if case .tokenInvalid? = inputs.worker?.phase { inputs.worker = nil }
            await tokenWaitEnded()  // token rotation (Credentials/Daemon+Tokens.swift)
            updateStatus()
            await pump(.outbox)
            await pump(.jobs)
        case .status(let status):
            inputs.worker = status
            updateStatus()
        case .identity(let userID, let deviceID):
            identity = (userID, deviceID)
        case .batch(let id, let events):
            await store(batch: id, events: events)
        case .outcome(let row, let outcome):
            await record(outcome, row: row)
        case .disconnected(let detail):
            logger.warning("worker gone: \(detail)")
            workerGone(detail: detail)
            updateStatus()
            // Token rotation (Credentials/Daemon+Tokens.swift): the worker left because its token was refused.
            if case .tokenInvalid(let softLogout)? = inputs.worker?.phase, !inputs.stopping {
                await workerTokenRejected(softLogout: softLogout)
            }
        case .crashLoop(let detail):
            logger.error("worker crash loop: \(detail)")
            workerGone(detail: detail)
            inputs.crashLoop = detail
            updateStatus()
        }
    }

    private func workerGone(detail: String) {
        inputs.workerConnected = false
        inputs.workerGone = detail
        // token_invalid stays until a new worker connects: the port is rotating the token.
        if case .tokenInvalid? = inputs.worker?.phase {} else { inputs.worker = nil }
        outboxInFlight = [:]
        jobsInFlight = [:]
    }

    /// Commits the batch, then (only then) acknowledges it to the worker and delivers it.
    private func store(batch id: Int64, events: [InboundEvent]) async {
        do {
            let outcomes = try store.appendBatch(events)
            let new = outcomes.filter(\.isNew).count
            if let stored = outcomes.map(\.seq).max(), let known = highestStoredSeq {
                highestStoredSeq = max(known, stored)
            }
            logger.debug("batch \(id): \(events.count) events, \(new) new")
        } catch {
            // Not acknowledged: the worker keeps its sync position and hands the batch over again.
            logger.error("batch \(id) could not be stored and is not acknowledged: \(error)")
            return
        }
        rooms.noteInbound(events.map(\.roomID))
        await worker.send(.batchAck(batch: id))
        await pump(.delivery)
    }
}
