/// Parsing a standalone JSON document into a ``JSONValue`` and reading members without pattern matching.

extension JSONValue {
    /// Parses one JSON document with the strict ``JSONParser``. Bytes that are not UTF-8 are an
    /// ``JSONSyntaxError/Problem/unexpectedByte(_:)`` at the offset of the first invalid sequence.
    /// `maxDepth` bounds the nesting of arrays and objects (see ``JSONParser/parse(_:maxDepth:)``).
    public init(parsing bytes: some Collection<UInt8>, maxDepth: Int = JSONParser.maxDepth) throws(JSONSyntaxError) {
        let bytes = Array(bytes)
        if let offset = UTF8Validation.firstInvalidOffset(in: bytes) {
            throw JSONSyntaxError(offset: offset, problem: .unexpectedByte(bytes[offset]))
        }
        self = try JSONParser.parse(bytes, maxDepth: maxDepth)
    }

    /// The member `key` of an object, or `nil` for a missing key or a non-object.
    public subscript(key: String) -> JSONValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    /// The string, if this is a string.
    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The members, if this is an object.
    public var objectValue: JSONObject? {
        if case .object(let members) = self { return members }
        return nil
    }
}
