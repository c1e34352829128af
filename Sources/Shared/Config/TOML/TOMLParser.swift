/// Our own TOML 1.0 parser: it keeps the line and column of every key and value.
///
/// Why not TOMLKit (the library ARCHITECTURE.md suggests): TOMLKit 0.6.0 exposes source positions
/// only for syntax errors, and its decoder reports a value of the wrong type as "key not found".
/// With it we could not say `FILE:LINE:COLUMN` for a wrong type or an unknown key, which is the
/// whole point of the config diagnostics. This parser implements all of TOML 1.0 (comments, bare,
/// quoted and dotted keys, tables, arrays of tables, inline tables, all string forms and escapes,
/// integers in four bases, floats, booleans, the four date/time types) and enforces the spec's
/// rules on duplicate keys and redefined tables. Nesting is capped (`maxDepth`) so hostile input
/// cannot exhaust the stack.

/// Parses TOML 1.0 text into a `TOMLTable` whose every node knows where it was written.
public struct TOMLParser {
    /// The default cap on nesting (arrays, inline tables and key parts together).
    public static let defaultMaxDepth = 64

    let scalars: [Unicode.Scalar]
    let file: String
    let maxDepth: Int
    var index = 0
    private let lineStarts: [Int]

    /// Parses `text`, naming `file` in every location; throws the first syntax error.
    public static func parse(_ text: String, file: String, maxDepth: Int = defaultMaxDepth) throws(TOMLSyntaxError)
        -> TOMLTable
    {
        var parser = TOMLParser(text: text, file: file, maxDepth: maxDepth)
        return try parser.parseDocument()
    }

    private init(text: String, file: String, maxDepth: Int) {
        var scalars = Array(text.unicodeScalars)
        if scalars.first == "\u{FEFF}" { scalars.removeFirst() }
        self.scalars = scalars
        self.file = file
        self.maxDepth = maxDepth
        var starts = [0]
        for (i, s) in scalars.enumerated() where s == "\n" { starts.append(i + 1) }
        self.lineStarts = starts
    }

    // MARK: Positions and errors

