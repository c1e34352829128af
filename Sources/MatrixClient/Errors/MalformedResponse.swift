/// A 2xx answer that is not what the endpoint promises: where, what was expected, and a redacted excerpt.

/// A 2xx answer that did not decode as the endpoint's response.
public struct MalformedResponse: Sendable, Equatable, CustomStringConvertible {
    /// Method and path of the request.
    public let endpoint: String
    /// What was expected and where it failed, e.g. `rooms.join.!r:hs.timeline.limited: expected true or false, found string`.
    public let expected: String
    /// The start of the body (at most 200 characters), secrets redacted.
    public let excerpt: String

    /// Creates a malformed-response error.
    public init(endpoint: String, expected: String, excerpt: String) {
        self.endpoint = endpoint
        self.expected = expected
        self.excerpt = excerpt
    }

    /// One line: where, what was expected, and what came.
    public var description: String {
        "\(endpoint): malformed response (\(expected)); body starts with: \(excerpt)"
    }
}
