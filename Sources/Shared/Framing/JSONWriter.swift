/// Writes JSON values as compact UTF-8, keys in ``JSONObject`` order: the byte-exact side of the codec.

/// Serializes ``JSONValue``s compactly (no spaces), escaping only what JSON requires: `"`, `\` and
/// control characters. `/` and non-ASCII characters are written as they are.
public enum JSONWriter {
    /// The compact UTF-8 encoding of `object`.
    public static func bytes(of object: JSONObject) -> [UInt8] {
        var out: [UInt8] = []
        write(object, into: &out)
        return out
    }

    /// The compact UTF-8 encoding of `value`.
    public static func bytes(of value: JSONValue) -> [UInt8] {
        var out: [UInt8] = []
        write(value, into: &out)
        return out
    }

    private static func write(_ value: JSONValue, into out: inout [UInt8]) {
        switch value {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let flag): out.append(contentsOf: (flag ? "true" : "false").utf8)
        case .int(let integer): out.append(contentsOf: String(integer).utf8)
        // `description` is the shortest text that parses back to the same Double; a non-finite Double
        // cannot come from the parser and has no JSON form, so it is written as `null`.
        case .double(let double): out.append(contentsOf: (double.isFinite ? double.description : "null").utf8)
        case .string(let string): write(string, into: &out)
        case .array(let elements):
            out.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                write(element, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let object): write(object, into: &out)
        }
    }

    private static func write(_ object: JSONObject, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "{"))
        for (index, member) in object.members.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            write(member.key, into: &out)
            out.append(UInt8(ascii: ":"))
            write(member.value, into: &out)
        }
        out.append(UInt8(ascii: "}"))
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    private static func write(_ string: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: [0x5C, 0x22])
            case UInt8(ascii: "\\"): out.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: out.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0D: out.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0x09: out.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case 0..<0x20:
                out.append(contentsOf: "\\u00".utf8)
                out.append(hexDigits[Int(byte >> 4)])
                out.append(hexDigits[Int(byte & 0x0F)])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