    /// The location of scalar index `i`.
    func location(_ i: Int) -> SourceLocation {
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= i { low = mid } else { high = mid - 1 }
        }
        return SourceLocation(file: file, line: low + 1, column: i - lineStarts[low] + 1)
    }

    func error(at i: Int, _ problem: String, expected: String) -> TOMLSyntaxError {
        TOMLSyntaxError(location: location(i), problem: problem, expected: expected)
    }

    /// How the scalar at `i` is shown in a message: `end of file`, `end of line`, or `"x"`.
    func shown(_ i: Int) -> String {
        guard i < scalars.count else { return "end of file" }
        let s = scalars[i]
        if s == "\n" || s == "\r" { return "end of line" }
        if s.value < 0x20 || s.value == 0x7F {
            return "control character U+\(String(s.value, radix: 16, uppercase: true))"
        }
        return "\"\(Character(s))\""
    }

    func peek(_ offset: Int = 0) -> Unicode.Scalar? {
        let i = index + offset
        return i < scalars.count ? scalars[i] : nil
    }

    func text(_ range: Range<Int>) -> String {
        var s = ""
        s.unicodeScalars.append(contentsOf: scalars[range])
        return s
    }

    static func isControl(_ s: Unicode.Scalar) -> Bool {
        (s.value < 0x20 && s != "\t") || s.value == 0x7F
    }

    // MARK: Whitespace, comments, line ends

    mutating func skipWhitespace() {
        while let c = peek(), c == " " || c == "\t" { index += 1 }
    }

    mutating func skipComment() throws(TOMLSyntaxError) {
        guard peek() == "#" else { return }
        while let c = peek(), c != "\n" {
            if c == "\r", peek(1) == "\n" { return }
            if Self.isControl(c) {
                throw error(at: index, "\(shown(index)) is not allowed in a comment", expected: "remove it")
            }
            index += 1
        }
    }

    /// Consumes a newline (`\n` or `\r\n`) if there is one.
    mutating func skipNewline() throws(TOMLSyntaxError) -> Bool {
        if peek() == "\n" { index += 1; return true }
        if peek() == "\r" {
            guard peek(1) == "\n" else {
                throw error(
                    at: index, "a carriage return must be followed by a line feed",
                    expected: "use \\n or \\r\\n line endings")
            }
            index += 2
            return true
        }
        return false
    }

    /// After a key/value pair or a header: optional whitespace and comment, then a newline or the end.
    mutating func expectLineEnd(after what: String) throws(TOMLSyntaxError) {
        skipWhitespace()
        try skipComment()
        if index >= scalars.count { return }
        if try skipNewline() { return }
        throw error(
            at: index, "found \(shown(index)) after \(what)",
            expected: "expected a newline or a # comment; put each key = value on its own line")
    }

    /// Whitespace, newlines and comments between array elements.
    mutating func skipBlank() throws(TOMLSyntaxError) {
        while true {
            skipWhitespace()
            try skipComment()
            if !(try skipNewline()) { return }
        }
    }

    // MARK: Document

    private mutating func parseDocument() throws(TOMLSyntaxError) -> TOMLTable {
        let root = TOMLTableBuilder(origin: .header, location: SourceLocation(file: file, line: 1, column: 1), path: [])
        var current = root
        while index < scalars.count {
            skipWhitespace()
            try skipComment()
            if index >= scalars.count { break }
            if try skipNewline() { continue }
            if peek() == "[" {
                let start = index
                let isArray = peek(1) == "["
                index += isArray ? 2 : 1
                let key = try parseKey(depth: 0)
                skipWhitespace()
                let close = isArray ? "]]" : "]"
                guard peek() == "]", !isArray || peek(1) == "]" else {
                    throw error(
                        at: index, "found \(shown(index)) in a table header",
                        expected: "expected \"\(close)\" to close the header")
                }
                index += isArray ? 2 : 1
                current = try root.openHeader(key: key, at: location(start), arrayOfTables: isArray)
                try expectLineEnd(after: "the table header")
            } else {
                try parseKeyValue(into: current, depth: current.path.count)
                try expectLineEnd(after: "the value")
            }
        }
        return root.freeze()
    }

    // MARK: Values

    mutating func parseValue(depth: Int) throws(TOMLSyntaxError) -> TOMLNode {
        let start = index
        if depth > maxDepth {
            throw error(at: start, "nesting is deeper than \(maxDepth) levels", expected: "flatten the structure")
        }
        let value: TOMLValue
        switch peek() {
        case "\"":
            value = .string(
                peek(1) == "\"" && peek(2) == "\"" ? try parseMultilineBasicString() : try parseBasicString())
        case "'":
            value = .string(
                peek(1) == "'" && peek(2) == "'" ? try parseMultilineLiteralString() : try parseLiteralString())
        case "[":
            value = try parseArray(depth: depth + 1)
        case "{":
            value = try parseInlineTable(depth: depth + 1)
        case "t" where matches("true"):
            index += 4
            value = .boolean(true)
        case "f" where matches("false"):
            index += 5
            value = .boolean(false)
        case let c? where c == "+" || c == "-" || c == "i" || c == "n" || ("0"..."9").contains(c):
            value = try parseNumberOrDate()
        default:
            throw unexpectedValue(at: start)
        }
        return TOMLNode(value: value, location: location(start))
    }

    func matches(_ word: String) -> Bool {
        for (offset, s) in word.unicodeScalars.enumerated() where peek(offset) != s { return false }
        return true
    }

    /// The error for something that is not a value; a bare word gets the advice to quote it.
    func unexpectedValue(at start: Int) -> TOMLSyntaxError {
        var end = start
        while end < scalars.count, !" \t\r\n#,]}".unicodeScalars.contains(scalars[end]) { end += 1 }
        guard end > start,
            TOMLString.isBareKeyScalar(scalars[start]) || "@!$~./".unicodeScalars.contains(scalars[start])
        else {
            return error(
                at: start, "found \(shown(start)) where a value should be",
                expected:
                    "expected a value: a \"string\", a number, true/false, a date, an [array] or an {inline table}")
        }
        let word = text(start..<end)
        return error(
            at: start, "found the bare word \(word) where a value should be",
            expected: "strings must be quoted: write \(TOMLString.quoted(word))")
    }
}
