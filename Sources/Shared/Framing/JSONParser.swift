/// A strict RFC 8259 JSON parser for frame payloads, reporting the byte offset of any error.
///
/// Foundation's `JSONSerialization` and `JSONDecoder` on this toolchain accept trailing commas and a
/// byte-order mark, report no position for several errors, and blur `true` with `1` (`NSNumber`);
/// PROTOCOL.md asks for strict JSON objects and precise errors, so the codec parses with this small
/// recursive-descent parser (bounded depth, no allocation beyond the values it builds).

/// Parses a JSON document from UTF-8 bytes that were already validated as UTF-8.
public enum JSONParser {
    /// The deepest nesting of arrays and objects accepted; deeper input is ``JSONSyntaxError/Problem/tooDeep``.
    public static let maxDepth = 64

    /// Parses `bytes` as exactly one JSON value surrounded by optional whitespace.
    ///
    /// `maxDepth` bounds the nesting of arrays and objects (the frame codec keeps ``maxDepth``; Matrix
    /// responses carry events whose depth the sender chose, and allow more).
    public static func parse(_ bytes: [UInt8], maxDepth: Int = maxDepth) throws(JSONSyntaxError) -> JSONValue {
        var cursor = Cursor(bytes: bytes, maxDepth: maxDepth)
        cursor.skipWhitespace()
        let value = try cursor.value(depth: 0)
        cursor.skipWhitespace()
        guard cursor.position == bytes.count else {
            throw JSONSyntaxError(offset: cursor.position, problem: .trailingData)
        }
        return value
    }

    private struct Cursor {
        let bytes: [UInt8]
        let maxDepth: Int
        var position = 0

        init(bytes: [UInt8], maxDepth: Int) {
            self.bytes = bytes
            self.maxDepth = maxDepth
        }

        var current: UInt8? { position < bytes.count ? bytes[position] : nil }

        func fail(_ problem: JSONSyntaxError.Problem) -> JSONSyntaxError {
            JSONSyntaxError(offset: position, problem: problem)
        }

        func unexpected() -> JSONSyntaxError {
            current.map { fail(.unexpectedByte($0)) } ?? fail(.unexpectedEnd)
        }

        mutating func skipWhitespace() {
            while let byte = current, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { position += 1 }
        }

        mutating func expect(_ byte: UInt8) throws(JSONSyntaxError) {
            guard current == byte else { throw unexpected() }
            position += 1
        }

        mutating func value(depth: Int) throws(JSONSyntaxError) -> JSONValue {
            guard let byte = current else { throw fail(.unexpectedEnd) }
            switch byte {
            case UInt8(ascii: "{"): return .object(try object(depth: depth + 1))
            case UInt8(ascii: "["): return .array(try array(depth: depth + 1))
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "t"): try literal("true"); return .bool(true)
            case UInt8(ascii: "f"): try literal("false"); return .bool(false)
            case UInt8(ascii: "n"): try literal("null"); return .null
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
            default: throw unexpected()
            }
        }

        mutating func literal(_ word: String) throws(JSONSyntaxError) {
            for byte in word.utf8 { try expect(byte) }
        }

        mutating func object(depth: Int) throws(JSONSyntaxError) -> JSONObject {
            guard depth <= maxDepth else { throw fail(.tooDeep) }
            position += 1
            var object = JSONObject()
            skipWhitespace()
            if current == UInt8(ascii: "}") {
                position += 1
                return object
            }
            while true {
                skipWhitespace()
                let keyOffset = position
                guard current == UInt8(ascii: "\"") else { throw unexpected() }
                let key = try string()
                guard object[key] == nil else {
                    throw JSONSyntaxError(offset: keyOffset, problem: .duplicateKey(key))
                }
                skipWhitespace()
                try expect(UInt8(ascii: ":"))
                skipWhitespace()
                object[key] = try value(depth: depth)
                skipWhitespace()
                if current == UInt8(ascii: ",") {
                    position += 1
                } else {
                    try expect(UInt8(ascii: "}"))
                    return object
                }
            }
        }

