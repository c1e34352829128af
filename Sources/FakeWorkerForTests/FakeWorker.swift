/// The test double's link loop: `start`, heartbeats, deterministic outcomes, batches kept until acked.
import Foundation
import Logging
import Shared

/// One run of `prx-matrix-fake-worker`: a single thread polling the link and the control file.
struct FakeWorker {
    let linkFD: Int32
    var decoder = FrameDecoder(maxFrameBytes: WorkerLink.maxFrameBytes)
    let encoder = FrameEncoder(maxFrameBytes: WorkerLink.maxFrameBytes)
    /// Known after `start`.
    var files: FakeWorkerFiles?
    /// Un-acknowledged batches: this run's batch id and the events (saved in ``FakeWorkerFiles/pending``).
    var pending: [(id: Int64, events: [JSONValue])] = []
    var nextBatch: Int64 = 1
    var sendsUntilCrash: Int?
    var rateLimit: (milliseconds: Int64, remaining: Int)?
    var ignoreShutdown = false

    /// Runs until the link closes (exit 0), `shutdown` (exit 0) or a commanded crash.
    mutating func run() -> Never {
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            var descriptor = pollfd(fd: linkFD, events: Int16(POLLIN), revents: 0)
            if poll(&descriptor, 1, 10) > 0 {
                let n = read(linkFD, &buffer, buffer.count)
                if n == 0 || (n < 0 && errno != EINTR) { exit(WorkerExitCode.ok.rawValue) }
                if n > 0 {
                    decoder.feed(buffer[0..<n])
                    receiveFrames()
                }
            }
            followCommands()
        }
    }

    private mutating func receiveFrames() {
        while true {
            let command: SupervisorCommand
            do {
                guard let frame = try decoder.next() else { return }
                command = try SupervisorCommand(frame: frame)
            } catch {
                fail("bad frame from the supervisor: \(error)")
            }
            handle(command)
        }
    }

    private mutating func handle(_ command: SupervisorCommand) {
        if case .heartbeat(let id) = command {
            emit(.heartbeatAck(id: id))
            return
        }
        guard let files else {
            guard case .start(let settings) = command else { fail("the first frame is not start") }
            begin(settings)
            return
        }
        var entry = command.jsonObject
        if case .start = command {  // a second start: journal it without its secrets
            entry["access_token"] = nil
            entry["store_key"] = nil
        }
        files.journal(entry)
        switch command {
        case .batchAck(let batch):
            pending.removeAll { $0.id == batch }
            files.savePending(pending.map(\.events))
        case .send(let send):
            answer(row: send.row, eventID: "$fake-\(send.txnID)")
        case .react(let reaction):
            answer(row: reaction.row, eventID: "$fake-\(reaction.txnID)")
        case .receipt(let row, _, let eventID):
            emit(.outcome(row: row, .sent(eventIDs: [eventID])))
        case .shutdown:
            if !ignoreShutdown { exit(WorkerExitCode.ok.rawValue) }
        case .start, .heartbeat, .typing:
            break
        }
    }

    /// The first `start`: journal it (without secrets), maybe exit at once, report syncing, re-send pending batches.
    private mutating func begin(_ settings: WorkerSettings) {
        let files = FakeWorkerFiles(directory: (settings.storePath as NSString).deletingLastPathComponent)
        self.files = files
        var entry = SupervisorCommand.start(settings).jsonObject
        entry["access_token"] = nil
        entry["store_key"] = nil
        files.journal(entry)
        if FileManager.default.fileExists(atPath: files.exitAtStart) { exit(WorkerExitCode.software.rawValue) }
        emit(.state(WorkerStatus(phase: .starting)))
        emit(.log(level: .debug, message: "fake worker started", metadata: ["pid": "\(getpid())"]))
        emit(.state(WorkerStatus(phase: .syncing)))
        for events in files.loadPending() { sendBatch(events) }
    }

    /// `sent` with an event id derived from the transaction id (a duplicate send shows as the same id),
    /// or `retry_later` under a commanded rate limit, or a crash when one is due.
    private mutating func answer(row: Int64, eventID: String) {
        if let remaining = sendsUntilCrash {
            if remaining <= 1 { exit(WorkerExitCode.software.rawValue) }
            sendsUntilCrash = remaining - 1
        }
        if let limit = rateLimit {
            rateLimit = limit.remaining > 1 ? (limit.milliseconds, limit.remaining - 1) : nil
            emit(.outcome(row: row, .retryLater(retryAfterMS: limit.milliseconds)))
            return
        }
        emit(.outcome(row: row, .sent(eventIDs: [eventID])))
    }

    private mutating func sendBatch(_ events: [JSONValue]) {
        let id = nextBatch
        let object: JSONObject = ["type": "batch", "batch": .int(id), "events": .array(events)]
        let batch: WorkerEvent
        do {
            batch = try WorkerEvent(frame: try Frame(object: object))
        } catch {
            FileHandle.standardError.write(Data("fake worker: not a valid batch, skipped: \(error)\n".utf8))
            return
        }
        // Saved before it is sent, as the real worker's sync position is: a kill in between replays it.
        nextBatch += 1
        pending.append((id, events))
        files?.savePending(pending.map(\.events))
        emit(batch)
    }

    /// Carries out new control lines, saving the offset before each so a restart does not repeat it.
    /// An `inject` saves its batch as pending first: a kill in between then repeats the injection (the
    /// supervisor's inbox drops the repeats) instead of losing it.
    private mutating func followCommands() {
        guard let files else { return }
        for (line, end) in files.newCommandLines() {
            do {
                let command = try FakeWorkerCommand(line: line)
                if case .inject = command {
                    perform(command)
                    files.commandsDone(upTo: end)
                } else {
                    files.commandsDone(upTo: end)
                    perform(command)
                }
            } catch {
                files.commandsDone(upTo: end)
                FileHandle.standardError.write(Data("\(error)\n".utf8))
            }
        }
    }

    private mutating func perform(_ command: FakeWorkerCommand) {
        switch command {
        case .inject(let events): sendBatch(events)
        case .crash: exit(WorkerExitCode.software.rawValue)
        case .crashAfterSends(let n): sendsUntilCrash = n
        case .hang:
            while true { pause() }
        case .tokenInvalid(let softLogout):
            emit(.state(WorkerStatus(phase: .tokenInvalid(softLogout: softLogout), detail: "M_UNKNOWN_TOKEN (fake)")))
            exit(WorkerExitCode.tokenInvalid.rawValue)
        case .rateLimit(let milliseconds, let count): rateLimit = (milliseconds, count)
        case .garbage: write(Frame.lengthPrefix(5) + Array("nope!".utf8))
        case .closeLink:
            close(linkFD)
            while true { pause() }
        case .ignoreShutdown: ignoreShutdown = true
        case .ignoreSIGTERM: signal(SIGTERM, SIG_IGN)
        }
    }

    private func emit(_ event: WorkerEvent) {
        do {
            write(try encoder.encode(event))
        } catch {
            fail("cannot encode \(event): \(error)")
        }
    }

    /// Writes all of `bytes` to the link; a closed link ends the worker.
    private func write(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Foundation.write(linkFD, $0.baseAddress, $0.count) }
            if n > 0 {
                offset += n
            } else if n < 0 && errno == EINTR {
                continue
            } else {
                exit(WorkerExitCode.ok.rawValue)
            }
        }
    }

    private func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("fake worker: \(message)\n".utf8))
        exit(WorkerExitCode.linkProtocol.rawValue)
    }
}
