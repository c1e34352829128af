/// The four TOML string forms: "basic", 'literal', """multi-line basic""" and '''multi-line literal'''.

extension TOMLParser {
    /// `"..."` with escapes; must end on the same line.
    mutating func parseBasicString() throws(TOMLSyntaxError) -> String {
        let open = index
        index += 1
        var out = ""
        while true {
            guard let c = peek(), c != "\n", c != "\r" else {
                throw error(
                    at: open, "this string is not closed before the \(shown(index))",
                    expected: "add the closing \" (use \"\"\"...\"\"\" for a multi-line string)")
            }
            switch c {
            case "\"":
                index += 1
                return out
            case "\\":
                out.unicodeScalars.append(try parseEscape())
            case _ where Self.isControl(c):
                throw error(
                    at: index, "\(shown(index)) is not allowed in a string",
                    expected: "write it as an escape such as \\t or \\u0007")
            default:
                out.unicodeScalars.append(c)
                index += 1
            }
        }
    }

    /// `'...'` taken literally; must end on the same line.
    mutating func parseLiteralString() throws(TOMLSyntaxError) -> String {
        let open = index
        index += 1
        let start = index
        while true {
            guard let c = peek(), c != "\n", c != "\r" else {
                throw error(
                    at: open, "this string is not closed before the \(shown(index))",
                    expected: "add the closing ' (use '''...''' for a multi-line string)")
            }
            if c == "'" {
                index += 1
                return text(start..<(index - 1))
            }
            if Self.isControl(c) {
                throw error(
                    at: index, "\(shown(index)) is not allowed in a literal string",
                    expected: "use a \"basic string\" with an escape instead")
            }
            index += 1
        }
    }

    /// `"""..."""`: a newline right after the opening is dropped; a `\` at the end of a line joins lines.
    mutating func parseMultilineBasicString() throws(TOMLSyntaxError) -> String {
        let open = index
        index += 3
        _ = try skipNewline()
        var out = ""
        while true {
            guard let c = peek() else {
                throw error(at: open, "this multi-line string is never closed", expected: "add the closing \"\"\"")
            }
            switch c {
            case "\"":
                if let end = try closeQuotes("\"", into: &out) { index = end; return out }
            case "\\":
                var j = index + 1
                while j < scalars.count, scalars[j] == " " || scalars[j] == "\t" { j += 1 }
                if j < scalars.count, scalars[j] == "\n" || scalars[j] == "\r" {
                    index = j
                    while true {
                        skipWhitespace()
                        if !(try skipNewline()) { break }
                    }
                } else {
                    out.unicodeScalars.append(try parseEscape())
                }
            case "\n", "\r":
                _ = try skipNewline()
                out += "\n"
            case _ where Self.isControl(c):
                throw error(
                    at: index, "\(shown(index)) is not allowed in a string",
                    expected: "write it as an escape such as \\u0007")
            default:
                out.unicodeScalars.append(c)
                index += 1
            }
        }
    }

    /// `'''...'''`: taken literally; a newline right after the opening is dropped.
    mutating func parseMultilineLiteralString() throws(TOMLSyntaxError) -> String {
        let open = index
        index += 3
        _ = try skipNewline()
        var out = ""
        while true {
            guard let c = peek() else {
                throw error(at: open, "this multi-line string is never closed", expected: "add the closing '''")
            }
            switch c {
            case "'":
                if let end = try closeQuotes("'", into: &out) { index = end; return out }
            case "\n", "\r":
                _ = try skipNewline()
                out += "\n"
            case _ where Self.isControl(c):
                throw error(
                    at: index, "\(shown(index)) is not allowed in a literal string",
                    expected: "use a \"\"\"basic string\"\"\" with an escape instead")
            default:
                out.unicodeScalars.append(c)
                index += 1
            }
        }
    }

    /// A run of quotes in a multi-line string: fewer than three are content; three to five close the
    /// string (the extra one or two are content). Returns the index after the string, or nil.
    private mutating func closeQuotes(_ quote: Unicode.Scalar, into out: inout String) throws(TOMLSyntaxError) -> Int? {
        var count = 0
        while peek(count) == quote { count += 1 }
        if count > 5 {
            throw error(
                at: index + 5, "too many quotes after the end of a multi-line string",
                expected: "escape the quotes that belong to the text")
        }
        out += String(repeating: Character(quote), count: count >= 3 ? count - 3 : count)
        if count >= 3 { return index + count }
        index += count
        return nil
    }

    /// A backslash escape: `\b \t \n \f \r \" \\ \uXXXX \UXXXXXXXX`.
    private mutating func parseEscape() throws(TOMLSyntaxError) -> Unicode.Scalar {
        let start = index
        index += 1
        guard let c = peek() else {
            throw error(at: start, "found end of file after \\", expected: "complete the escape")
        }
        index += 1
        switch c {
        case "b": return "\u{08}"
        case "t": return "\t"
        case "n": return "\n"
        case "f": return "\u{0C}"
        case "r": return "\r"
        case "\"": return "\""
        case "\\": return "\\"
        case "u", "U":
            let digits = c == "u" ? 4 : 8
            var value: UInt32 = 0
            for _ in 0..<digits {
                guard let h = peek(), let digit = UInt32(String(h), radix: 16) else {
                    throw error(
                        at: start, "\\\(c) must be followed by exactly \(digits) hex digits",
                        expected:
                            "write e.g. \(c == "u" ? "\\u00E9" : "\\U0001F600"); for a backslash write \\\\ or use a 'literal string'"
                    )
                }
                value = value &* 16 &+ digit
                index += 1
            }
            guard let scalar = Unicode.Scalar(value) else {
                throw error(
                    at: start, "\(text(start..<index)) is not a Unicode scalar value (a surrogate or above U+10FFFF)",
                    expected: "use a code point in U+0000...U+D7FF or U+E000...U+10FFFF")
            }
            return scalar
        default:
            throw error(
                at: start, "\\\(Character(c)) is not a valid escape",
                expected:
                    "valid escapes are \\b \\t \\n \\f \\r \\\" \\\\ \\uXXXX \\UXXXXXXXX; for a backslash write \\\\ or use a 'literal string'"
            )
        }
    }
}
