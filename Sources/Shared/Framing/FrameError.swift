/// Every way a frame can be malformed (PROTOCOL.md "Framing"); each is answered with `bad_frame` and a close.

/// A malformed frame. The decoder that threw it stays failed: the connection must be closed after
/// answering `{"type":"error","code":"bad_frame",...}` with ``description`` as the message.
public enum FrameError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The length prefix is 0; a frame carries at least one byte.
    case emptyFrame
    /// The length prefix (or an encoded payload) is above the limit; nothing of it was buffered.
    case frameTooLarge(length: Int, limit: Int)
    /// The payload is not UTF-8; `offset` is the first bad byte in the payload.
    case invalidUTF8(offset: Int)
    /// The payload is not one JSON value.
    case invalidJSON(JSONSyntaxError)
    /// The payload is JSON but not an object.
    case notAnObject(found: JSONKind)
    /// The object has no `type` field.
    case missingType
    /// The object's `type` is not a string.
    case typeNotString(found: JSONKind)

    /// What is wrong and what the sender should do.
    public var description: String {
        switch self {
        case .emptyFrame:
            "frame length is 0: a frame is a 4-byte big-endian length N >= 1, then N bytes of a JSON object"
        case .frameTooLarge(let length, let limit):
            "frame length \(length) exceeds the limit of \(limit) bytes: send smaller frames or raise max_frame_bytes"
        case .invalidUTF8(let offset):
            "payload is not valid UTF-8 (first bad byte at offset \(offset)): encode the JSON as UTF-8"
        case .invalidJSON(let error):
            "payload is not valid JSON: \(error)"
        case .notAnObject(let kind):
            "payload is a JSON \(kind), not an object: every frame is one JSON object"
        case .missingType:
            "frame has no \"type\" field: every frame is an object with a string \"type\""
        case .typeNotString(let kind):
            "frame's \"type\" is a \(kind), not a string"
        }
    }
}
