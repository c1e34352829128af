/// A test agent that speaks the socket protocol with raw bytes: writes length-prefixed frames, reads raw frames.
import Foundation
import Dispatch
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A frame as the daemon wrote it: its payload text and the JSON object it holds.
public struct ReceivedFrame: @unchecked Sendable {
    // @unchecked: `object` is an immutable Foundation dictionary from JSONSerialization, never mutated.
    /// The payload exactly as received (UTF-8).
    public let text: String
    /// The payload parsed by Foundation's JSONSerialization (independent of the daemon's codec).
    public let object: [String: Any]

    /// `type`.
    public var type: String? { object["type"] as? String }
    /// A string field.
    public func string(_ key: String) -> String? { object[key] as? String }
    /// An integer field.
    public func int(_ key: String) -> Int64? { (object[key] as? NSNumber)?.int64Value }

    /// A frame as received: its text and its parsed object.
    public init(text: String, object: [String: Any]) {
        self.text = text
        self.object = object
    }
}

/// Why the raw agent gave up waiting.
public struct RawAgentError: Error, CustomStringConvertible {
    /// What did not happen.
    public let description: String

    /// An error saying `description`.
    public init(description: String) { self.description = description }
}

/// One raw connection to the daemon's agent socket.
///
/// Nothing here blocks a cooperative thread: a reader thread of its own collects what the daemon writes,
/// writes run on a serial queue of the agent's (in order, whole frames, a blocking `send` there), and
/// neither ``close()`` nor `deinit` waits: the descriptor is released by whichever of the reader, the last
/// write in flight and the close comes last.
public final class RawAgent: Sendable {
    private let socket: AgentSocket
    private let writes = DispatchQueue(label: "prx-matrix.test.raw-agent.write")

    /// Connects to `path`.
    public init(path: String) throws {
        let fd = connectUnixSocket(path)
        guard fd >= 0 else { throw RawAgentError(description: "cannot connect to \(path): errno \(errno)") }
        socket = AgentSocket(fd: fd)
        let thread = Thread { [socket] in socket.readLoop() }
        thread.name = "read test-agent"
        thread.start()
    }

    /// Writes `bytes` as they are, on the write queue (a closed connection is not an error here: the next
    /// read says so).
    public func write(bytes: [UInt8]) async {
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            writes.async { [socket] in
                socket.writeAll(bytes)
                done.resume()
            }
        }
    }

    /// Writes one frame: the 4-byte big-endian length of `json`'s UTF-8, then the bytes.
    public func send(_ json: String) async {
        let payload = Array(json.utf8)
        await write(bytes: lengthPrefix(payload.count) + payload)
    }

    /// The next frame, or nil once the daemon closed the connection (and everything was read).
    /// Waits at most `seconds` (a bound so a broken daemon fails the test instead of hanging it).
    public func next(seconds: Double = 120) async throws -> ReceivedFrame? {
        let deadline = ContinuousClock.now + .seconds(seconds)
        var lastLook = false  // look once more after the deadline: a starved test task is late, not failed
        while !lastLook {
            lastLook = ContinuousClock.now >= deadline
            let taken: (payload: [UInt8]?, closed: Bool) = socket.state.withLock { b in
                if b.bytes.count >= 4 {
                    let length = b.bytes[0..<4].reduce(0) { $0 << 8 | Int($1) }
                    if b.bytes.count >= 4 + length {
                        let payload = Array(b.bytes[4..<4 + length])
                        b.bytes.removeFirst(4 + length)
                        return (payload, false)
                    }
                }
                return (nil, b.readerDone)
            }
            if let payload = taken.payload {
                let object = try JSONSerialization.jsonObject(with: Data(payload)) as? [String: Any] ?? [:]
                return ReceivedFrame(text: String(decoding: payload, as: UTF8.self), object: object)
            }
            if taken.closed { return nil }
            if !lastLook { try await Task.sleep(for: .milliseconds(5)) }
        }
        throw RawAgentError(description: "no frame within \(seconds) s")
    }

    /// The next frame, which must exist.
    public func expect(seconds: Double = 120) async throws -> ReceivedFrame {
        guard let frame = try await next(seconds: seconds) else {
            throw RawAgentError(description: "the daemon closed the connection")
        }
        return frame
    }

    /// Whether the daemon closed the connection with nothing more to read.
    public func isClosedByDaemon() async throws -> Bool { try await next() == nil }

    /// `hello`, then the `welcome` and `status` that answer it.
    @discardableResult
    public func handshake(agent: String = "test/1") async throws -> (welcome: ReceivedFrame, status: ReceivedFrame) {
        await send(#"{"type":"hello","protocol":1,"agent":"\#(agent)"}"#)
        return (try await expect(), try await expect())
    }

    /// Closes the connection (the daemon sees EOF, the reader thread ends with it). Idempotent.
    public func close() { socket.close() }

    // No wait: the reader thread (or a write still queued) releases the descriptor when it is done.
    deinit { socket.close() }
}

/// The descriptor, what the reader thread has read, and who still uses the descriptor; shared by the
/// agent, its reader thread and its write queue.
private final class AgentSocket: Sendable {
    let fd: Int32
    let state = Mutex(State())

    struct State {
        /// Read and not yet taken as frames.
        var bytes: [UInt8] = []
        /// The reader thread has left `read` for good (EOF, error or shutdown).
        var readerDone = false
        /// ``close()`` was called.
        var closed = false
        /// Writes in a `send` right now.
        var writing = 0
        /// The descriptor was closed.
        var released = false
    }

    init(fd: Int32) { self.fd = fd }

    /// On the reader thread: reads until EOF or error, then lets go of the descriptor.
    func readLoop() {
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            state.withLock { $0.bytes += chunk[0..<n] }
        }
        release { $0.readerDone = true }
    }

    /// On the write queue: writes `bytes` in full, blocking while the socket buffer is full; gives up
    /// quietly once the connection is closed or fails.
    func writeAll(_ bytes: [UInt8]) {
        let usable = state.withLock { s -> Bool in
            if s.closed { return false }
            s.writing += 1
            return true
        }
        guard usable else { return }
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            offset += n
        }
        release { $0.writing -= 1 }
    }

    /// Shuts the socket down: the daemon sees EOF, a blocked read or send returns. Idempotent.
    func close() {
        release { s in
            // Under the lock: the descriptor cannot have been released (that needs `closed`) and reused.
            if !s.closed { shutdown(fd, Int32(SHUT_RDWR)) }
            s.closed = true
        }
    }

    /// Applies `change`, then closes the descriptor if nobody uses it any more (once).
    private func release(_ change: (inout State) -> Void) {
        let closeNow = state.withLock { s -> Bool in
            change(&s)
            guard s.closed, s.readerDone, s.writing == 0, !s.released else { return false }
            s.released = true
            return true
        }
        if closeNow { Glibc.close(fd) }
    }
}

/// The 4-byte big-endian length prefix.
public func lengthPrefix(_ length: Int) -> [UInt8] {
    [UInt8(length >> 24 & 0xFF), UInt8(length >> 16 & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length & 0xFF)]
}

/// A blocking connect to a Unix socket; -1 on failure.
public func connectUnixSocket(_ path: String) -> Int32 {
    let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
    var address = sockaddr_un()
    address.sun_family = sa_family_t(AF_UNIX)
    withUnsafeMutableBytes(of: &address.sun_path) { raw in
        for (i, byte) in path.utf8.prefix(raw.count - 1).enumerated() { raw[i] = byte }
    }
    let rc = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
        }
    }
    if rc != 0 {
        Glibc.close(fd)
        return -1
    }
    return fd
}
