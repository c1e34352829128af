/// Outbox rows and side-effect jobs to the worker, and their outcomes back to the queue and the agent.
import Foundation
import Logging
import Shared

extension Daemon {
    /// Hands the worker each room's oldest pending row, one per room at a time (accepted order per room).
    func sendDueRows() async {
        guard inputs.workerConnected, !inputs.stopping else { return }
        let due: [OutboxEntry]
        outboxFinishedDuringRead = []
        do {
            due = try store.nextPending(perRoom: 1)
        } catch {
            logger.error("cannot read the outbox: \(error)")
            return
        }
        // A row whose outcome is committed after the read is in `due` as pending but no longer in flight:
        // it must not be handed over again. The read itself is synchronous on the daemon's queue, but the
        // loop below awaits (each hand-over), and an outcome handled meanwhile finishes such a row.
        for entry in due
        where outboxInFlight[entry.rowID] == nil && !outboxFinishedDuringRead.contains(entry.rowID)
            && !outboxInFlight.values.contains(entry.roomID)
        {
            guard inputs.workerConnected else { return }
            guard let command = Self.command(for: entry) else {
                await finish(
                    row: entry.rowID, .failed(code: "internal", message: "the stored request could not be read"))
                continue
            }
            outboxInFlight[entry.rowID] = entry.roomID
            guard await worker.send(command) else {
                outboxInFlight[entry.rowID] = nil
                return
            }
        }
    }

    /// The worker command for an outbox row: its stored request, with the row and transaction id.
    static func command(for entry: OutboxEntry) -> SupervisorCommand? {
        guard let frame = try? Frame(payload: [UInt8](entry.payload)), let request = try? AgentRequest(frame: frame)
        else { return nil }
        switch request {
        case .send(let send):
            return .send(
                WorkerSend(
                    row: LinkRow.outbox(entry.rowID).rawValue, txnID: entry.transactionID, roomID: entry.roomID,
                    body: send.body, format: send.format, msgtype: send.msgtype, replyTo: send.replyTo,
                    threadRoot: send.threadRoot))
        case .react(let react):
            return .react(
                WorkerReaction(
                    row: LinkRow.outbox(entry.rowID).rawValue, txnID: entry.transactionID, roomID: entry.roomID,
                    eventID: react.eventID, key: react.key))
        default:
            return nil
        }
    }

    /// Hands the worker the pending side-effect jobs (receipt reactions, completion reactions + receipts).
    func sendDueJobs() async {
        guard inputs.workerConnected, !inputs.stopping else { return }
        let jobs: [SideEffectJob]
        do {
            jobs = try store.pendingJobs(limit: Self.maxJobsInFlight + jobsInFlight.count)
        } catch {
            logger.error("cannot read the side-effect jobs: \(error)")
            return
        }
        for job in jobs where jobsInFlight[job.id] == nil {
            guard jobsInFlight.count < Self.maxJobsInFlight, inputs.workerConnected else { return }
            let commands = commands(for: job)
            guard !commands.isEmpty else {
                // Nothing to do (the reaction was disabled after the job was queued).
                _ = try? store.completeJob(id: job.id)
                continue
            }
            jobsInFlight[job.id] = Set(commands.map(\.part))
            for (_, command) in commands {
                guard await worker.send(command) else {
                    jobsInFlight[job.id] = nil
                    return
                }
            }
        }
    }

    /// The commands a job needs: its reaction (if configured) and, for `done`, the read receipt.
    private func commands(for job: SideEffectJob) -> [(part: LinkRow.JobPart, command: SupervisorCommand)] {
        var commands: [(part: LinkRow.JobPart, command: SupervisorCommand)] = []
        let key = job.kind == .receipt ? config.receiptReaction : config.doneReaction
        if let key, !key.isEmpty {
            let row = LinkRow.job(job.id, .reaction).rawValue
            commands.append(
                (
                    .reaction,
                    .react(
                        WorkerReaction(
                            row: row, txnID: job.transactionID, roomID: job.roomID, eventID: job.eventID, key: key))
                ))
        }
        if job.kind == .done {
            commands.append(
                (
                    .receipt,
                    .receipt(row: LinkRow.job(job.id, .receipt).rawValue, roomID: job.roomID, eventID: job.eventID)
                ))
        }
        return commands
    }

