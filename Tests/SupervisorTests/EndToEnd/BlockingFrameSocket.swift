/// A blocking, length-prefixed frame client for benchmarks: no polling, so the timing is the socket's.
import Foundation
import TestSupport

/// One end of a stream socket, read and written with blocking calls (reads time out after 10 s).
final class BlockingFrameSocket {
    let fd: Int32
    private var buffer: [UInt8] = []
    private var start = 0

    /// Takes ownership of `fd`.
    init(fd: Int32) {
        self.fd = fd
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    /// Connects to the Unix socket at `path`.
    convenience init(path: String) throws {
        let fd = connectUnixSocket(path)
        guard fd >= 0 else { throw RawAgentError(description: "cannot connect to \(path)") }
        self.init(fd: fd)
    }

    /// Writes all of `bytes`; false when the peer is gone.
    @discardableResult
    func write(_ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if n > 0 {
                offset += n
            } else if n < 0 && errno == EINTR {
                continue
            } else {
                return false
            }
        }
        return true
    }

    /// Writes `json` as one frame.
    @discardableResult
    func send(_ json: String) -> Bool { write(Self.frame(json)) }

    /// The frame bytes of `json`: the 4-byte big-endian length, then its UTF-8.
    static func frame(_ json: String) -> [UInt8] {
        let payload = Array(json.utf8)
        return lengthPrefix(payload.count) + payload
    }

    /// The next frame's payload; nil on EOF or after 10 s without data.
    func nextPayload() -> ArraySlice<UInt8>? {
        while true {
            if buffer.count - start >= 4 {
                let length = buffer[start..<start + 4].reduce(0) { $0 << 8 | Int($1) }
                if buffer.count - start >= 4 + length {
                    let payload = buffer[(start + 4)..<(start + 4 + length)]
                    start += 4 + length
                    return payload
                }
            }
            if start > 0 && start == buffer.count {
                buffer.removeAll(keepingCapacity: true)
                start = 0
            }
            var chunk = [UInt8](repeating: 0, count: 64 * 1024)
            let n = read(fd, &chunk, chunk.count)
            if n > 0 {
                buffer += chunk[0..<n]
            } else if n < 0 && errno == EINTR {
                continue
            } else {
                return nil
            }
        }
    }

    /// The next frame as a parsed object (for the few frames a benchmark inspects).
    func next() throws -> ReceivedFrame {
        guard let payload = nextPayload() else { throw RawAgentError(description: "no frame (EOF or 10 s timeout)") }
        let object = try JSONSerialization.jsonObject(with: Data(payload)) as? [String: Any] ?? [:]
        return ReceivedFrame(text: String(decoding: payload, as: UTF8.self), object: object)
    }

    /// Closes the descriptor.
    func close() { Glibc.close(fd) }
}
