/// The bot's access token: a secret that never prints itself.

/// The access token and where it came from. `description` is always redacted.
public struct AccessToken: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    /// Where the token was read from.
    public enum Source: Sendable, Hashable {
        /// `access_token` in the config.
        case inline
        /// The file named by `access_token_file` (its absolute path).
        case file(String)
    }

    /// The token itself. Never log or print it.
    public let value: String
    /// Where it came from.
    public let source: Source

    /// A token read from `source`.
    public init(value: String, source: Source) {
        self.value = value
        self.source = source
    }

    /// `<redacted: N chars>`.
    public var redacted: String { "<redacted: \(value.count) chars>" }
    /// Redacted.
    public var description: String { redacted }
    /// Redacted.
    public var debugDescription: String { redacted }
}
