/// Writing strings and keys back as TOML text (for the effective-config rendering and messages).

/// TOML spellings of strings and keys.
public enum TOMLString {
    /// `text` as a TOML basic string, with quotes, backslashes and control characters escaped.
    public static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                let hex = String(scalar.value, radix: 16, uppercase: true)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// Whether `scalar` may appear in a bare key (`A-Za-z0-9_-`).
    static func isBareKeyScalar(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "A"..."Z", "a"..."z", "0"..."9", "_", "-": true
        default: false
        }
    }

    /// One key part, bare when it can be, quoted otherwise.
    public static func key(_ part: String) -> String {
        !part.isEmpty && part.unicodeScalars.allSatisfy(isBareKeyScalar) ? part : quoted(part)
    }

    /// A dotted key path, e.g. `channels_config.matrix.room_id`.
    public static func keyPath(_ parts: [String]) -> String {
        parts.map(key).joined(separator: ".")
    }
}
