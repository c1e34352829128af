/// The values of a parsed TOML document, each carrying the place where it was written.

/// A TOML value. Arrays and tables hold `TOMLNode`s, so every nested value keeps its location too.
public enum TOMLValue: Sendable {
    /// A basic or literal string (single- or multi-line), escapes resolved.
    case string(String)
    /// A 64-bit integer (decimal, hex, octal or binary in the file).
    case integer(Int64)
    /// A float, including `inf` and `nan`.
    case float(Double)
    /// `true` or `false`.
    case boolean(Bool)
    /// An offset or local date-time, a local date or a local time, kept as written.
    case dateTime(TOMLDateTime)
    /// An array (static `[...]` or an array of tables `[[...]]`).
    case array([TOMLNode])
    /// A table (`[header]`, dotted keys or an inline `{...}`).
    case table(TOMLTable)

    /// The TOML name of this value's type, for messages ("found string, expected integer").
    public var typeName: String {
        switch self {
        case .string: "string"
        case .integer: "integer"
        case .float: "float"
        case .boolean: "boolean"
        case .dateTime(let d): d.kind.rawValue
        case .array: "array"
        case .table: "table"
        }
    }
}

/// A date and/or time value, validated and kept as its source text (RFC 3339 as TOML allows it).
public struct TOMLDateTime: Sendable, Hashable {
    /// Which of TOML's four date/time types this is.
    public enum Kind: String, Sendable, Hashable {
        /// `1979-05-27T07:32:00Z`, `1979-05-27 07:32:00-07:00`.
        case offsetDateTime = "offset date-time"
        /// `1979-05-27T07:32:00`.
        case localDateTime = "local date-time"
        /// `1979-05-27`.
        case localDate = "local date"
        /// `07:32:00.999`.
        case localTime = "local time"
    }

    /// The kind of date/time.
    public var kind: Kind
    /// The text as written in the file.
    public var text: String

    /// A date/time of `kind` written as `text`.
    public init(kind: Kind, text: String) {
        self.kind = kind
        self.text = text
    }
}

/// A value together with where it was written.
public struct TOMLNode: Sendable {
    /// The value.
    public var value: TOMLValue
    /// Where the value starts (for a table: its `[header]`, or the first key that created it).
    public var location: SourceLocation
    /// Where the key that names this value was written (nil for array elements).
    public var keyLocation: SourceLocation?

    /// A value written at `location`, named by a key at `keyLocation`.
    public init(value: TOMLValue, location: SourceLocation, keyLocation: SourceLocation? = nil) {
        self.value = value
        self.location = location
        self.keyLocation = keyLocation
    }
}

/// A TOML table: keys in the order they were first written, each with its node.
public struct TOMLTable: Sendable {
    /// The keys in the order they were first written.
    public private(set) var keys: [String] = []
    private var entries: [String: TOMLNode] = [:]
    /// Where the table was defined: its `[header]`, or the first key that created it.
    public var location: SourceLocation

    /// An empty table defined at `location`.
    public init(location: SourceLocation) {
        self.location = location
    }

    /// The node under `key`, if any.
    public subscript(key: String) -> TOMLNode? { entries[key] }

    /// The key/node pairs in the order the keys were first written.
    public var entriesInOrder: [(key: String, node: TOMLNode)] {
        keys.compactMap { key in entries[key].map { (key, $0) } }
    }

    /// Sets `key` to `node`, keeping the key's first position in the order.
    public mutating func set(_ key: String, _ node: TOMLNode) {
        if entries.updateValue(node, forKey: key) == nil { keys.append(key) }
    }
}
