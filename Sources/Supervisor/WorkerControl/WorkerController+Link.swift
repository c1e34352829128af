/// The worker's side of the link as the controller reads it: frames to events, heartbeats, a closed link.
import Logging
import Shared
#if canImport(Glibc)
    import Glibc
#endif

extension WorkerController {
    /// Decodes `chunk` from worker `number` into events; a bad frame ends the worker.
    func received(_ chunk: [UInt8], from number: Int) {
        guard let worker = current, worker.number == number else { return }
        switch worker.ending {
        case nil, .requested?: break  // during a graceful stop its last outcomes and batches still count
        case .broken?, .hung?, .linkClosed?: return
        }
        worker.decoder.feed(chunk)
        while true {
            let event: WorkerEvent
            do {
                guard let frame = try worker.decoder.next() else { return }
                do {
                    event = try WorkerEvent(frame: frame)
                } catch {
                    killWorker(worker, as: .broken("an invalid \"\(frame.type)\" frame (\(error))"))
                    return
                }
            } catch {
                killWorker(worker, as: .broken("a malformed frame (\(error))"))
                return
            }
            handle(event, from: worker)
        }
    }

    /// Turns one worker event into a port event (or a log line, or heartbeat bookkeeping).
    func handle(_ event: WorkerEvent, from worker: WorkerIncarnation) {
        switch event {
        case .state(let status):
            if case .tokenInvalid = status.phase { worker.reportedTokenInvalid = true }
            logger.info("worker \(worker.number) state: \(status.phase)\(status.detail.map { " (\($0))" } ?? "")")
            sink.yield(.status(status))
        case .batch(let id, let events):
            sink.yield(.batch(id: id, events: events))
        case .outcome(let row, let outcome):
            sink.yield(.outcome(row: row, outcome))
        case .heartbeatAck(let id):
            if id > worker.lastHeartbeatAcked && id <= worker.lastHeartbeatSent { worker.lastHeartbeatAcked = id }
        case .log(let level, let message, let metadata):
            var fields = metadata.mapValues { Logger.MetadataValue.string($0) }
            fields["worker"] = "\(worker.number)"
            logger.log(level: level, "\(message)", metadata: fields)
        }
    }

    /// Heartbeat time for worker `number`: kill it when too many went unanswered, else send the next.
    func heartbeatDue(_ number: Int) {
        guard let worker = current, worker.number == number, worker.ending == nil else { return }
        let missed = Int(worker.lastHeartbeatSent - worker.lastHeartbeatAcked)
        if missed >= options.missedHeartbeatLimit {
            killWorker(worker, as: .hung(missed: missed))
            return
        }
        worker.lastHeartbeatSent += 1
        if let bytes = try? encoder.encode(SupervisorCommand.heartbeat(id: worker.lastHeartbeatSent)) {
            worker.connection.sendDetached(bytes)
        }
    }

    /// The link of worker `number` reached EOF. A worker exits right after closing it; one that does
    /// not within `killGrace` is killed (a graceful stop has its own timers).
    func linkEnded(_ number: Int) {
        guard let worker = current, worker.number == number else { return }
        guard worker.ending == nil else { return }
        worker.timers.append(
            after(options.killGrace) { controller in
                await controller.linkStillOpenAfterGrace(number)
            })
    }

    /// Worker `number` closed its link `killGrace` ago and is still the current one: kill it.
    func linkStillOpenAfterGrace(_ number: Int) {
        guard let worker = current, worker.number == number, worker.ending == nil else { return }
        killWorker(worker, as: .linkClosed)
    }

    /// Ends a misbehaving worker at once with SIGKILL to its group; its exit then goes through the restart policy.
    func killWorker(_ worker: WorkerIncarnation, as ending: WorkerIncarnation.Ending) {
        worker.ending = ending
        worker.heartbeatTask?.cancel()
        switch ending {
        case .broken(let reason):
            logger.error("worker \(worker.number) (pid \(worker.process.pid)) sent \(reason): killing it")
        case .hung(let missed):
            logger.error(
                "worker \(worker.number) (pid \(worker.process.pid)) is hung (\(missed) heartbeats unanswered): killing it"
            )
        case .linkClosed:
            logger.error(
                "worker \(worker.number) (pid \(worker.process.pid)) closed its link but did not exit: killing it")
        case .requested:
            break
        }
        worker.signalGroup(SIGKILL)
    }
}
