/// Typed, validating access to a frame's fields for the message decoders of both links.

/// Reads the fields of one frame, turning every absence or mismatch into a ``MessageError`` that
/// names the field and carries the frame's request id (read first, when it is a valid id).
struct FrameFields {
    /// The frame's `type`, named in errors.
    let type: String
    /// The object read: the frame's, or an element nested in it.
    let object: JSONObject
    /// Prepended to field names in errors, e.g. `events[2].` for an element of `events`.
    let path: String
    /// The request id named in errors.
    let id: String?

    /// Fields of `frame`; the request id is taken from `id` when it is a string of 1...128 Unicode scalars.
    init(_ frame: Frame) {
        type = frame.type
        object = frame.object
        path = ""
        if case .string(let id)? = frame.object["id"], (1...128).contains(id.unicodeScalars.count) {
            self.id = id
        } else {
            id = nil
        }
    }

    private init(type: String, object: JSONObject, path: String, id: String?) {
        self.type = type
        self.object = object
        self.path = path
        self.id = id
    }

    func error(_ field: String?, _ problem: MessageError.Problem) -> MessageError {
        MessageError(type: type, field: field.map { path + $0 }, problem: problem, id: id)
    }

    /// The elements of the array of objects `key`, each readable with its path (`key[i].`) in errors.
    func objects(_ key: String) throws(MessageError) -> [FrameFields] {
        guard let value = value(key) else { throw error(key, .missing) }
        guard case .array(let elements) = value else {
            throw error(key, .wrongKind(expected: "an array of objects", found: value.kind))
        }
        var result: [FrameFields] = []
        for (index, element) in elements.enumerated() {
            guard case .object(let object) = element else {
                throw error("\(key)[\(index)]", .wrongKind(expected: "an object", found: element.kind))
            }
            result.append(FrameFields(type: type, object: object, path: "\(path)\(key)[\(index)].", id: id))
        }
        return result
    }

    /// The raw value; JSON `null` counts as absent.
    func value(_ key: String) -> JSONValue? {
        switch object[key] {
        case nil, .null?: nil
        case let value?: value
        }
    }

    func optionalString(_ key: String) throws(MessageError) -> String? {
        switch value(key) {
        case nil: return nil
        case .string(let string)?: return string
        case let other?: throw error(key, .wrongKind(expected: "a string", found: other.kind))
        }
    }

    func string(_ key: String) throws(MessageError) -> String {
        guard let string = try optionalString(key) else { throw error(key, .missing) }
        return string
    }

    /// A string of 1...`maxUTF8` bytes (Matrix identifiers are at most 255 bytes).
    func optionalIdentifier(_ key: String, maxUTF8: Int = 255) throws(MessageError) -> String? {
        guard let string = try optionalString(key) else { return nil }
        guard !string.isEmpty, string.utf8.count <= maxUTF8 else {
            throw error(key, .invalidValue(rule: "must be 1 to \(maxUTF8) bytes"))
        }
        return string
    }

    func identifier(_ key: String, maxUTF8: Int = 255) throws(MessageError) -> String {
        guard let string = try optionalIdentifier(key, maxUTF8: maxUTF8) else { throw error(key, .missing) }
        return string
    }

    /// The agent's idempotency key: 1 to 128 characters (PROTOCOL.md), counted as Unicode scalars,
    /// as Python's `len` and most languages count them.
    func optionalRequestID(_ key: String = "id") throws(MessageError) -> String? {
        guard let string = try optionalString(key) else { return nil }
        guard (1...128).contains(string.unicodeScalars.count) else {
            throw error(key, .invalidValue(rule: "must be 1 to 128 characters"))
        }
        return string
    }

    func requestID(_ key: String = "id") throws(MessageError) -> String {
        guard let string = try optionalRequestID(key) else { throw error(key, .missing) }
        return string
    }

    func nonEmptyString(_ key: String) throws(MessageError) -> String {
        let string = try string(key)
        guard !string.isEmpty else { throw error(key, .invalidValue(rule: "must not be empty")) }
        return string
    }

    func optionalInt(_ key: String, in range: ClosedRange<Int64> = Int64.min...Int64.max) throws(MessageError) -> Int64?
    {
        switch value(key) {
        case nil: return nil
        case .int(let integer)?:
            guard range.contains(integer) else { throw error(key, .invalidValue(rule: Self.rule(range))) }
            return integer
        case let other?: throw error(key, .wrongKind(expected: "an integer", found: other.kind))
        }
    }

    func int(_ key: String, in range: ClosedRange<Int64> = Int64.min...Int64.max) throws(MessageError) -> Int64 {
        guard let integer = try optionalInt(key, in: range) else { throw error(key, .missing) }
        return integer
    }

    private static func rule(_ range: ClosedRange<Int64>) -> String {
        switch (range.lowerBound, range.upperBound) {
        case (1, .max): "must be a positive integer"
        case (0, .max): "must be a non-negative integer"
        case let (low, high): "must be an integer from \(low) to \(high)"
        }
    }

    func optionalBool(_ key: String) throws(MessageError) -> Bool? {
        switch value(key) {
        case nil: return nil
        case .bool(let flag)?: return flag
        case let other?: throw error(key, .wrongKind(expected: "true or false", found: other.kind))
        }
    }

    func bool(_ key: String) throws(MessageError) -> Bool {
        guard let flag = try optionalBool(key) else { throw error(key, .missing) }
        return flag
    }

    func optionalStrings(_ key: String) throws(MessageError) -> [String]? {
        switch value(key) {
        case nil: return nil
        case .array(let elements)?:
            var strings: [String] = []
            for element in elements {
                guard case .string(let string) = element else {
                    throw error(key, .wrongKind(expected: "an array of strings", found: element.kind))
                }
                strings.append(string)
            }
            return strings
        case let other?: throw error(key, .wrongKind(expected: "an array of strings", found: other.kind))
        }
    }

    func strings(_ key: String) throws(MessageError) -> [String] {
        guard let strings = try optionalStrings(key) else { throw error(key, .missing) }
        return strings
    }

    /// A string field whose value must be one of `T`'s raw values.
    func optionalEnum<T: RawRepresentable & CaseIterable>(_ key: String, _: T.Type) throws(MessageError) -> T?
    where T.RawValue == String {
        guard let raw = try optionalString(key) else { return nil }
        guard let value = T(rawValue: raw) else {
            let allowed = T.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
            throw error(key, .invalidValue(rule: "must be one of \(allowed)"))
        }
        return value
    }

    func enumValue<T: RawRepresentable & CaseIterable>(_ key: String, _ type: T.Type) throws(MessageError) -> T
    where T.RawValue == String {
        guard let value = try optionalEnum(key, type) else { throw error(key, .missing) }
        return value
    }
}

extension JSONObject {
    /// Sets `key` to a string when `value` is not `nil` (optional fields are left out, not `null`).
    mutating func set(_ key: String, _ value: String?) { self[key] = value.map(JSONValue.string) }
    /// Sets `key` to an integer when `value` is not `nil`.
    mutating func set(_ key: String, _ value: Int64?) { self[key] = value.map(JSONValue.int) }
    /// Sets `key` to a boolean when `value` is not `nil`.
    mutating func set(_ key: String, _ value: Bool?) { self[key] = value.map(JSONValue.bool) }
    /// Sets `key` to an array of strings when `value` is not `nil`.
    mutating func set(_ key: String, _ value: [String]?) {
        self[key] = value.map { .array($0.map(JSONValue.string)) }
    }
}
