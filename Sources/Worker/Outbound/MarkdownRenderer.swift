/// Markdown → the `org.matrix.custom.html` `formatted_body` of an outgoing message (Ink, CommonMark-ish).
import Ink
import Shared

/// Renders the agent's markdown as Matrix HTML.
///
/// Decisions (docs: Outbound):
/// - **Raw HTML is shown, not interpreted.** An agent's text that contains `<b>`, `<script>` or
///   `<a href=…>` did not mean to inject markup into the room: `<` outside code is escaped before
///   parsing, and anything Ink still reads as HTML is escaped, so it shows exactly as typed. Markdown
///   syntax is the only way to format; CommonMark autolinks `<https://…>` become links.
/// - **CommonMark's emphasis rules where Ink is looser.** `snake_case_name` and `2 * 3 * 4` stay as
///   typed: an underscore between two letters or digits, and a `*` or `_` with spaces on both sides,
///   never open or close emphasis.
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
        let html = Self.restoringLiterals(Self.unwrappingSingleParagraph(rendered.html))
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
        guard !inner.includes("<p>"), !inner.includes("</p>") else { return html }
        return String(inner)
    }

    /// `text` with `&`, `<` and `>` escaped for HTML text (Ink leaves quotes in text as they are).
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
