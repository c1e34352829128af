/// A test agent that speaks the socket protocol with raw bytes: writes length-prefixed frames, reads raw frames.
///
/// It shadows `TestSupport.RawAgent` on purpose: that one writes with blocking `send` on the cooperative
/// pool and waits for its reader in `deinit`, and the supervisor's kill -9 load test hung with it. This one
/// writes through `SocketConnection`'s serial queue. Unify them by giving TestSupport's the same design.
import Foundation
import TestSupport
import Synchronization
@testable import Supervisor

/// A frame as the daemon wrote it: its payload text and the JSON object it holds.
struct ReceivedFrame: @unchecked Sendable {
    // @unchecked: `object` is an immutable Foundation dictionary from JSONSerialization, never mutated.
    /// The payload exactly as received (UTF-8).
    let text: String
    /// The payload parsed by Foundation's JSONSerialization (independent of the daemon's codec).
    let object: [String: Any]

    /// `type`.
    var type: String? { object["type"] as? String }
    /// A string field.
    func string(_ key: String) -> String? { object[key] as? String }
    /// An integer field.
    func int(_ key: String) -> Int64? { (object[key] as? NSNumber)?.int64Value }
}

/// Why the raw agent gave up waiting.
struct RawAgentError: Error, CustomStringConvertible {
    let description: String
}

/// One raw connection to the daemon's agent socket.
final class RawAgent: Sendable {
    private let socket: SocketConnection
    private let buffer = Mutex<(bytes: [UInt8], closed: Bool)>(([], false))

    /// Connects to `path`.
    init(path: String) throws {
        let fd = connectUnixSocket(path)
        guard fd >= 0 else { throw RawAgentError(description: "cannot connect to \(path): errno \(errno)") }
        socket = SocketConnection(fd: fd, label: "test-agent")
        Task { await self.collect() }
    }

    private func collect() async {
        for await chunk in socket.incoming { buffer.withLock { $0.bytes += chunk } }
        buffer.withLock { $0.closed = true }
    }

    /// Writes `bytes` as they are.
    func write(bytes: [UInt8]) async {
        await socket.send(bytes)
    }

    /// Writes one frame: the 4-byte big-endian length of `json`'s UTF-8, then the bytes.
    func send(_ json: String) async {
        let payload = Array(json.utf8)
        await write(bytes: lengthPrefix(payload.count) + payload)
    }

    /// The next frame, or nil once the daemon closed the connection (and everything was read).
    /// Waits at most `seconds` (a bound so a broken daemon fails the test instead of hanging it).
    func next(seconds: Double = 120) async throws -> ReceivedFrame? {
        let deadline = ContinuousClock.now + .seconds(seconds)
        var lastLook = false  // look once more after the deadline: a starved test task is late, not failed
        while !lastLook {
            lastLook = ContinuousClock.now >= deadline
            let taken: (payload: [UInt8]?, closed: Bool) = buffer.withLock { b in
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
    func expect() async throws -> ReceivedFrame {
        guard let frame = try await next() else { throw RawAgentError(description: "the daemon closed the connection") }
        return frame
    }

    /// Whether the daemon closed the connection with nothing more to read.
    func isClosedByDaemon() async throws -> Bool { try await next() == nil }

    /// `hello`, then the `welcome` and `status` that answer it.
    @discardableResult
    func handshake(agent: String = "test/1") async throws -> (welcome: ReceivedFrame, status: ReceivedFrame) {
        await send(#"{"type":"hello","protocol":1,"agent":"\#(agent)"}"#)
        return (try await expect(), try await expect())
    }

    /// Closes the connection.
    func close() { socket.close() }
}
