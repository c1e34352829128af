/// What Matrix identifiers (user, room, alias, event ids) share: validation, Codable as a string.

/// A validated Matrix identifier held as its string form.
public protocol MatrixIdentifier: Sendable, Hashable, Codable, CustomStringConvertible, LosslessStringConvertible {
    /// The identifier exactly as given (after validation).
    var rawValue: String { get }
    /// Validates `string`; throws an `IdentifierError` naming the rule it breaks.
    init(validating string: String) throws(IdentifierError)
}

extension MatrixIdentifier {
    /// The identifier, or nil if `description` is not a valid one.
    public init?(_ description: String) {
        guard let value = try? Self(validating: description) else { return nil }
        self = value
    }

    /// The identifier's string form.
    public var description: String { rawValue }

    /// Decodes from a JSON string, validating it.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let string = try container.decode(String.self)
        do {
            self = try Self(validating: string)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.description)
        }
    }

    /// Encodes as a JSON string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// Why a string is not a valid Matrix identifier.
public struct IdentifierError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What was expected, e.g. "user id".
    public var kind: String
    /// The rejected input.
    public var input: String
    /// The rule it breaks.
    public var reason: String
    /// An example of a valid identifier of this kind.
    public var example: String

    /// An error for `input`, which should have been a `kind` like `example`.
    public init(kind: String, input: String, reason: String, example: String) {
        self.kind = kind
        self.input = input
        self.reason = reason
        self.example = example
    }

    /// `"abc" is not a user id (it must start with "@"); write "@bot:matrix.org"`.
    public var description: String { "\"\(input)\" is not a \(kind) (\(reason)); write e.g. \"\(example)\"" }
}

/// Shared syntax checks of the Matrix identifier grammar (Matrix spec, appendices: identifiers).
enum IdentifierGrammar {
    /// The spec's maximum length of any identifier, in bytes of UTF-8.
    static let maxLength = 255

    /// Splits `sigil` + `localpart` + ":" + server name, checking each part; returns the localpart.
    static func split(_ s: String, sigil: Character, kind: String, example: String) throws(IdentifierError) -> (
        local: Substring, server: Substring
    ) {
        func fail(_ reason: String) -> IdentifierError {
            IdentifierError(kind: kind, input: s, reason: reason, example: example)
        }
        guard s.first == sigil else { throw fail("it must start with \"\(sigil)\"") }
        guard s.utf8.count <= maxLength else { throw fail("it is longer than \(maxLength) bytes") }
        guard let colon = s.firstIndex(of: ":") else { throw fail("it has no \":server\" part") }
        let local = s[s.index(after: s.startIndex)..<colon]
        let server = s[s.index(after: colon)...]
        guard !local.isEmpty else { throw fail("nothing between \"\(sigil)\" and \":\"") }
        if let reason = serverNameProblem(server) { throw fail(reason) }
        return (local, server)
    }

    /// Why `server` is not a server name (`host[:port]`: DNS name, IPv4 or [IPv6]), or nil if it is one.
    static func serverNameProblem(_ server: Substring) -> String? {
        guard !server.isEmpty else { return "the server name after \":\" is empty" }
        var host = server
        if server.first == "[" {
            guard let close = server.firstIndex(of: "]") else { return "the IPv6 address has no closing \"]\"" }
            let address = server[server.index(after: server.startIndex)..<close]
            guard !address.isEmpty, address.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else {
                return "\"\(address)\" is not an IPv6 address"
            }
            host = server[...close]
            let rest = server[server.index(after: close)...]
            return rest.isEmpty ? nil : portProblem(rest)
        }
        if let colon = server.lastIndex(of: ":") {
            host = server[..<colon]
            if let problem = portProblem(server[colon...]) { return problem }
        }
        guard !host.isEmpty, host.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == ".") })
        else {
            return
                "the server name \"\(server)\" may contain only letters, digits, \"-\" and \".\" (and an optional :port)"
        }
        return nil
    }

    private static func portProblem(_ rest: Substring) -> String? {
        let digits = rest.dropFirst()
        guard rest.first == ":", (1...5).contains(digits.count), digits.allSatisfy({ $0.isASCII && $0.isNumber }),
            let port = Int(digits), (1...65535).contains(port)
        else { return "\"\(rest)\" is not a valid :port (1...65535)" }
        return nil
    }

    /// Whether `c` is printable ASCII other than space (what historical localparts allow).
    static func isVisibleASCII(_ c: Character) -> Bool {
        guard let v = c.asciiValue else { return false }
        return v > 0x20 && v < 0x7F
    }
}