        mutating func array(depth: Int) throws(JSONSyntaxError) -> [JSONValue] {
            guard depth <= maxDepth else { throw fail(.tooDeep) }
            position += 1
            var elements: [JSONValue] = []
            skipWhitespace()
            if current == UInt8(ascii: "]") {
                position += 1
                return elements
            }
            while true {
                skipWhitespace()
                elements.append(try value(depth: depth))
                skipWhitespace()
                if current == UInt8(ascii: ",") {
                    position += 1
                } else {
                    try expect(UInt8(ascii: "]"))
                    return elements
                }
            }
        }

        /// A string; the input is valid UTF-8, so its bytes between escapes are copied as they are.
        mutating func string() throws(JSONSyntaxError) -> String {
            position += 1
            var utf8: [UInt8] = []
            while true {
                guard let byte = current else { throw fail(.unexpectedEnd) }
                switch byte {
                case UInt8(ascii: "\""):
                    position += 1
                    return String(decoding: utf8, as: UTF8.self)
                case UInt8(ascii: "\\"):
                    try escape(into: &utf8)
                case 0..<0x20:
                    throw fail(.controlCharacterInString)
                default:
                    utf8.append(byte)
                    position += 1
                }
            }
        }

        mutating func escape(into utf8: inout [UInt8]) throws(JSONSyntaxError) {
            let start = position
            position += 1
            guard let byte = current else { throw fail(.unexpectedEnd) }
            position += 1
            let simple: UInt8? =
                switch byte {
                case UInt8(ascii: "\""): 0x22
                case UInt8(ascii: "\\"): 0x5C
                case UInt8(ascii: "/"): 0x2F
                case UInt8(ascii: "b"): 0x08
                case UInt8(ascii: "f"): 0x0C
                case UInt8(ascii: "n"): 0x0A
                case UInt8(ascii: "r"): 0x0D
                case UInt8(ascii: "t"): 0x09
                default: nil
                }
            if let simple {
                utf8.append(simple)
                return
            }
            guard byte == UInt8(ascii: "u") else { throw JSONSyntaxError(offset: start, problem: .invalidEscape) }
            var scalar = UInt32(try hex4(escapeStart: start))
            if (0xD800...0xDBFF).contains(scalar) {
                guard current == UInt8(ascii: "\\"), position + 1 < bytes.count,
                    bytes[position + 1] == UInt8(ascii: "u")
                else { throw JSONSyntaxError(offset: start, problem: .loneSurrogate) }
                position += 2
                let low = UInt32(try hex4(escapeStart: start))
                guard (0xDC00...0xDFFF).contains(low) else {
                    throw JSONSyntaxError(offset: start, problem: .loneSurrogate)
                }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00...0xDFFF).contains(scalar) {
                throw JSONSyntaxError(offset: start, problem: .loneSurrogate)
            }
            guard let unicode = Unicode.Scalar(scalar) else {
                throw JSONSyntaxError(offset: start, problem: .invalidEscape)
            }
            utf8.append(contentsOf: String(unicode).utf8)
        }

        mutating func hex4(escapeStart: Int) throws(JSONSyntaxError) -> UInt16 {
            var result: UInt16 = 0
            for _ in 0..<4 {
                guard let byte = current else { throw fail(.unexpectedEnd) }
                let digit: UInt8
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
                default: throw JSONSyntaxError(offset: escapeStart, problem: .invalidEscape)
                }
                result = result << 4 | UInt16(digit)
                position += 1
            }
            return result
        }

        /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`
        mutating func number() throws(JSONSyntaxError) -> JSONValue {
            let start = position
            var isInteger = true
            if current == UInt8(ascii: "-") { position += 1 }
            if current == UInt8(ascii: "0") {
                position += 1
            } else {
                guard digits() > 0 else { throw fail(.invalidNumber) }
            }
            if current == UInt8(ascii: ".") {
                isInteger = false
                position += 1
                guard digits() > 0 else { throw fail(.invalidNumber) }
            }
            if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
                isInteger = false
                position += 1
                if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { position += 1 }
                guard digits() > 0 else { throw fail(.invalidNumber) }
            }
            let text = String(decoding: bytes[start..<position], as: UTF8.self)
            if isInteger, let integer = Int64(text) { return .int(integer) }
            guard let double = Double(text), double.isFinite else {
                throw JSONSyntaxError(offset: start, problem: .invalidNumber)
            }
            return .double(double)
        }

        /// Skips ASCII digits and returns how many there were.
        mutating func digits() -> Int {
            let start = position
            while let byte = current, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") { position += 1 }
            return position - start
        }
    }
}
