/// Whether a message mentions the bot, for `mention_only`: `m.mentions`, the user id, a pill, or the display name.
import Foundation
import MatrixClient

/// Recognises mentions of one user. Generous on purpose (a bot should answer when addressed): the
/// intentional-mentions `m.mentions.user_ids`, the full user id in the body, a `matrix.to` pill to the
/// user in the HTML, or the display name as a word in the body (case-insensitive).
struct MentionDetector: Sendable {
    /// The bot's user id.
    let userID: String
    /// The bot's display name, when it has one.
    let displayName: String?

    /// Whether the message (`content` as sent, `body`/`formattedBody` after normalization) mentions the bot.
    func mentions(content: MatrixJSON, body: String, formattedBody: String?) -> Bool {
        if let ids = content["m.mentions"]?["user_ids"]?.arrayValue,
            ids.contains(where: { $0.stringValue == userID })
        {
            return true
        }
        if body.range(of: userID, options: .caseInsensitive) != nil { return true }
        if let formattedBody,
            formattedBody.contains("matrix.to/#/\(userID)")
                || formattedBody.contains(
                    "matrix.to/#/\(userID.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? userID)")
        {
            return true
        }
        guard let name = displayName?.trimmingCharacters(in: .whitespaces), !name.isEmpty else { return false }
        return containsWord(name, in: body)
    }

    /// `word` in `text`, case-insensitive, not inside a longer word.
    private func containsWord(_ word: String, in text: String) -> Bool {
        var searchRange = text.startIndex..<text.endIndex
        while let found = text.range(of: word, options: .caseInsensitive, range: searchRange) {
            let before = found.lowerBound == text.startIndex ? nil : text[text.index(before: found.lowerBound)]
            let after = found.upperBound == text.endIndex ? nil : text[found.upperBound]
            if !(before?.isLetter ?? false || before?.isNumber ?? false)
                && !(after?.isLetter ?? false || after?.isNumber ?? false)
            {
                return true
            }
            searchRange = found.upperBound..<text.endIndex
        }
        return false
    }
}
