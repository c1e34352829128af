/// A Matrix room id: `!opaque:server`, or `!opaque` with no server in room version 12.

/// A validated Matrix room id such as `!abc123:matrix.org`.
public struct RoomID: MatrixIdentifier {
    /// The id as given.
    public let rawValue: String

    /// Validates `!opaque:server`, or room version 12's `!` + 43 characters of unpadded URL-safe
    /// base64 (the create event's hash), which has no server part.
    public init(validating string: String) throws(IdentifierError) {
        let example = "!abc123:matrix.org"
        let body = string.dropFirst()
        if string.first == "!", !body.contains(":"), body.count == 43,
            body.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") })
        {
            rawValue = string
            return
        }
        let (local, _) = try IdentifierGrammar.split(string, sigil: "!", kind: "room id", example: example)
        guard local.allSatisfy(IdentifierGrammar.isVisibleASCII) else {
            throw IdentifierError(
                kind: "room id", input: string, reason: "the opaque part may contain only visible ASCII characters",
                example: example)
        }
        rawValue = string
    }
}
