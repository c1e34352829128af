/// An arbitrary JSON value: events, event contents and signed key objects kept exactly as the server sent them.

/// Any JSON value. Integers stay integers (`origin_server_ts`, key counts, canonical JSON for signatures).
///
/// The Olm/Megolm target has its own `JSONValue`; this one exists so that MatrixClient does not depend
/// on MatrixCrypto. The two can be unified in `Shared` later.
public enum MatrixJSON: Sendable, Hashable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A number without fraction or exponent that fits in 64 bits.
    case int(Int64)
    /// Any other number.
    case double(Double)
    /// A string.
    case string(String)
    /// An array.
    case array([MatrixJSON])
    /// An object.
    case object([String: MatrixJSON])

    /// The member `key` of an object; nil for a missing key or a value that is not an object.
    public subscript(key: String) -> MatrixJSON? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    /// The string, if this is one.
    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The integer, if this is one (a double with an exact integer value counts too).
    public var intValue: Int64? {
        switch self {
        case .int(let value): return value
        case .double(let value): return Int64(exactly: value)
        default: return nil
        }
    }

    /// The boolean, if this is one.
    public var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    /// The members, if this is an object.
    public var objectValue: [String: MatrixJSON]? {
        if case .object(let members) = self { return members }
        return nil
    }

    /// The elements, if this is an array.
    public var arrayValue: [MatrixJSON]? {
        if case .array(let elements) = self { return elements }
        return nil
    }
}
