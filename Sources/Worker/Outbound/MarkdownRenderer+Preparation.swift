/// The markdown rewrites done before Ink reads it: line breaks, `<`, autolinks, CommonMark emphasis flanking.
import Shared

extension MarkdownRenderer {
    /// Stand-ins for `_` and `*` that must stay literal: HTML character references Ink passes through,
    /// turned back into the characters by ``restoringLiterals(_:)`` (HTML needs no escape for either).
    private static let literalUnderscore = "&#95;"
    private static let literalAsterisk = "&#42;"

    /// The markdown as Ink should read it. Outside fenced and indented code:
    /// - an ordinary paragraph line followed by another ends with a backslash (a CommonMark hard
    ///   break; Ink's quotes cannot take one, their lines join as in CommonMark);
    /// - outside backtick code spans, `<https://…>` becomes a link, any other `<` is written `&lt;`
    ///   (Ink would read an unclosed `<tag` as raw HTML up to the end of the document), and `_`/`*`
    ///   that cannot be emphasis under CommonMark become literal stand-ins.
    static func prepared(_ markdown: String) -> String {
        let lines = markdown.split(separator: "\n", omittingEmptySubsequences: false)
        var output: [String] = []
        output.reserveCapacity(lines.count)
        var inFence = false
        for (index, line) in lines.enumerated() {
            let trimmed = line.drop { $0 == " " }
            let isFence = trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~")
            if isFence { inFence.toggle() }
            guard !inFence, !isFence, !line.hasPrefix("    "), !line.hasPrefix("\t") else {
                output.append(String(line))
                continue
            }
            var prepared = preparingInlineText(line)
            if index + 1 < lines.count, !line.hasSuffix("\\"), !line.hasSuffix("  "),
                isOrdinaryText(line), isOrdinaryText(lines[index + 1])
            {
                prepared += "\\"
            }
            output.append(prepared)
        }
        return output.joined(separator: "\n")
    }

    /// `html` with the literal stand-ins turned back into `_` and `*`.
    static func restoringLiterals(_ html: String) -> String {
        guard html.includes("&#") else { return html }
        return html.replacingEvery(literalUnderscore, with: "_").replacingEvery(literalAsterisk, with: "*")
    }

    /// `text` with each autolink `<http://…>` or `<https://…>` (no space, `<` or `>` inside) written as the
    /// Markdown link `[url](url)`.
    static func linkingAutolinks(_ text: Substring) -> String {
        var result = ""
        var rest = text
        while let open = rest.firstIndex(of: "<") {
            result += rest[..<open]
            let candidate = rest[rest.index(after: open)...]
            let scheme = candidate.hasPrefix("https://") ? 8 : candidate.hasPrefix("http://") ? 7 : 0
            if scheme > 0, let close = candidate.firstIndex(where: { $0 == ">" || $0 == "<" || $0.isWhitespace }),
                candidate[close] == ">", candidate.distance(from: candidate.startIndex, to: close) > scheme
            {
                let url = candidate[..<close]
                result += "[\(url)](\(url))"
                rest = candidate[candidate.index(after: close)...]
            } else {
                result += "<"
                rest = candidate
            }
        }
        return result + rest
    }

    /// Whether `line` is paragraph text: not blank, not indented code, not the start of another block.
    private static func isOrdinaryText(_ line: Substring) -> Bool {
        let leadingSpaces = line.prefix { $0 == " " }.count
        guard leadingSpaces < 4, let first = line.dropFirst(leadingSpaces).first else { return false }
        return !(first.isNumber || "-*+#`~>|=\t".contains(first))
    }

    /// `line` with its text (not its backtick code spans; an unpaired backtick is text) prepared.
    private static func preparingInlineText(_ line: Substring) -> String {
        guard line.contains(where: { "<_*".contains($0) }) else { return String(line) }
        let segments = line.split(separator: "`", omittingEmptySubsequences: false)
        let pairedSpans = segments.count % 2 == 1
        var result = ""
        for (index, segment) in segments.enumerated() {
            if index > 0 { result += "`" }
            let isCode = index % 2 == 1 && (pairedSpans || index < segments.count - 1)
            result += isCode ? String(segment) : preparingText(segment)
        }
        return result
    }

    /// Autolinks, `<` and non-emphasis `_`/`*` of a stretch of text outside code.
    private static func preparingText(_ text: Substring) -> String {
        let linked = linkingAutolinks(text)
        var result = ""
        result.reserveCapacity(linked.utf8.count)
        let characters = Array(linked)
        for (index, character) in characters.enumerated() {
            let before = index > 0 ? characters[index - 1] : nil
            let after = index + 1 < characters.count ? characters[index + 1] : nil
            switch character {
            case "<":
                result += "&lt;"
            case "_" where isWordCharacter(before) && isWordCharacter(after):
                result += literalUnderscore
            case "_", "*":
                let spaced = (before?.isWhitespace ?? true) && (after?.isWhitespace ?? true)
                result += spaced ? (character == "_" ? literalUnderscore : literalAsterisk) : String(character)
            default:
                result.append(character)
            }
        }
        return result
    }

    private static func isWordCharacter(_ character: Character?) -> Bool {
        character.map { $0.isLetter || $0.isNumber } ?? false
    }
}
