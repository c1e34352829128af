/// The JSON data model of both framed links: what a frame's payload decodes to and encodes from.

/// A JSON value as the frame codec parses and writes it.
///
/// Integers written without a fraction or exponent that fit in 64 bits are ``int(_:)``; every other
/// number is ``double(_:)``. That keeps `seq`, row ids and millisecond counts exact, and makes
/// `true` and `1` different values (unlike `NSNumber`).
public indirect enum JSONValue: Sendable, Equatable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// An integer literal that fits in `Int64`.
    case int(Int64)
    /// Any other (finite) number.
    case double(Double)
    /// A string.
    case string(String)
    /// An array.
    case array([JSONValue])
    /// An object; see ``JSONObject``.
    case object(JSONObject)

    /// The kind of this value, for error messages (``JSONKind``).
    public var kind: JSONKind {
        switch self {
        case .null: .null
        case .bool: .bool
        case .int, .double: .number
        case .string: .string
        case .array: .array
        case .object: .object
        }
    }
}

/// The kind of a JSON value, named in errors such as "`seq` must be an integer, found string".
public enum JSONKind: String, Sendable, Equatable, CustomStringConvertible {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool
    /// A number.
    case number
    /// A string.
    case string
    /// An array.
    case array
    /// An object.
    case object

    /// The kind's name as used in error messages.
    public var description: String { rawValue }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByFloatLiteral, ExpressibleByArrayLiteral, ExpressibleByNilLiteral
{
    /// A string literal is a ``string(_:)``.
    public init(stringLiteral value: String) { self = .string(value) }
    /// An integer literal is an ``int(_:)``.
    public init(integerLiteral value: Int64) { self = .int(value) }
    /// A boolean literal is a ``bool(_:)``.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    /// A float literal is a ``double(_:)``.
    public init(floatLiteral value: Double) { self = .double(value) }
    /// An array literal is an ``array(_:)``.
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    /// `nil` is ``null``.
    public init(nilLiteral: ()) { self = .null }
}
