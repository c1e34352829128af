/// Encodes JSON objects as frames: a 4-byte big-endian length, then the compact UTF-8 JSON.

/// Writes frames for either link, refusing payloads above the limit the peer will enforce.
public struct FrameEncoder: Sendable {
    /// The largest payload written, in bytes.
    public let maxFrameBytes: Int

    /// An encoder for payloads of at most `maxFrameBytes` bytes (clamped to 1...UInt32.max).
    public init(maxFrameBytes: Int = Frame.defaultMaxBytes) {
        self.maxFrameBytes = min(max(maxFrameBytes, 1), Int(UInt32.max))
    }

    /// The frame bytes (length prefix + payload) of `object`; ``FrameError/frameTooLarge(length:limit:)``
    /// when the payload is over the limit (split the content instead).
    public func encode(_ object: JSONObject) throws(FrameError) -> [UInt8] {
        let payload = JSONWriter.bytes(of: object)
        guard payload.count <= maxFrameBytes else {
            throw .frameTooLarge(length: payload.count, limit: maxFrameBytes)
        }
        var frame = Frame.lengthPrefix(UInt32(payload.count))
        frame.reserveCapacity(4 + payload.count)
        frame.append(contentsOf: payload)
        return frame
    }

    /// The frame bytes of a message of either link.
    public func encode(_ message: some FrameMessage) throws(FrameError) -> [UInt8] {
        try encode(message.jsonObject)
    }
}
