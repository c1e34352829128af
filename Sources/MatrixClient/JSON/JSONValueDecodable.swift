/// Responses that decode themselves from the `Shared` parser's `JSONValue`, by hand, without Codable.
public import Shared

/// A response that decodes itself from a parsed JSON document; ``MatrixHTTPClient`` prefers this to
/// `Decodable` for the types that have both (the sync long poll and `/messages`, the worker's hot path).
public protocol JSONValueDecodable {
    /// Decodes from a parsed document; throws ``JSONShapeError`` naming the member that does not fit.
    init(json: JSONValue) throws(JSONShapeError)
}

extension JSONValueDecodable {
    /// Parses a response body (strict UTF-8 JSON, nesting up to ``MatrixJSONLimits/maxDepth``) and decodes it.
    ///
    /// Throws `JSONSyntaxError` when the body is not JSON and ``JSONShapeError`` when it does not fit.
    public init(jsonBody body: some Collection<UInt8>) throws {
        try self.init(json: JSONValue(parsing: body, maxDepth: MatrixJSONLimits.maxDepth))
    }
}

/// Limits of the JSON parser on Matrix responses.
public enum MatrixJSONLimits {
    /// The deepest nesting of arrays and objects in a response: `JSONDecoder`'s limit, since events nest
    /// as deep as their sender wants and one deep event must not make a whole sync undecodable.
    public static let maxDepth = 512
}

/// A parsed JSON document of the wrong shape: where, what was expected there, and what was found.
public struct JSONShapeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A step from a value to one inside it.
    enum Step: Sendable, Equatable {
        case member(String)
        case index(Int)
    }

    /// From the top level down to the offending value (steps are prepended while the error unwinds).
    private(set) var steps: [Step]
    /// What the value should be, e.g. `a string` or `true or false`.
    public let expected: String
    /// What the value is; nil when a required member is missing.
    public let found: JSONKind?

    /// An error about the value being decoded (`found`: nil for a missing member); the decoders of the
    /// enclosing values add where it is as the error passes through them.
    public init(expected: String, found: JSONKind?) {
        steps = []
        self.expected = expected
        self.found = found
    }

    /// Where the value is, e.g. `rooms.join.!r:hs.timeline.events[3]`, or `(top level)`.
    public var path: String {
        if steps.isEmpty { return "(top level)" }
        var path = ""
        for step in steps {
            switch step {
            case .member(let key): path += path.isEmpty ? key : "." + key
            case .index(let index): path += "[\(index)]"
            }
        }
        return path
    }

    /// One line: `path: expected …, found …` or `path: required member missing`.
    public var description: String {
        guard let found else { return "\(path): required member missing" }
        return "\(path): expected \(expected), found \(found)"
    }

    /// The same error one step further down from an enclosing value.
    func inside(_ step: Step) -> JSONShapeError {
        var error = self
        error.steps.insert(step, at: 0)
        return error
    }
}

// MARK: - Reading values

/// A value read from a parsed document as `Decodable` read it from `JSONDecoder`; the building block of
/// the ``JSONValueDecodable`` initializers (responses conform to both, with one `init(json:)`).
protocol JSONReadable {
    /// Reads the value; throws ``JSONShapeError`` naming the member that does not fit.
    init(json: JSONValue) throws(JSONShapeError)
}

extension String: JSONReadable {
    /// A string.
    init(json: JSONValue) throws(JSONShapeError) {
        guard case .string(let value) = json else { throw JSONShapeError(expected: "a string", found: json.kind) }
        self = value
    }
}

extension Bool: JSONReadable {
    /// `true` or `false`.
    init(json: JSONValue) throws(JSONShapeError) {
        guard case .bool(let value) = json else { throw JSONShapeError(expected: "true or false", found: json.kind) }
        self = value
    }
}

extension Int: JSONReadable {
    /// A number with an exact `Int` value (`JSONDecoder` took `50.0` too).
    init(json: JSONValue) throws(JSONShapeError) {
        switch json {
        case .int(let value):
            if let integer = Int(exactly: value) {
                self = integer
                return
            }
        case .double(let value):
            if let integer = Int(exactly: value) {
                self = integer
                return
            }
        default:
            break
        }
        throw JSONShapeError(expected: "an integer", found: json.kind)
    }
}

extension Array: JSONReadable where Element: JSONReadable {
    /// An array whose elements all read as `Element`; an error names the element's index.
    init(json: JSONValue) throws(JSONShapeError) {
        guard case .array(let elements) = json else { throw JSONShapeError(expected: "an array", found: json.kind) }
        self = []
        reserveCapacity(elements.count)
        for (index, element) in elements.enumerated() {
            do { append(try Element(json: element)) } catch { throw error.inside(.index(index)) }
        }
    }
}

extension Dictionary: JSONReadable where Key == String, Value: JSONReadable {
    /// An object whose members all read as `Value`; an error names the member.
    init(json: JSONValue) throws(JSONShapeError) {
        let members = try json.object().dictionary
        self = [:]
        reserveCapacity(members.count)
        for (key, value) in members {
            do { self[key] = try Value(json: value) } catch { throw error.inside(.member(key)) }
        }
    }
}

/// An array of events kept raw: any elements, none of which can fail (their typed views fail one by one).
struct EventArray: JSONReadable {
    let events: [MatrixEvent]

    init(json: JSONValue) throws(JSONShapeError) {
        guard case .array(let elements) = json else { throw JSONShapeError(expected: "an array", found: json.kind) }
        events = elements.map { MatrixEvent(json: MatrixJSON($0)) }
    }
}

extension EventList: JSONReadable {
    /// `{"events": [...]}`; absent `events` is empty.
    init(json: JSONValue) throws(JSONShapeError) {
        events = try json.object().optional("events", as: EventArray.self)?.events ?? []
    }
}

extension JSONValue {
    /// The members, when this is an object.
    func object() throws(JSONShapeError) -> JSONObject {
        guard case .object(let members) = self else { throw JSONShapeError(expected: "an object", found: kind) }
        return members
    }
}

extension JSONObject {
    /// The member `key` as `decode(_:forKey:)` read it: missing is an error, and so is `null` unless
    /// `T` takes it.
    func required<T: JSONReadable>(_ key: String, as type: T.Type = T.self) throws(JSONShapeError) -> T {
        guard let value = self[key] else {
            throw JSONShapeError(expected: "a value", found: nil).inside(.member(key))
        }
        do { return try T(json: value) } catch { throw error.inside(.member(key)) }
    }

    /// The member `key` as `decodeIfPresent(_:forKey:)` read it: nil when missing or `null`.
    func optional<T: JSONReadable>(_ key: String, as type: T.Type = T.self) throws(JSONShapeError) -> T? {
        guard let value = self[key] else { return nil }
        if case .null = value { return nil }
        do { return try T(json: value) } catch { throw error.inside(.member(key)) }
    }

    /// The events of an optional array member; empty when the member is missing or `null`.
    func eventArray(_ key: String) throws(JSONShapeError) -> [MatrixEvent] {
        try optional(key, as: EventArray.self)?.events ?? []
    }

    /// The events of an optional `{"events": [...]}` member; empty when the member is missing or `null`.
    func eventList(_ key: String) throws(JSONShapeError) -> [MatrixEvent] {
        try optional(key, as: EventList.self)?.events ?? []
    }
}
