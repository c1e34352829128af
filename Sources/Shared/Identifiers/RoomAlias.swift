/// A Matrix room alias, `#alias:server`.

/// A validated Matrix room alias such as `#general:matrix.org`.
public struct RoomAlias: MatrixIdentifier {
    /// The alias as given.
    public let rawValue: String

    /// Validates `#alias:server`: a non-empty alias without whitespace or control characters.
    public init(validating string: String) throws(IdentifierError) {
        let example = "#general:matrix.org"
        let (local, _) = try IdentifierGrammar.split(string, sigil: "#", kind: "room alias", example: example)
        guard
            !local.contains(where: {
                $0.isWhitespace || $0.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }
            })
        else {
            throw IdentifierError(
                kind: "room alias", input: string, reason: "it contains whitespace or a control character",
                example: example)
        }
        rawValue = string
    }
}
