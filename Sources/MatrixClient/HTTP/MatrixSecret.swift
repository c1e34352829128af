/// A token or password that prints as `<redacted>` so it cannot leak through a log line or `print`.

/// A secret string: an access token, a refresh token or a password.
///
/// `description`, `debugDescription` and reflection show `<redacted>`; read ``value`` only where
/// the secret really goes (a request, the encrypted state store).
public struct MatrixSecret: Sendable, Hashable, Codable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    /// The secret itself.
    public let value: String

    /// Wraps `value`.
    public init(_ value: String) { self.value = value }

    /// Always `<redacted>`.
    public var description: String { "<redacted>" }
    /// Always `<redacted>`.
    public var debugDescription: String { "<redacted>" }
    /// No children, so `dump` shows nothing either.
    public var customMirror: Mirror { Mirror(self, children: [:]) }

    /// Decodes from a JSON string.
    public init(from decoder: any Decoder) throws {
        value = try decoder.singleValueContainer().decode(String.self)
    }

    /// Encodes as a JSON string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}
