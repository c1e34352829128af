/// Splits a text too large for one Matrix event into parts at paragraph, line, then character boundaries.

/// Cuts text into parts whose JSON-escaped size stays within a byte budget.
///
/// A part ends at the last paragraph break (`\n\n`) that fits, else at the last line break, else at
/// the last whole character (grapheme cluster: an emoji ZWJ sequence or a letter with its combining
/// marks is never cut). The line breaks at a cut are dropped (they separate events now); everything
/// else is kept, in order.
struct MessageSplitter: Sendable {
    /// The most bytes one part may take as a JSON string (without its quotes).
    let budget: Int

    /// The parts of `text`, in order; `[text]` when it fits. A single character larger than the budget
    /// still makes a part of its own (the homeserver will then refuse it, which is reported).
    func split(_ text: String) -> [String] {
        var parts: [String] = []
        var rest = Substring(text)
        while Self.jsonCost(of: rest) > budget {
            let window = rest[..<prefixEnd(of: rest)]
            let (cut, next) = Self.boundary(in: window, of: rest)
            parts.append(String(rest[..<cut]))
            rest = rest[next...]
            while rest.first == "\n" { rest.removeFirst() }
        }
        if !rest.isEmpty || parts.isEmpty { parts.append(String(rest)) }
        return parts
    }

    /// The end of the longest prefix of `text` within the budget (at least one character).
    private func prefixEnd(of text: Substring) -> Substring.Index {
        var cost = 0
        var end = text.startIndex
        for index in text.indices {
            cost += Self.jsonCost(of: text[index])
            if cost > budget { break }
            end = text.index(after: index)
        }
        return end == text.startIndex ? text.index(after: end) : end
    }

    /// Where to cut `window` (a prefix of `text`): before its last paragraph break, else its last line
    /// break, else at its end; and where the next part starts.
    private static func boundary(in window: Substring, of text: Substring) -> (
        cut: Substring.Index, next: Substring.Index
    ) {
        var lastLineBreak: Substring.Index?
        var index = window.endIndex
        while index > window.startIndex {
            index = window.index(before: index)
            guard window[index] == "\n", index > window.startIndex else { continue }
            let before = window.index(before: index)
            if window[before] == "\n", before > window.startIndex { return (before, text.index(after: index)) }
            if lastLineBreak == nil { lastLineBreak = index }
        }
        if let lastLineBreak { return (lastLineBreak, text.index(after: lastLineBreak)) }
        return (window.endIndex, window.endIndex)
    }

    /// The bytes `text` takes inside a JSON string: UTF-8, with `"`, `\` and control characters escaped,
    /// and `/` counted as `\/` (Foundation's `JSONEncoder` writes it so; canonical JSON would not).
    static func jsonCost(of text: some StringProtocol) -> Int {
        text.unicodeScalars.reduce(0) { $0 + jsonCost(of: $1) }
    }

    /// The bytes one character takes inside a JSON string.
    static func jsonCost(of character: Character) -> Int {
        character.unicodeScalars.reduce(0) { $0 + jsonCost(of: $1) }
    }

    private static func jsonCost(of scalar: Unicode.Scalar) -> Int {
        switch scalar.value {
        case 0x22, 0x2F, 0x5C, 0x08, 0x09, 0x0A, 0x0C, 0x0D: return 2
        case 0..<0x20: return 6
        default: return UTF8.width(scalar)
        }
    }
}
