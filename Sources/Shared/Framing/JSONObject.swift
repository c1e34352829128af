/// A JSON object that remembers the order of its keys, so that encoded frames are byte-exact.

/// A JSON object: unique string keys, each with a ``JSONValue``.
///
/// Keys keep the order in which they were first set (or parsed), and the writer emits them in that
/// order, so `["type": "hello", "protocol": 1]` encodes as `{"type":"hello","protocol":1}`. Equality
/// ignores the order: two objects are equal when they have the same keys with equal values.
public struct JSONObject: Sendable, Equatable, ExpressibleByDictionaryLiteral {
    /// The keys in insertion order.
    public private(set) var keys: [String] = []
    private var values: [String: JSONValue] = [:]

    /// An empty object.
    public init() {}

    /// An object with these members, in this order; a repeated key keeps its last value at its first place.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        for (key, value) in elements { self[key] = value }
    }

    /// The number of members.
    public var count: Int { keys.count }

    /// The value of `key`, or `nil` when absent. Setting `nil` removes the key; setting a new key appends it.
    public subscript(key: String) -> JSONValue? {
        get { values[key] }
        set {
            switch (values[key], newValue) {
            case (nil, let value?):
                keys.append(key)
                values[key] = value
            case (_?, let value?):
                values[key] = value
            case (_?, nil):
                values[key] = nil
                keys.removeAll { $0 == key }
            case (nil, nil):
                break
            }
        }
    }

    /// The members as a dictionary, without their order (no copy: for lookups and `mapValues`).
    public var dictionary: [String: JSONValue] { values }

    /// The members in key order.
    public var members: [(key: String, value: JSONValue)] {
        keys.compactMap { key in values[key].map { (key, $0) } }
    }

    /// Equal when both have the same keys with equal values, whatever their order.
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool { lhs.values == rhs.values }
}