    /// Records the worker's outcome for a link row.
    func record(_ outcome: SendOutcome, row raw: Int64) async {
        switch LinkRow(rawValue: raw) {
        case .outbox(let row)?:
            // Still in flight until the outcome is committed: a pass meanwhile must not hand it over again.
            await finish(row: row, outcome)
            outboxInFlight[row] = nil
            outboxFinishedDuringRead.insert(row)
            await pump(.outbox)
        case .job(let id, let part)?:
            await finishJob(id, part: part, outcome)
            await pump(.jobs)
        case nil:
            logger.warning("the worker reported an outcome for row \(raw), which the daemon never handed out; ignored")
        }
    }

    /// Marks an outbox row sent or failed and tells the agent; `retryLater` keeps it for later.
    private func finish(row: Int64, _ outcome: SendOutcome) async {
        do {
            switch outcome {
            case .sent(let eventIDs):
                let requestID = try store.markSent(rowID: row, eventIDs: eventIDs)
                tellAgent(.sent(id: requestID, eventIDs: eventIDs))
            case .failed(let code, let message):
                let requestID = try store.markFailed(rowID: row, code: code, message: message)
                logger.warning("request \(requestID) failed: \(code): \(message)")
                tellAgent(.failed(id: requestID, code: code, message: message))
            case .retryLater(let milliseconds):
                try store.markRetry(rowID: row, notBefore: Date().addingTimeInterval(Double(milliseconds) / 1000))
                retry(after: milliseconds)
            }
        } catch QueueError.outboxRowNotPending {
            // A repeat of an outcome already recorded (a row handed to two worker incarnations).
            logger.debug("outbox row \(row): outcome already recorded")
        } catch {
            logger.error("outbox row \(row): cannot record the outcome: \(error)")
        }
    }

    private func finishJob(_ id: Int64, part: LinkRow.JobPart, _ outcome: SendOutcome) async {
        guard var owed = jobsInFlight[id] else { return }
        switch outcome {
        case .sent:
            break
        case .failed(let code, let message):
            logger.warning("side-effect job \(id) (\(part)): \(code): \(message); not repeated")
        case .retryLater(let milliseconds):
            // Both parts are handed over again later: the reaction's transaction id and the receipt are idempotent.
            jobsInFlight[id] = nil
            retry(after: milliseconds)
            return
        }
        owed.remove(part)
        guard owed.isEmpty else {
            jobsInFlight[id] = owed
            return
        }
        do {
            try store.completeJob(id: id)
        } catch {
            logger.error("side-effect job \(id): cannot record its completion: \(error)")
        }
        // Only now: a pass before the commit would have found the job pending and handed it over again.
        jobsInFlight[id] = nil
    }

    /// Sends `message` to the active agent session, if there is one (a reconnecting agent repeats its
    /// requests and gets the recorded outcome then).
    private func tellAgent(_ message: DaemonMessage) {
        guard let connection = session?.connection else { return }
        write(message, to: connection)
    }

    /// Shows `reconnecting` while rate-limited, and hands the waiting rows and jobs over again once the time has come.
    private func retry(after milliseconds: Int64) {
        let until = Date().addingTimeInterval(Double(milliseconds) / 1000)
        rateLimitedUntil = max(rateLimitedUntil ?? until, until)
        updateStatus()
        Task {
            try? await Task.sleep(for: .milliseconds(milliseconds))
            await self.retryDue()
        }
    }

    private func retryDue() async {
        updateStatus()
        await pump(.outbox)
        await pump(.jobs)
    }
}
