/// Markdown → the `org.matrix.custom.html` `formatted_body` of an outgoing message (Ink, CommonMark-ish).
import Ink

/// Renders the agent's markdown as Matrix HTML.
///
/// Decisions (docs: Outbound):
/// - **Raw HTML is shown, not interpreted.** An agent's text that contains `<b>`, `<script>` or
///   `<a href=…>` did not mean to inject markup into the room: `<` outside code is escaped before
///   parsing, and anything Ink still reads as HTML is escaped, so it shows exactly as typed. Markdown
///   syntax is the only way to format (CommonMark autolinks `<https://…>` therefore stay text).
/// - **One paragraph needs no `<p>`.** A single-paragraph message is sent without the wrapping
///   `<p>…</p>`, as Element does, so that a short answer renders like a short answer.
/// - **No HTML when it changes nothing.** ``formattedBody(for:)`` returns nil when the HTML is just the
///   escaped plain text: the event then carries only `body`.
/// - **A leading `---` block is text.** Ink would read it as front-matter metadata and drop it; such a
///   message is sent as plain text (no `formatted_body`), so nothing the agent wrote disappears.
/// - **A newline is a line break.** Chat text means its newlines (Element sends them as `<br>` too):
///   between two lines of ordinary paragraph text a single newline becomes a hard break, where
///   CommonMark would join the lines with a space. Lists, headings, quotes, tables and code keep
///   their markdown meaning (``prepared(_:)``).
struct MarkdownRenderer: Sendable {
    /// The HTML for `markdown`, or nil when it would carry nothing beyond the plain text.
    func formattedBody(for markdown: String) -> String? {
        let rendered = parser().parse(Self.prepared(markdown))
        guard rendered.metadata.isEmpty else { return nil }
        let html = Self.unwrappingSingleParagraph(rendered.html)
        guard html != Self.escape(markdown), !html.isEmpty else { return nil }
        return html
    }

    /// A parser whose raw HTML comes out escaped. (Ink's modifiers are not `Sendable`: one per call.)
    private func parser() -> MarkdownParser {
        MarkdownParser(modifiers: [Modifier(target: .html) { input in Self.escape(String(input.markdown)) }])
    }

    /// `<p>text</p>` → `text` when the document is exactly one paragraph.
    static func unwrappingSingleParagraph(_ html: String) -> String {
        guard html.hasPrefix("<p>"), html.hasSuffix("</p>") else { return html }
        let inner = html.dropFirst(3).dropLast(4)
        guard !inner.contains("<p>"), !inner.contains("</p>") else { return html }
        return String(inner)
    }

    /// The markdown as Ink should read it: each ordinary paragraph line that is followed by another
    /// ends with a backslash (a CommonMark hard break), and `<` outside code is written `&lt;` (Ink
    /// would otherwise read an unclosed `<tag` as raw HTML up to the end of the document). Lines inside
    /// fenced or indented code, and lines that start another block (list item, heading, quote, table,
    /// a fence), keep their line breaks.
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
            var prepared = escapingAnglesOutsideCodeSpans(line)
            if index + 1 < lines.count, isOrdinaryText(line), isOrdinaryText(lines[index + 1]),
                !line.hasSuffix("\\"), !line.hasSuffix("  ")
            {
                prepared += "\\"
            }
            output.append(prepared)
        }
        return output.joined(separator: "\n")
    }

    /// `line` with `<` written `&lt;` except inside backtick code spans (an unpaired backtick is text).
    private static func escapingAnglesOutsideCodeSpans(_ line: Substring) -> String {
        guard line.contains("<") else { return String(line) }
        let segments = line.split(separator: "`", omittingEmptySubsequences: false)
        let pairedSpans = segments.count % 2 == 1
        var result = ""
        for (index, segment) in segments.enumerated() {
            if index > 0 { result += "`" }
            let isCode = index % 2 == 1 && (pairedSpans || index < segments.count - 1)
            result += isCode ? String(segment) : String(segment).replacing("<", with: "&lt;")
        }
        return result
    }

    /// Whether `line` is paragraph text: not blank, not indented code, not the start of another block.
    private static func isOrdinaryText(_ line: Substring) -> Bool {
        let leadingSpaces = line.prefix { $0 == " " }.count
        guard leadingSpaces < 4, let first = line.dropFirst(leadingSpaces).first else { return false }
        return !(first.isNumber || "-*+#`~>|=\t".contains(first))
    }

    /// `text`, `<` and `>` escaped for HTML text (Ink leaves quotes in text as they are).
    static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
