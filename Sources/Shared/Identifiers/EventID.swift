/// A Matrix event id: `$opaque` (room versions 3+), or `$opaque:server` (versions 1 and 2).

/// A validated Matrix event id such as `$Rqnc-F-dvnEYJTyHq_iKxU2bZ1CI92-kuZq3a5lr5Zg`.
public struct EventID: MatrixIdentifier {
    /// The id as given.
    public let rawValue: String

    /// Validates `$` followed by visible ASCII (and, if it has one, a valid `:server`).
    public init(validating string: String) throws(IdentifierError) {
        let example = "$Rqnc-F-dvnEYJTyHq_iKxU2bZ1CI92-kuZq3a5lr5Zg"
        func fail(_ reason: String) -> IdentifierError {
            IdentifierError(kind: "event id", input: string, reason: reason, example: example)
        }
        guard string.first == "$" else { throw fail("it must start with \"$\"") }
        guard string.count > 1 else { throw fail("nothing follows \"$\"") }
        guard string.utf8.count <= IdentifierGrammar.maxLength else {
            throw fail("it is longer than \(IdentifierGrammar.maxLength) bytes")
        }
        guard string.dropFirst().allSatisfy(IdentifierGrammar.isVisibleASCII) else {
            throw fail("it may contain only visible ASCII characters")
        }
        if string.contains(":") {
            _ = try IdentifierGrammar.split(string, sigil: "$", kind: "event id", example: example)
        }
        rawValue = string
    }
}
