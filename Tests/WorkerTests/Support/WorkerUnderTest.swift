/// Runs the built `prx-matrix-worker` on a socketpair and plays the supervisor's side of the link.
import Foundation
import Shared
import Synchronization
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// What went wrong driving the worker in a test.
struct WorkerTestError: Error, CustomStringConvertible {
    let description: String
}

/// One `prx-matrix-worker` process: spawned with the link as fd 3, sent `start`, its frames collected
/// by a reader thread. Tests wait for frames with bounded loops (``next(within:_:)``).
final class WorkerUnderTest: Sendable {
    let pid: pid_t
    let fd: Int32
    private let received = Mutex<[WorkerEvent]>([])
    private let cursor = Mutex(0)
    private let exitStatus = Mutex<Int32?>(nil)
    private let encoder = FrameEncoder(maxFrameBytes: WorkerLink.maxFrameBytes)

    private init(pid: pid_t, fd: Int32) {
        self.pid = pid
        self.fd = fd
    }

    /// Spawns the worker (its environment: the link descriptor, PATH and `environment`) and sends `start`
    /// with `settings`.
    static func start(_ settings: WorkerSettings, environment extra: [String] = []) throws -> WorkerUnderTest {
        var fds: [Int32] = [-1, -1]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &fds) == 0 else {
            throw WorkerTestError(description: "socketpair failed: errno \(errno)")
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, fds[1], 3)
        let executable = RepoPaths.product("prx-matrix-worker").path
        let environment = ["PRX_MATRIX_LINK_FD=3", "PATH=/usr/bin:/bin"] + extra
        let pointers = ([executable] + environment).map { strdup($0) }
        defer { pointers.forEach { free($0) } }
        var pid: pid_t = 0
        let argv: [UnsafeMutablePointer<CChar>?] = [pointers[0], nil]
        let envp: [UnsafeMutablePointer<CChar>?] = Array(pointers[1...]) + [nil]
        let rc = posix_spawn(&pid, executable, &actions, nil, argv, envp)
        close(fds[1])
        guard rc == 0 else {
            close(fds[0])
            throw WorkerTestError(description: "cannot spawn \(executable): errno \(rc); build it first")
        }
        let worker = WorkerUnderTest(pid: pid, fd: fds[0])
        worker.startReading()
        try worker.send(.start(settings))
        return worker
    }

    private func startReading() {
        let thread = Thread { [self] in
            var decoder = FrameDecoder(maxFrameBytes: WorkerLink.maxFrameBytes)
            var buffer = [UInt8](repeating: 0, count: 65536)
            while true {
                let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { break }
                decoder.feed(buffer[0..<n])
                while let frame = try? decoder.next() {
                    guard let event = try? WorkerEvent(frame: frame) else {
                        Issue.record("the worker sent an invalid frame: \(frame.object)")
                        continue
                    }
                    received.withLock { $0.append(event) }
                }
            }
            var status: Int32 = 0
            while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
            exitStatus.withLock { $0 = status }
        }
        thread.start()
    }

    /// Sends one frame to the worker.
    func send(_ command: SupervisorCommand) throws {
        let bytes = try encoder.encode(command)
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { throw WorkerTestError(description: "the link is closed (errno \(errno))") }
            offset += n
        }
    }

    /// Every frame received so far.
    var events: [WorkerEvent] { received.withLock { $0 } }

    /// The first frame after the cursor for which `match` returns a value; moves the cursor past it.
    func next<T>(within timeout: Duration = .seconds(60), _ match: (WorkerEvent) -> T?) async throws -> T {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let events = self.events
            let start = cursor.withLock { $0 }
            for index in start..<events.count {
                if let value = match(events[index]) {
                    cursor.withLock { $0 = index + 1 }
                    return value
                }
            }
            cursor.withLock { $0 = events.count }
            if exitStatus.withLock({ $0 }) != nil && self.events.count == events.count {
                throw WorkerTestError(
                    description:
                        "the worker exited (\(exitCode.map(String.init) ?? "signal")) before the frame came; log:\n\(logText)"
                )
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw WorkerTestError(description: "no matching frame within \(timeout); log:\n\(logText)")
    }

    /// The next state frame matching `phase` (and `match`, when given).
    @discardableResult
    func state(
        _ phase: WorkerPhase, within timeout: Duration = .seconds(60),
        where match: (WorkerStatus) -> Bool = { _ in true }
    )
        async throws -> WorkerStatus
    {
        try await next(within: timeout) { event in
            if case .state(let status) = event, status.phase == phase, match(status) { return status }
            return nil
        }
    }

    /// Collects batch events until `count` messages arrived, acknowledging each batch when `ack`.
    func messages(_ count: Int, ack: Bool = true, within timeout: Duration = .seconds(90)) async throws
        -> [InboundEvent]
    {
        var collected: [InboundEvent] = []
        while collected.count < count {
            let (id, events) = try await next(within: timeout) { event -> (Int64, [InboundEvent])? in
                if case .batch(let id, let events) = event { return (id, events) }
                return nil
            }
            collected += events
            if ack { try send(.batchAck(batch: id)) }
        }
        return collected
    }

    /// Collects messages until one with `body` arrives (included), acknowledging every batch.
    func messages(until body: String, within timeout: Duration = .seconds(90)) async throws -> [InboundEvent] {
        var collected: [InboundEvent] = []
        while collected.last?.body != body {
            let (id, events) = try await next(within: timeout) { event -> (Int64, [InboundEvent])? in
                if case .batch(let id, let events) = event { return (id, events) }
                return nil
            }
            collected += events
            try send(.batchAck(batch: id))
            if events.contains(where: { $0.body == body }) { break }
        }
        return collected
    }

    /// Waits for the next commit of the sync position (the worker's trace line), e.g. after an ack.
    func committed(within timeout: Duration = .seconds(60)) async throws {
        _ = try await next(within: timeout) { event -> Bool? in
            if case .log(_, "sync position committed", _) = event { return true }
            return nil
        }
    }

    /// The log lines received so far.
    var logLines: [String] {
        events.compactMap { event in
            if case .log(let level, let message, _) = event { return "\(level): \(message)" }
            return nil
        }
    }

    private var logText: String {
        events.compactMap { event -> String? in
            guard case .log(let level, let message, let metadata) = event else { return nil }
            return
                "\(level): \(message) \(metadata.keys.sorted().map { "\($0)=\(metadata[$0] ?? "")" }.joined(separator: " "))"
        }.suffix(30).joined(separator: "\n")
    }

    /// Waits until a log line contains `text`.
    func waitForLog(containing text: String, within timeout: Duration = .seconds(60)) async throws {
        let deadline = ContinuousClock.now + timeout
        while !logLines.contains(where: { $0.contains(text) }) {
            guard ContinuousClock.now < deadline else {
                throw WorkerTestError(description: "no log line with \"\(text)\"; log:\n\(logText)")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// The exit code once the worker has exited by itself (nil: killed by a signal).
    var exitCode: Int32? {
        guard let status = exitStatus.withLock({ $0 }), status & 0x7F == 0 else { return nil }
        return (status >> 8) & 0xFF
    }

    /// Waits for the exit and returns the exit code (nil for a signal).
    func waitForExit(within timeout: Duration = .seconds(60)) async throws -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while exitStatus.withLock({ $0 }) == nil {
            guard ContinuousClock.now < deadline else {
                throw WorkerTestError(description: "the worker did not exit; log:\n\(logText)")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        return exitCode
    }

    /// SIGKILL, then waits for the exit: a crash at this very moment.
    func kill9() async throws {
        kill(pid, SIGKILL)
        _ = try await waitForExit()
    }

    deinit {
        if exitStatus.withLock({ $0 }) == nil { kill(pid, SIGKILL) }
        close(fd)
    }
}

extension WorkerUnderTest {
    /// `shutdown`, then the exit code (0 expected); SIGKILL if it does not exit.
    @discardableResult
    func stop() async throws -> Int32? {
        try? send(.shutdown)
        do {
            return try await waitForExit(within: .seconds(20))
        } catch {
            try await kill9()
            throw error
        }
    }
}
