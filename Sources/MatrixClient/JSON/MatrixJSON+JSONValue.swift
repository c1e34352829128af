/// Converting the `Shared` parser's `JSONValue` to `MatrixJSON`, number for number as `JSONDecoder` did.
public import Shared

extension MatrixJSON {
    /// The same value as a `MatrixJSON`.
    ///
    /// Numbers come out as `JSONDecoder` decoded them before (``init(from:)``): a number with an exact
    /// `Int64` value is ``int(_:)`` even when written `1.0` or `1e3`, every other number is ``double(_:)``.
    public init(_ value: JSONValue) {
        switch value {
        case .null: self = .null
        case .bool(let value): self = .bool(value)
        case .int(let value): self = .int(value)
        case .double(let value): self = Self.number(value)
        case .string(let value): self = .string(value)
        case .array(let elements): self = .array(elements.map { MatrixJSON($0) })
        case .object(let members): self = .object(members.dictionary.mapValues { MatrixJSON($0) })
        }
    }

    /// A parsed non-integer literal: ``int(_:)`` when `JSONDecoder` read it as one.
    ///
    /// `Int64.min` stays a double: the parser only produces it from a literal below `Int64.min` or one with
    /// a fraction or exponent, which `JSONDecoder` did not read as an integer either.
    static func number(_ value: Double) -> MatrixJSON {
        if let integer = Int64(exactly: value), integer != .min { return .int(integer) }
        return .double(value)
    }
}
