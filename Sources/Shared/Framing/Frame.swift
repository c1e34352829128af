/// One decoded frame: a JSON object with a string `type`, before it is read as a typed message.

/// A well-formed frame: a JSON object whose `type` is a string. Decoding it into a message of one of
/// the links (``AgentRequest``, ``DaemonMessage``, ``SupervisorCommand``, ``WorkerEvent``) is a
/// second step that can fail with a ``MessageError`` without the frame being malformed.
public struct Frame: Sendable, Equatable {
    /// The default and PROTOCOL.md's `max_frame_bytes`: 1 MiB.
    public static let defaultMaxBytes = 1_048_576

    /// The 4-byte big-endian length prefix of a payload of `length` bytes.
    public static func lengthPrefix(_ length: UInt32) -> [UInt8] {
        [UInt8(length >> 24), UInt8((length >> 16) & 0xFF), UInt8((length >> 8) & 0xFF), UInt8(length & 0xFF)]
    }

    /// The value of the `type` field.
    public let type: String
    /// The whole object, `type` included; unknown fields are kept (and ignored by message decoding).
    public let object: JSONObject

    /// Checks that `object` has a string `type`.
    public init(object: JSONObject) throws(FrameError) {
        switch object["type"] {
        case .string(let type)?: self.type = type
        case nil: throw .missingType
        case let other?: throw .typeNotString(found: other.kind)
        }
        self.object = object
    }

    /// Decodes one payload (the bytes after the length prefix): UTF-8, then JSON, then object with `type`.
    public init(payload: [UInt8]) throws(FrameError) {
        if let offset = UTF8Validation.firstInvalidOffset(in: payload) { throw .invalidUTF8(offset: offset) }
        let value: JSONValue
        do { value = try JSONParser.parse(payload) } catch { throw .invalidJSON(error) }
        guard case .object(let object) = value else { throw .notAnObject(found: value.kind) }
        try self.init(object: object)
    }
}
