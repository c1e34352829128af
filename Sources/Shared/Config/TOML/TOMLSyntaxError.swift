/// The error a TOML document with a syntax mistake produces: where, what is wrong, what was expected.

/// A TOML syntax error (or a spec violation such as a duplicate key) at a precise place.
public struct TOMLSyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Where the problem is.
    public var location: SourceLocation
    /// What is wrong, e.g. `found "," after the last element of an inline table`.
    public var problem: String
    /// What would be valid here / what to write instead.
    public var expected: String

    /// A syntax error at `location`.
    public init(location: SourceLocation, problem: String, expected: String) {
        self.location = location
        self.problem = problem
        self.expected = expected
    }

    /// `FILE:LINE:COLUMN: PROBLEM; EXPECTED`.
    public var description: String { "\(location): \(problem); \(expected)" }
}
