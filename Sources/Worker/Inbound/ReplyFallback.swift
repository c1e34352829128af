/// Removes the rich-reply fallback (spec: "Rich replies") from a reply's body and formatted body.
import Foundation

/// The spec's reply fallback: `> <@user> quoted` lines then a blank line in `body`, and an
/// `<mx-reply>…</mx-reply>` block at the start of `formatted_body`.
enum ReplyFallback {
    /// `body` without the leading `> ` quote lines and the blank line after them; unchanged without a fallback.
    static func strippingPlain(_ body: String) -> String {
        var lines = body.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.first?.hasPrefix(">") == true else { return body }
        while let first = lines.first, first.hasPrefix(">") { lines.removeFirst() }
        if lines.first?.isEmpty == true { lines.removeFirst() }
        return lines.joined(separator: "\n")
    }

    /// `formatted` without its `<mx-reply>…</mx-reply>` block; unchanged without one.
    static func strippingHTML(_ formatted: String) -> String {
        guard let open = formatted.range(of: "<mx-reply>"),
            let close = formatted.range(of: "</mx-reply>", range: open.upperBound..<formatted.endIndex)
        else { return formatted }
        return String(formatted[..<open.lowerBound] + formatted[close.upperBound...])
    }
}
