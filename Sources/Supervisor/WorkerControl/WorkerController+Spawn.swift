/// Starting a worker incarnation and deciding what happens when one ends.
import Logging
import Shared
#if canImport(Glibc)
    import Glibc
#endif

extension WorkerController {
    /// Spawns the next incarnation, sends it `start`, and begins reading, watching and heartbeating.
    func spawn() {
        backoffTimer?.cancel()
        backoffTimer = nil
        incarnations += 1
        let number = incarnations
        state = .spawning(incarnation: number)
        let process: WorkerProcess
        do {
            process = try WorkerProcess.spawn(executable: options.executable, arguments: options.arguments)
        } catch {
            logger.error("\(error)")
            crashed("worker \(number) could not be started: \(error)", uptime: 0)
            return
        }
        let connection = SocketConnection(fd: process.linkFD, label: "worker-\(number)")
        let worker = WorkerIncarnation(number: number, process: process, connection: connection, since: .now)
        current = worker
        do {
            // The access token leaves the supervisor here, and only here.
            connection.sendDetached(try encoder.encode(SupervisorCommand.start(settings)))
        } catch {
            logger.critical("the start frame cannot be encoded (\(error)); check the configured rooms and users")
            worker.ending = .broken("start frame not encodable")
            worker.signalGroup(SIGKILL)
        }
        // These tasks run on this actor: frames, the exit and heartbeats are handled in arrival order.
        let reader = Task { [self] in
            for await chunk in connection.incoming { received(chunk, from: number) }
            linkEnded(number)
        }
        Task { [self] in
            let exit = await process.waitForExit()
            // Anything the worker started in its process group goes with it (no orphans).
            Glibc.kill(-process.pid, SIGKILL)
            // Its last frames (a `token_invalid` state, outcomes) are handled before its exit.
            await reader.value
            exited(number, exit)
        }
        let interval = options.heartbeatInterval
        worker.heartbeatTask = Task { [self] in
            while true {
                do { try await Task.sleep(for: interval) } catch { return }
                heartbeatDue(number)
            }
        }
        state = .running(incarnation: number, pid: process.pid, since: worker.since)
        if let crash = lastCrash {
            let milliseconds = (ContinuousClock.now - crash).secondsValue * 1000
            logger.info("worker \(number) started \(Int(milliseconds.rounded())) ms after its predecessor ended")
            lastCrash = nil
        }
        sink.yield(.connected(incarnation: number))
    }

    /// Worker `number` exited (and its link is drained): settle waiters, then restart, back off, stop or wait.
    func exited(_ number: Int, _ exit: WorkerExit) {
        guard let worker = current, worker.number == number else { return }
        worker.cancelTasks()
        worker.connection.close()
        current = nil
        lastExit = exit
        let uptime = (ContinuousClock.now - worker.since).secondsValue
        var what = "worker \(number) (pid \(worker.process.pid)) ended with \(exit.summary)"
        switch worker.ending {
        case .broken(let reason)?: what += " after it was killed for \(reason)"
        case .hung(let missed)?: what += " after it was killed as hung (\(missed) heartbeats unanswered)"
        case .linkClosed?: what += " after it was killed for closing its link without exiting"
        case .requested?, nil: break
        }
        let waiters = worker.exitWaiters
        worker.exitWaiters = []
        if worker.ending == .requested || stopRequested {
            sink.yield(.disconnected(detail: "\(what) (stop requested)"))
            waiters.forEach { $0.resume(returning: exit) }
            return
        }
        waiters.forEach { $0.resume(returning: exit) }
        if exit == .exited(WorkerExitCode.tokenInvalid.rawValue) {
            let reported = worker.reportedTokenInvalid ? "" : " (no token_invalid state came first)"
            logger.warning("\(what): the homeserver refused the access token\(reported); not restarting, not a crash")
            state = .waitingForToken
            sink.yield(.disconnected(detail: "\(what): the access token is invalid; waiting for a new token"))
            return
        }
        crashed(what, uptime: uptime)
    }

    /// An unexpected end (`what` says which and how): the restart policy decides.
    func crashed(_ what: String, uptime: Double) {
        lastCrash = .now
        switch policy.workerExited(now: monotonicSeconds, uptime: uptime, random: Double.random(in: 0..<1)) {
        case .restart(let delay) where delay <= 0:
            logger.error("\(what); restarting now")
            sink.yield(.disconnected(detail: "\(what); restarting now"))
            spawn()
        case .restart(let delay):
            logger.error("\(what); restarting in \(delay) s")
            let until = ContinuousClock.now + .milliseconds(Int64((delay * 1000).rounded()))
            state = .backingOff(until: until)
            sink.yield(.disconnected(detail: "\(what); restarting in \(delay) s"))
            backoffTimer = after(until - .now) { await $0.backoffElapsed() }
        case .crashLoop(let restarts, let window):
            let reason =
                "the worker was restarted \(restarts) times within \(Int(window)) s and ended again (\(what)); "
                + "not restarting: check the log above; fix and send SIGHUP"
            logger.critical("\(reason)")
            state = .crashLooped(reason: reason)
            sink.yield(.disconnected(detail: "\(what); not restarting (crash loop)"))
            sink.yield(.crashLoop(detail: reason))
        }
    }

    /// The backoff is over: start the next worker (unless something else happened meanwhile).
    func backoffElapsed() {
        guard case .backingOff = state else { return }
        spawn()
    }
}
