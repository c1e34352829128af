/// Incremental decoding of a byte stream into frames: partial reads, several frames per read, bounded memory.

/// Splits a stream of bytes into ``Frame``s, whatever the chunking of the reads.
///
/// Feed every chunk read from the socket with ``feed(_:)``, then call ``next()`` until it returns
/// `nil` (more bytes needed). A length prefix above the limit is rejected as soon as its 4 bytes are
/// there, before any of its payload is buffered or any room is reserved for it. After a
/// ``FrameError`` the decoder stays failed (``next()`` throws the same error again) because the stream
/// has lost its framing: answer `bad_frame` and close the connection.
///
/// Memory: the decoder holds the bytes fed and not yet consumed; when the caller drains ``next()``
/// after each ``feed(_:)``, that is at most one partial frame (4 + `maxFrameBytes`) plus one read.
public struct FrameDecoder: Sendable {
    /// The largest payload accepted, in bytes.
    public let maxFrameBytes: Int
    private var buffer: [UInt8] = []
    private var start = 0
    private var failure: FrameError?

    /// A decoder accepting payloads of 1 through `maxFrameBytes` bytes (clamped to 1...UInt32.max).
    public init(maxFrameBytes: Int = Frame.defaultMaxBytes) {
        self.maxFrameBytes = min(max(maxFrameBytes, 1), Int(UInt32.max))
    }

    /// The number of bytes fed and not yet consumed by ``next()``.
    public var bufferedByteCount: Int { buffer.count - start }

    /// Whether the decoder has failed (every later ``next()`` throws).
    public var hasFailed: Bool { failure != nil }

    /// Appends a chunk read from the stream. Nothing is buffered once the decoder has failed.
    public mutating func feed(_ chunk: some Sequence<UInt8>) {
        guard failure == nil else { return }
        if start > 0, start >= buffer.count / 2 {
            buffer.removeSubrange(0..<start)
            start = 0
        }
        buffer.append(contentsOf: chunk)
    }

    /// The next complete frame, or `nil` when more bytes are needed.
    public mutating func next() throws(FrameError) -> Frame? {
        if let failure { throw failure }
        do {
            return try decodeNext()
        } catch {
            failure = error
            buffer = []
            start = 0
            throw error
        }
    }

    private mutating func decodeNext() throws(FrameError) -> Frame? {
        guard bufferedByteCount >= 4 else { return nil }
        let length = buffer[start..<start + 4].reduce(0) { $0 << 8 | Int($1) }
        guard length > 0 else { throw .emptyFrame }
        guard length <= maxFrameBytes else { throw .frameTooLarge(length: length, limit: maxFrameBytes) }
        guard bufferedByteCount >= 4 + length else { return nil }
        let payload = Array(buffer[start + 4..<start + 4 + length])
        start += 4 + length
        if start == buffer.count {
            buffer.removeAll(keepingCapacity: buffer.capacity <= 65_536)
            start = 0
        }
        return try Frame(payload: payload)
    }
}
