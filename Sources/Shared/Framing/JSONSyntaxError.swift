/// Where and why a frame payload is not valid JSON (RFC 8259, strict).

/// A JSON syntax error at a byte offset of the frame's payload (0 = the first byte after the length prefix).
public struct JSONSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong at ``offset``.
    public enum Problem: Sendable, Equatable {
        /// A byte that cannot start or continue a JSON value here.
        case unexpectedByte(UInt8)
        /// The payload ends inside a value.
        case unexpectedEnd
        /// A second value, or anything but whitespace, after the top-level value.
        case trailingData
        /// A raw control character (below U+0020) inside a string; it must be escaped.
        case controlCharacterInString
        /// A backslash escape that JSON does not define, or a malformed `\u` escape.
        case invalidEscape
        /// A `\u` escape that encodes half of a UTF-16 surrogate pair without the other half.
        case loneSurrogate
        /// A number that is malformed (leading zero, missing digits) or not finite as a `Double`.
        case invalidNumber
        /// Arrays and objects nested deeper than the parser allows (``JSONParser/maxDepth`` unless the caller chose).
        case tooDeep
        /// The same key twice in one object (RFC 7493, I-JSON).
        case duplicateKey(String)
    }

    /// The byte offset in the payload.
    public let offset: Int
    /// What is wrong there.
    public let problem: Problem

    /// Creates an error at `offset`.
    public init(offset: Int, problem: Problem) {
        self.offset = offset
        self.problem = problem
    }

    /// A one-line explanation naming the offset.
    public var description: String {
        let what =
            switch problem {
            case .unexpectedByte(let byte):
                byte >= 0x20 && byte < 0x7F
                    ? "unexpected character '\(Character(Unicode.Scalar(byte)))'"
                    : "unexpected byte 0x\(String(byte, radix: 16))"
            case .unexpectedEnd: "unexpected end of the payload"
            case .trailingData: "data after the JSON object"
            case .controlCharacterInString: "unescaped control character in a string"
            case .invalidEscape: "invalid escape sequence"
            case .loneSurrogate: "\\u escape with an unpaired UTF-16 surrogate"
            case .invalidNumber: "invalid or out-of-range number"
            case .tooDeep: "nesting deeper than \(JSONParser.maxDepth) levels"
            case .duplicateKey(let key): "duplicate key \"\(key)\""
            }
        return "\(what) at byte \(offset) of the payload"
    }
}
