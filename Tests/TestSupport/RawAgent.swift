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

/// One raw connection to the daemon's agent socket; a reader thread collects what the daemon writes.
public final class RawAgent: Sendable {
    private let fd: Int32
    private let buffer = ReadBuffer()
    private let writing = Mutex(())
    /// Signalled when the reader thread has left `read`, so `deinit` never closes an fd still in use.
    private let readerDone = DispatchSemaphore(value: 0)

    /// Connects to `path`.
    public init(path: String) throws {
        fd = connectUnixSocket(path)
        guard fd >= 0 else { throw RawAgentError(description: "cannot connect to \(path): errno \(errno)") }
        let thread = Thread { [fd, buffer, readerDone] in
            var chunk = [UInt8](repeating: 0, count: 65536)
            while true {
                let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { break }
                buffer.state.withLock { $0.bytes += chunk[0..<n] }
            }
            buffer.state.withLock { $0.closed = true }
            readerDone.signal()
        }
        thread.start()
    }

    /// Writes `bytes` as they are (a closed connection is not an error here: the next read says so).
    public func write(bytes: [UInt8]) async {
        writing.withLock { _ in
            var offset = 0
            while offset < bytes.count {
                let n = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { return }
                offset += n
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
            let taken: (payload: [UInt8]?, closed: Bool) = buffer.state.withLock { b in
                if b.bytes.count >= 4 {
                    let length = b.bytes[0..<4].reduce(0) { $0 << 8 | Int($1) }
                    if b.bytes.count >= 4 + length {
                        let payload = Array(b.bytes[4..<4 + length])
                        b.bytes.removeFirst(4 + length)
                        return (payload, false)
                    }
                }
                return (nil, b.closed)
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
        guard let frame = try await next(seconds: seconds) else { throw RawAgentError(description: "the daemon closed the connection") }
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

    /// Closes the connection (the reader thread ends with it).
    public func close() { shutdown(fd, Int32(SHUT_RDWR)) }

    deinit {
        shutdown(fd, Int32(SHUT_RDWR))
        readerDone.wait()
        Glibc.close(fd)
    }
}

/// What the reader thread has read and whether the connection ended; a class so the thread can share it.
private final class ReadBuffer: Sendable {
    let state = Mutex<(bytes: [UInt8], closed: Bool)>(([], false))
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
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
    }
    if rc != 0 {
        Glibc.close(fd)
        return -1
    }
    return fd
}
