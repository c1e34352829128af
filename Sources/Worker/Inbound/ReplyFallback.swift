/// Removes the rich-reply fallback (spec: "Rich replies") from a reply's body and formatted body.
import Foundation

/// The spec's reply fallback: `> <@user> quoted` lines then a blank line in `body`, and an
/// `<mx-reply>…</mx-reply>` block at the start of `formatted_body`.
enum ReplyFallback {
    /// `body` without the leading fallback: quote lines starting with `> <sender>`, then more `>` lines,
    /// then a blank line. Anything else (a reply that merely starts with a quote) is returned unchanged.
    static func strippingPlain(_ body: String) -> String {
        let lines = body.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.first?.hasPrefix("> <") == true,
            let blank = lines.firstIndex(where: { !$0.hasPrefix(">") }), lines[blank].isEmpty
        else { return body }
        return lines[(blank + 1)...].joined(separator: "\n")
    }

    /// `formatted` without its `<mx-reply>…</mx-reply>` block; unchanged without one.
    static func strippingHTML(_ formatted: String) -> String {
        guard let open = formatted.range(of: "<mx-reply>"),
            let close = formatted.range(of: "</mx-reply>", range: open.upperBound..<formatted.endIndex)
        else { return formatted }
        return String(formatted[..<open.lowerBound] + formatted[close.upperBound...])
    }
}
