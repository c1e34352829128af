/// Coding of `MatrixJSON`, and moving between it and typed Codable values.
public import Foundation

extension MatrixJSON: Codable {
    /// Decodes any JSON value; fails only when the input is not JSON at all.
    ///
    /// A decoder cannot be asked which kind of value comes next, so the kinds are tried in turn, most
    /// frequent in Matrix events first (strings, then objects, then integers): each failed try costs a
    /// thrown `DecodingError` with its coding path, which made this the worker's costliest decoding.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([String: MatrixJSON].self) {
            self = .object(value)
        } else if let value = try? container.decode(Int64.self) {
            self = .int(value)
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .double(value)
        } else {
            self = .array(try container.decode([MatrixJSON].self))
        }
    }

    /// Encodes the value as it is.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .int(let value): try container.encode(value)
        case .double(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }

    /// The JSON form of any Encodable value (e.g. an event content struct).
    public init(encoding value: some Encodable) throws {
        self = try JSONDecoder().decode(MatrixJSON.self, from: JSONEncoder().encode(value))
    }

    /// This value decoded as `type`; throws `DecodingError` when it does not fit.
    public func decode<T: Decodable>(as type: T.Type) throws -> T {
        try JSONDecoder().decode(type, from: JSONEncoder().encode(self))
    }

    /// Parses JSON text.
    public init(parsing data: Data) throws {
        self = try JSONDecoder().decode(MatrixJSON.self, from: data)
    }
}
