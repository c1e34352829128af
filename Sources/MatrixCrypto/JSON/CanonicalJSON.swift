/// Canonical JSON as the Matrix spec appendix defines it, the byte string that Matrix signatures cover.
public import Shared

/// Why a value has no canonical JSON form.
public enum CanonicalJSONError: Error, Equatable, Sendable {
    /// A number with a fraction, or not finite; canonical JSON has integers only. `path` locates it.
    case nonIntegerNumber(path: String)
    /// An integer outside [-(2^53)+1, (2^53)-1], the range the spec allows. `path` locates it.
    case integerOutOfRange(path: String, value: Int64)
}

/// Serialises ``JSONValue`` to canonical JSON: object keys sorted by Unicode code point, no
/// insignificant whitespace, UTF-8 without escaping beyond what JSON requires (shortest escapes),
/// integers only, in the range the spec allows.
public enum CanonicalJSON {
    /// The largest magnitude of an integer in canonical JSON: 2^53 - 1.
    public static let maxSafeInteger: Int64 = (1 << 53) - 1

    /// The canonical UTF-8 bytes of `value`.
    public static func encode(_ value: JSONValue) throws(CanonicalJSONError) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        try write(value, into: &out, path: "$")
        return out
    }

    /// The canonical form of `value` as a string.
    public static func string(_ value: JSONValue) throws(CanonicalJSONError) -> String {
        String(decoding: try encode(value), as: UTF8.self)
    }

    private static func write(_ value: JSONValue, into out: inout [UInt8], path: String) throws(CanonicalJSONError) {
        switch value {
        case .null: out += Array("null".utf8)
        case .bool(let flag): out += Array((flag ? "true" : "false").utf8)
        case .int(let number):
            guard number >= -maxSafeInteger, number <= maxSafeInteger else {
                throw .integerOutOfRange(path: path, value: number)
            }
            out += Array(String(number).utf8)
        case .double(let number):
            guard number.isFinite, number.rounded(.towardZero) == number,
                abs(number) <= Double(maxSafeInteger)
            else { throw .nonIntegerNumber(path: path) }
            out += Array(String(Int64(number)).utf8)
        case .string(let text): writeString(text, into: &out)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                try write(item, into: &out, path: "\(path)[\(index)]")
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            let keys = members.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            for (index, key) in keys.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                writeString(key, into: &out)
                out.append(UInt8(ascii: ":"))
                // The key comes from `members.keys`, so the lookup always succeeds.
                try write(members[key] ?? .null, into: &out, path: "\(path).\(key)")
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// A JSON string with only `"`, `\` and control characters escaped, each in its shortest form.
    private static func writeString(_ text: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out += [0x5C, 0x22]
            case UInt8(ascii: "\\"): out += [0x5C, 0x5C]
            case 0x08: out += [0x5C, UInt8(ascii: "b")]
            case 0x09: out += [0x5C, UInt8(ascii: "t")]
            case 0x0A: out += [0x5C, UInt8(ascii: "n")]
            case 0x0C: out += [0x5C, UInt8(ascii: "f")]
            case 0x0D: out += [0x5C, UInt8(ascii: "r")]
            case 0x00..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out += Array("\\u00".utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
