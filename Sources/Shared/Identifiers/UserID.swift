/// A Matrix user id, `@localpart:server`.

/// A validated Matrix user id such as `@bot:matrix.org`.
public struct UserID: MatrixIdentifier {
    /// The id as given, e.g. `@bot:matrix.org`.
    public let rawValue: String

    /// Validates `@localpart:server`: a non-empty localpart of visible ASCII other than ":" (the
    /// spec's historical grammar, which still occurs), and a valid server name.
    public init(validating string: String) throws(IdentifierError) {
        let example = "@bot:matrix.org"
        let (local, _) = try IdentifierGrammar.split(string, sigil: "@", kind: "user id", example: example)
        guard local.allSatisfy(IdentifierGrammar.isVisibleASCII) else {
            throw IdentifierError(
                kind: "user id", input: string, reason: "the localpart may contain only visible ASCII characters",
                example: example)
        }
        rawValue = string
    }

    /// The part between `@` and the first `:`.
    public var localpart: Substring { rawValue.dropFirst().prefix { $0 != ":" } }

    /// The server name after the first `:`.
    public var serverName: Substring { rawValue.drop { $0 != ":" }.dropFirst() }

    /// Whether this is the same user as `other`, ignoring ASCII case (how allowed_users compares).
    public func matchesIgnoringCase(_ other: UserID) -> Bool {
        rawValue.lowercasedASCII == other.rawValue.lowercasedASCII
    }
}

extension String {
    /// The string with only A-Z lowered (Matrix ids compare case-insensitively in ASCII only).
    var lowercasedASCII: String {
        String(
            unicodeScalars.map {
                ("A"..."Z").contains($0) ? Character(Unicode.Scalar($0.value + 32) ?? $0) : Character($0)
            })
    }
}
